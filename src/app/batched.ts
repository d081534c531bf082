// Groups an async stream into batches: by count, by size, or whatever came before the source went quiet.

/** Limits of one batch: at most `items` items and (once one is in) `size` units, or whatever came within `idleMs`. */
export interface BatchLimits {
  readonly items: number;
  readonly size: number;
  readonly idleMs: number;
}

/**
 * Groups a stream into batches (order kept). A batch is given out when it is full, or when the source has been
 * quiet for `idleMs` with something waiting, so a slow pipe still sees each line's output promptly.
 */
export async function* batched<T>(
  source: AsyncIterable<T>,
  sizeOf: (item: T) => number,
  limits: BatchLimits,
): AsyncGenerator<T[]> {
  const it = source[Symbol.asyncIterator]();
  let batch: T[] = [];
  let size = 0;
  let pending: Promise<IteratorResult<T>> | null = null;
  const idle = Symbol("idle");
  for (;;) {
    pending ??= it.next();
    let timer: NodeJS.Timeout | undefined;
    const quiet =
      batch.length === 0
        ? null
        : new Promise<typeof idle>((resolve) => {
            timer = setTimeout(() => resolve(idle), limits.idleMs);
          });
    const next = quiet ? await Promise.race([pending, quiet]) : await pending;
    clearTimeout(timer);
    if (next === idle) {
      yield batch;
      [batch, size] = [[], 0];
      continue;
    }
    pending = null;
    if (next.done) break;
    batch.push(next.value);
    size += sizeOf(next.value);
    if (batch.length >= limits.items || size >= limits.size) {
      yield batch;
      [batch, size] = [[], 0];
    }
  }
  if (batch.length > 0) yield batch;
}
