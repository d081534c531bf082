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
