import { maybeHostile, slug } from './hostile-text.js';
import { Rng } from './random.js';

/** One category of the generated tree. */
export interface CategoryNode {
  id: number;
  name: string;
  title: string;
  parentId: number | null;
  /** Path of ids from the department down, e.g. [1, 10]. */
  path: number[];
  url: string;
  children: CategoryNode[];
}

const DEPARTMENTS = ['Alimentação', 'Brinquedos', 'Eletrônicos', 'Moda & Acessórios', 'Casa, Mesa e Banho', 'Esporte "Radical"', 'Saúde'] as const;
const SUBCATEGORIES = ['Ração Seca', 'Ração Úmida', 'Bolinhas', 'Fones', 'Camisetas', 'Toalhas', 'Bicicletas', 'Vitaminas', 'Acessórios', 'Promoções'] as const;

/** A deterministic 3-level tree with non-contiguous ids (departments, categories, subcategories). */
export function buildCategoryTree(seed: number, account: string): CategoryNode[] {
  const rng = Rng.for(seed, 'categories', 0);
  let nextId = 0;
  const allocateId = () => (nextId += rng.int(1, 3));
  const origin = `https://${account}.vtexcommercestable.com.br`;
  const makeNode = (name: string, parent: CategoryNode | null): CategoryNode => {
    const id = allocateId();
    const path = parent ? [...parent.path, id] : [id];
    const url = `${parent ? parent.url : origin}/${slug(name)}`;
    return { id, name, title: `${name} | Loja`, parentId: parent ? parent.id : null, path, url, children: [] };
  };
  return DEPARTMENTS.map((department) => {
    const root = makeNode(department, null);
    for (let c = rng.int(1, 4); c > 0; c -= 1) {
      const child = makeNode(maybeHostile(rng, rng.pick(SUBCATEGORIES), 0.1), root);
      root.children.push(child);
      for (let g = rng.int(0, 3); g > 0; g -= 1) child.children.push(makeNode(rng.pick(SUBCATEGORIES), child));
    }
    return root;
  });
}

/** Every node, departments first then depth-first. */
export function flattenTree(roots: readonly CategoryNode[]): CategoryNode[] {
  const out: CategoryNode[] = [];
  const visit = (node: CategoryNode) => {
    out.push(node);
    node.children.forEach(visit);
  };
  roots.forEach(visit);
  return out;
}

/** The JSON of GET /api/catalog_system/pub/category/tree/{levels}. */
export function categoryTreeJson(nodes: readonly CategoryNode[], levels: number): unknown[] {
  return nodes.map((node) => categoryNodeJson(node, levels));
}

function categoryNodeJson(node: CategoryNode, levels: number): Record<string, unknown> {
  return {
    id: node.id,
    name: node.name,
    hasChildren: node.children.length > 0,
    url: node.url,
    children: levels > 1 ? categoryTreeJson(node.children, levels - 1) : [],
    Title: node.title,
    MetaTagDescription: node.id % 3 === 0 ? '' : `Tudo de ${node.name}, com "frete grátis"`,
  };
}

/** A tree node as truth() hashes it: the node without its `children` key. */
export function categoryTruthDocument(node: CategoryNode): Record<string, unknown> {
  const { children: _children, ...rest } = categoryNodeJson(node, 1);
  return rest;
}
