import { createReadStream, createWriteStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Writable } from "node:stream";

/** Reads a file (or stdin for "-") line by line, streaming, with 1-based line numbers. */
export async function* readLines(path: string): AsyncGenerator<{ line: string; number: number }> {
  const input = path === "-" ? process.stdin : createReadStream(path, { encoding: "utf8" });
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let number = 0;
  for await (const line of lines) {
    number++;
    yield { line, number };
  }
}

/** Opens the output: a file for `-o`, else stdout; `close` waits until everything is flushed. */
export function openOutput(path: string | undefined): { stream: Writable; close(): Promise<void> } {
  if (!path || path === "-") return { stream: process.stdout, close: async () => {} };
  const stream = createWriteStream(path, { encoding: "utf8" });
  return {
    stream,
    close: () =>
      new Promise((resolve, reject) => {
        stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Writes one chunk, waiting for the stream to drain when its buffer is full (keeps memory flat on big runs). */
export async function write(stream: Writable, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once("drain", () => resolve()));
}

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
