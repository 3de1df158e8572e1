import type { EntityIndex } from './customer-data.js';

/**
 * Master Data v1 `_where` and `_sort`, the subset the sandbox understands: `createdIn`/`updatedIn`
 * comparisons (`>`, `<`, `>=`, `<=`, `=`), `between A AND B` (both included), `is null` / `is not null`,
 * `id=` and (AD) `userId=`, combined with AND; sort on createdIn, updatedIn or id, ASC or DESC.
 */

type DateField = 'createdIn' | 'updatedIn';
type Condition =
  | { kind: 'date'; field: DateField; op: '>' | '<' | '>=' | '<=' | '='; value: number }
  | { kind: 'between'; field: DateField; from: number; to: number }
  | { kind: 'null'; field: DateField; negate: boolean }
  | { kind: 'equals'; field: 'id' | 'userId'; value: string };

export interface MdSort {
  field: DateField | 'id';
  descending: boolean;
}

export interface MdQuery {
  conditions: Condition[];
  sort: MdSort | undefined;
}

/** What a query runs over: the entity's index, and for AD the owner of each address. */
export interface QueryTarget {
  index: EntityIndex;
  userIdOf?: (index: number) => string;
}

export class QueryError extends Error {}

export function parseQuery(where: string | null, sort: string | null): MdQuery {
  return { conditions: where ? splitClauses(where).map(parseClause) : [], sort: sort ? parseSort(sort) : undefined };
}

/** Splits on AND, keeping `x between A AND B` whole. */
function splitClauses(where: string): string[] {
  const parts = where.trim().split(/\s+AND\s+/i);
  const clauses: string[] = [];
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i] as string;
    if (/\sbetween\s+\S+$/i.test(part) && i + 1 < parts.length) clauses.push(`${part} AND ${parts[(i += 1)]}`);
    else clauses.push(part);
  }
  return clauses.map((clause) => clause.trim().replace(/^\((.*)\)$/, '$1').trim());
}

function parseClause(clause: string): Condition {
  const between = /^(\w+)\s+between\s+(\S+)\s+AND\s+(\S+)$/i.exec(clause);
  if (between) return { kind: 'between', field: dateField(between[1] as string), from: dateValue(between[2] as string), to: dateValue(between[3] as string) };
  const isNull = /^(\w+)\s+is\s+(not\s+)?null$/i.exec(clause);
  if (isNull) return { kind: 'null', field: dateField(isNull[1] as string), negate: isNull[2] !== undefined };
  const comparison = /^(\w+)\s*(>=|<=|=|>|<)\s*(.+)$/.exec(clause);
  if (!comparison) throw new QueryError(`Invalid _where clause: ${clause}`);
  const [, field = '', op = '=', value = ''] = comparison;
  if ((field === 'id' || field === 'userId') && op === '=') return { kind: 'equals', field, value: unquote(value) };
  return { kind: 'date', field: dateField(field), op: op as '>', value: dateValue(value) };
}

function parseSort(sort: string): MdSort {
  const match = /^(\w+)(?:\s+(ASC|DESC))?$/i.exec(sort.trim());
  const field = match?.[1];
  if (!match || (field !== 'createdIn' && field !== 'updatedIn' && field !== 'id')) throw new QueryError(`Unsupported _sort: ${sort}`);
  return { field, descending: (match[2] ?? 'ASC').toUpperCase() === 'DESC' };
}

function dateField(field: string): DateField {
  if (field === 'createdIn' || field === 'updatedIn') return field;
  throw new QueryError(`Unsupported _where field: ${field}`);
}

function dateValue(text: string): number {
  const value = unquote(text);
  const ms = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(/T/.test(value) || value.length > 10 ? value : `${value}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(ms)) throw new QueryError(`Invalid date in _where: ${text}`);
  return ms;
}

function unquote(text: string): string {
  return text.trim().replace(/^(["'])(.*)\1$/, '$2');
}

/** Indexes of the matching documents, sorted (ties and the default order: by position). */
export function runQuery(target: QueryTarget, query: MdQuery): Int32Array {
  const { index } = target;
  const matches: number[] = [];
  for (let i = 0; i < index.ids.length; i += 1) if (query.conditions.every((condition) => matchesCondition(target, i, condition))) matches.push(i);
  const sort = query.sort;
  if (sort) matches.sort((a, b) => compareBy(index, sort, a, b));
  return Int32Array.from(matches);
}

function matchesCondition(target: QueryTarget, i: number, condition: Condition): boolean {
  if (condition.kind === 'equals') return (condition.field === 'id' ? target.index.ids[i] : target.userIdOf?.(i)) === condition.value;
  const value = (condition.field === 'createdIn' ? target.index.createdMs[i] : target.index.updatedMs[i]) as number;
  if (condition.kind === 'null') return Number.isNaN(value) === !condition.negate;
  if (Number.isNaN(value)) return false;
  if (condition.kind === 'between') return value >= condition.from && value <= condition.to;
  switch (condition.op) {
    case '>': return value > condition.value;
    case '<': return value < condition.value;
    case '>=': return value >= condition.value;
    case '<=': return value <= condition.value;
    default: return value === condition.value;
  }
}

/** Nulls (never updated) sort first ascending; ties break on position, so paging is stable. */
function compareBy(index: EntityIndex, sort: MdSort, a: number, b: number): number {
  let order: number;
  if (sort.field === 'id') order = (index.ids[a] as string) < (index.ids[b] as string) ? -1 : 1;
  else {
    const values = sort.field === 'createdIn' ? index.createdMs : index.updatedMs;
    const x = Number.isNaN(values[a] as number) ? -Infinity : (values[a] as number);
    const y = Number.isNaN(values[b] as number) ? -Infinity : (values[b] as number);
    order = x === y ? 0 : x < y ? -1 : 1;
  }
  if (order === 0) return a - b;
  return sort.descending ? -order : order;
}
