import type { EntityName, EntityWrite, Store } from '../store/store.js';
import type { Stream, StreamContext } from '../streams/stream.js';

/**
 * Before a stream resumes, the records an earlier run lost are fetched again by key, and the old letters are
 * settled: a record that fails again becomes a new letter of this run. Letters without a key (a lost listing
 * page) are settled by the resume itself, which lists again from the last checkpoint. Returns what it staged.
 */
export async function retryDeadLetters(stream: Stream, context: StreamContext, store: Store, runId: number): Promise<EntityWrite[]> {
  const letters = store.openDeadLetters(stream.name);
  if (letters.length === 0) return [];
  const saved: EntityWrite[] = [];
  const keysByEntity = new Map<EntityName, string[]>();
  for (const letter of letters) {
    if (letter.itemKey === undefined || letter.entity === undefined || !stream.refetch) continue;
    keysByEntity.set(letter.entity, [...(keysByEntity.get(letter.entity) ?? []), letter.itemKey]);
  }
  for (const [entity, keys] of keysByEntity) {
    const writes = (await stream.refetch?.(context, entity, [...new Set(keys)])) ?? [];
    store.savePage(stream.name, { writes, cursor: store.getCursor(stream.name) ?? stream.initialCursor(context.options) }, runId);
    saved.push(...writes);
  }
  store.resolveDeadLetters(letters.map((letter) => letter.id));
  return saved;
}
