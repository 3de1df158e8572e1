import type { EntityName } from '../store/store.js';
import type { AtomicFileSet } from './atomic-files.js';
import { DOCUMENT_ID_KEY } from './export-entities.js';
import { projectDocument } from './fields.js';
import { JsonArrayWriter } from './json.js';
import { NdjsonWriter } from './ndjson.js';
import { protectDocument } from './pii.js';
import { stagedText } from './staged-document.js';
import type { TableContext, WrittenFile } from './table-context.js';

export type DocumentFormat = 'json' | 'ndjson';

function transformed(entity: EntityName, raw: string, context: TableContext): unknown {
  const document: unknown = JSON.parse(raw);
  protectDocument(entity, document, context.pii);
  return context.fields ? projectDocument(document, context.fields, DOCUMENT_ID_KEY[entity]) : document;
}

/** Exports one staged table as JSON or NDJSON: each staged `raw` document, PII policy and --fields applied. */
export async function exportTableDocuments(entity: EntityName, format: DocumentFormat, context: TableContext, files: AtomicFileSet): Promise<WrittenFile> {
  const file = files.open(`${entity}.${format}`);
  const writer = format === 'json' ? new JsonArrayWriter(file) : new NdjsonWriter(file);
  // With nothing to change, the staged text goes out as it is (unless it spans lines, which NDJSON cannot hold).
  const asStaged = context.pii.mode === 'keep' && !context.fields;
  for (const key of ['id', DOCUMENT_ID_KEY[entity]]) context.fields?.keeps(key);
  for (const row of context.rows()) {
    const raw = stagedText(entity, row);
    const wait = writer.write(asStaged && !raw.includes('\n') ? raw : JSON.stringify(transformed(entity, raw, context)));
    if (wait) await wait;
    const pause = context.tick();
    if (pause) await pause;
  }
  await writer.end();
  return { entity, table: entity, file: file.finalPath, rows: writer.rows };
}
