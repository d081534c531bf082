import { SingleBar } from "cli-progress";

/** Reports progress of a long job: a bar on a TTY, otherwise a line every few seconds; `done` prints the summary line. */
export interface Progress {
  tick(detail?: string): void;
  done(summary: string): void;
}

/** Creates a progress reporter on stderr; `total` may be unknown (null) for streams. */
export function createProgress(
  label: string,
  total: number | null,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  let count = 0;
  if (stream.isTTY && total !== null) {
    const bar = new SingleBar({
      format: `${label} [{bar}] {value}/{total} {detail}`,
      stream,
      hideCursor: true,
    });
    bar.start(total, 0, { detail: "" });
    return {
      tick(detail = "") {
        count++;
        bar.update(count, { detail });
      },
      done(summary) {
        bar.stop();
        stream.write(`${summary}\n`);
      },
    };
  }
  const everyMs = 3000;
  let last = performance.now();
  return {
    tick() {
      count++;
      const now = performance.now();
      if (now - last >= everyMs) {
        last = now;
        stream.write(`${label}: ${count}${total !== null ? `/${total}` : ""} done\n`);
      }
    },
    done(summary) {
      stream.write(`${summary}\n`);
    },
  };
}
