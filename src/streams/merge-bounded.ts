/**
 * Runs up to `concurrency` of the `sources` at once and yields their items as they come, each tagged with
 * the index of its source. A source that throws stops the merge with that error.
 */
export async function* mergeBounded<T>(sources: ReadonlyArray<() => AsyncIterable<T>>, concurrency: number): AsyncGenerator<{ source: number; item: T }> {
  const running = new Map<number, { iterator: AsyncIterator<T>; next: Promise<{ index: number; result: IteratorResult<T> }> }>();
  let started = 0;
  const pull = (index: number, iterator: AsyncIterator<T>) => iterator.next().then((result) => ({ index, result }));
  const startNext = () => {
    const source = sources[started];
    if (!source) return;
    const iterator = source()[Symbol.asyncIterator]();
    running.set(started, { iterator, next: pull(started, iterator) });
    started += 1;
  };
  try {
    while (running.size < concurrency && started < sources.length) startNext();
    while (running.size > 0) {
      const { index, result } = await Promise.race([...running.values()].map((entry) => entry.next));
      const entry = running.get(index);
      if (!entry) continue;
      if (result.done) {
        running.delete(index);
        if (started < sources.length) startNext();
        continue;
      }
      entry.next = pull(index, entry.iterator);
      yield { source: index, item: result.value };
    }
  } finally {
    await Promise.allSettled([...running.values()].map((entry) => entry.iterator.return?.()));
  }
}
