import { MigrateError } from '../errors.js';
import type { StagedRow } from '../store/store.js';
import { expectArray, expectInteger, expectRecord, optionalString } from './parse.js';
import type { Stream } from './stream.js';

/** Depth asked of the category tree; a node at the last level that still has children means it was too shallow. */
export const CATEGORY_TREE_LEVELS = 50;

/** The category tree, one row per category: the node without `children` (those are rows of their own). */
export const categoriesStream: Stream = {
  name: 'categories',
  entities: ['categories'],
  mainEntity: 'categories',
  initialCursor: () => ({ done: false }),

  async *pages(context, from) {
    if ((from as { done?: boolean }).done) return;
    const response = await context.client.request({
      family: 'catalog',
      endpoint: 'category-tree',
      path: `/api/catalog_system/pub/category/tree/${CATEGORY_TREE_LEVELS}`,
    });
    const rows = flattenTree(expectArray(response.body, 'the category tree'), null, 1);
    const limited = context.options.limit === undefined ? rows : rows.slice(0, context.options.limit);
    context.progress(limited.length, limited.length);
    yield {
      writes: [{ entity: 'categories', rows: limited }],
      cursor: { done: true },
      records: limited.length,
      // The tree carries no total to check against: the row records what was staged.
      reconciliation: [{ stream: 'categories', window: '*', expected: null, staged: limited.length }],
    };
  },

  async count() {
    return undefined;
  },
};

function flattenTree(nodes: unknown[], parentId: number | null, level: number): StagedRow[] {
  return nodes.flatMap((value) => {
    const node = expectRecord(value, 'a category');
    const { children, ...category } = node;
    const childNodes = children === undefined || children === null ? [] : expectArray(children, 'category children');
    if (level >= CATEGORY_TREE_LEVELS && node.hasChildren === true && childNodes.length === 0) {
      throw new MigrateError('SERVER_RESPONSE', `The category tree is deeper than ${CATEGORY_TREE_LEVELS} levels.`, {
        hint: 'Report this; CATEGORY_TREE_LEVELS must be raised to read the whole tree.',
      });
    }
    const id = expectInteger(category.id, 'category id');
    const row: StagedRow = { id, raw: JSON.stringify(category), name: optionalString(category.name), parent_id: parentId };
    return [row, ...flattenTree(childNodes, id, level + 1)];
  });
}
