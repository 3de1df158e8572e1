import type { TargetSource } from '../store/target-source.js';
import { handleOf, HandleBook } from './handles.js';
import { flag, parseDoc, text } from './staged-json.js';

export interface CategoryFacts {
  id: number;
  /** Names from the department down to this category. */
  names: string[];
  /** The storefront path (`/alimentacao/bebedouro`), from the tree's absolute `url`; '' when it has none. */
  path: string;
  /** Handle of the collection the category path redirects to. */
  handle: string;
}

/** The small tables every catalog mapping joins: categories with their paths, brands, warehouses; handles. */
export interface CatalogContext {
  categories: Map<number, CategoryFacts>;
  brands: Map<number, string>;
  /** Warehouse id -> active (isActive not false). */
  warehouses: Map<string, boolean>;
  handles: HandleBook;
}

export function loadCatalogContext(source: TargetSource): CatalogContext {
  const nodes = new Map(source.categories().map((row) => [row.id, { doc: parseDoc(row.raw), parentId: row.parentId }]));
  const categories = new Map<number, CategoryFacts>();
  for (const [id] of nodes) categories.set(id, categoryFacts(id, nodes));
  const brands = new Map(source.brands().map((row) => [row.id, text(parseDoc(row.raw).name)]));
  const warehouses = new Map(source.warehouses().map((row) => [row.id, flag(parseDoc(row.raw).isActive) !== false]));
  const handles = new HandleBook();
  for (const product of source.products()) {
    const doc = parseDoc(product.raw);
    handles.assign(product.id, text(doc.LinkId), text(doc.Name));
  }
  return { categories, brands, warehouses, handles };
}

type Nodes = Map<number, { doc: Record<string, unknown>; parentId: number | null }>;

function categoryFacts(id: number, nodes: Nodes): CategoryFacts {
  const names: string[] = [];
  const seen = new Set<number>();
  for (let at: number | null = id; at !== null && !seen.has(at); ) {
    seen.add(at);
    const node = nodes.get(at);
    if (!node) break;
    names.unshift(text(node.doc.name));
    at = node.parentId;
  }
  const path = urlPath(text(nodes.get(id)?.doc.url));
  return { id, names, path, handle: handleOf(path.replaceAll('/', ' ')) || handleOf(names.join(' ')) || `category-${id}` };
}

/** The path of an absolute URL (the tree's `url` can carry VTEX's internal host: only the path is kept). */
function urlPath(url: string): string {
  if (url === '') return '';
  try {
    return new URL(url).pathname.replace(/\/+$/, '');
  } catch {
    return url.startsWith('/') ? url.replace(/\/+$/, '') : '';
  }
}
