import { Presets, SingleBar } from "cli-progress";

/** Reports progress of a long job on stderr: a live status line on a TTY, otherwise a line every `everyMs`. */
export interface Progress {
  /** `count` items done so far; `detail` says what they came to (called as often as you like). */
  update(count: number, detail: string): void;
  /** Ends the status line and prints the summary (nothing when it is empty). */
  done(summary: string): void;
}

const SPINNER = ["|", "/", "-", "\\"];

/** Creates a progress reporter for a stream of unknown length. */
export function createProgress(
  label: string,
  everyMs = 3000,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  if (stream.isTTY) {
    const bar = new SingleBar(
      { format: `${label} {spinner} {value} | {detail}`, stream, hideCursor: true, clearOnComplete: false },
      Presets.shades_classic,
    );
    bar.start(0, 0, { detail: "", spinner: "" });
    let last = 0;
    return {
      update(count, detail) {
        const now = performance.now();
        if (now - last < 100) return;
        last = now;
        bar.setTotal(count);
        bar.update(count, { detail, spinner: SPINNER[Math.floor(now / 250) % SPINNER.length] });
      },
      done(summary) {
        bar.stop();
        if (summary) stream.write(`${summary}\n`);
      },
    };
  }
  let last = performance.now();
  return {
    update(_count, detail) {
      const now = performance.now();
      if (now - last < everyMs) return;
      last = now;
      stream.write(`${label}: ${detail}\n`);
    },
    done(summary) {
      if (summary) stream.write(`${summary}\n`);
    },
  };
}
