/**
 * Maps `source` through `task` with up to `concurrency` tasks running, yielding results in source order.
 * Lets a stream fetch the next pages' details while the current one is being saved, without reordering
 * checkpoints.
 */
export async function* orderedMap<T, R>(source: AsyncIterable<T>, concurrency: number, task: (item: T) => Promise<R>): AsyncGenerator<R> {
  const pending: Array<Promise<R>> = [];
  const iterator = source[Symbol.asyncIterator]();
  let exhausted = false;
  try {
    while (true) {
      while (!exhausted && pending.length < concurrency) {
        const next = await iterator.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        const promise = task(next.value);
        promise.catch(() => undefined); // handled when awaited in order below
        pending.push(promise);
      }
      const head = pending.shift();
      if (!head) return;
      yield await head;
    }
  } finally {
    await iterator.return?.();
    await Promise.allSettled(pending);
  }
}
