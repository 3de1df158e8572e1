/** Readers of staged VTEX bodies: a field of the wrong type reads as absent, never as a crash. */
export type Doc = Readonly<Record<string, unknown>>;

export function parseDoc(raw: string | null | undefined): Doc {
  if (raw === null || raw === undefined) return {};
  const value: unknown = JSON.parse(raw);
  return isDoc(value) ? value : {};
}

export function isDoc(value: unknown): value is Doc {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function doc(value: unknown): Doc {
  return isDoc(value) ? value : {};
}

export function docs(value: unknown): Doc[] {
  return Array.isArray(value) ? value.filter(isDoc) : [];
}

/** Text of a field; numbers as their digits; empty string for anything else. */
export function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

export function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

export function flag(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
