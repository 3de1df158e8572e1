import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The forms a token could leak in: as is, base64, base64url, hex. */
export function tokenForms(token: string): string[] {
  const bytes = Buffer.from(token, 'utf8');
  return [token, bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('hex')];
}

/** Every file under `dir` (recursively) with its text. */
export function filesUnder(dir: string): Array<{ file: string; text: string }> {
  const found: Array<{ file: string; text: string }> = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...filesUnder(path));
    else found.push({ file: path, text: readFileSync(path, 'latin1') });
  }
  return found;
}

/** Where any form of any token appears in the texts: ['label: form', ...]; empty when clean. */
export function leaks(tokens: readonly string[], texts: ReadonlyArray<{ label: string; text: string }>): string[] {
  const hits: string[] = [];
  for (const token of tokens) {
    for (const form of tokenForms(token)) {
      for (const { label, text } of texts) if (text.includes(form)) hits.push(`${label}: ${form.slice(0, 12)}…`);
    }
  }
  return hits;
}
