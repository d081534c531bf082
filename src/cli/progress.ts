import { SingleBar } from "cli-progress";

/**
 * Reports progress of a long job on stderr: a live status line on a TTY, otherwise a line every `everyMs`. Each
 * shows the count and the rate; once the total is known, also count/total, the share done and the time left.
 */
export interface Progress {
  /** `count` items done so far; `detail` says what they came to (called as often as you like). */
  update(count: number, detail: string): void;
  /** How many items the job comes to, once known (counted while the job runs); a count past it raises it. */
  setTotal(total: number): void;
  /** Ends the status line and prints the summary (nothing when it is empty). */
  done(summary: string): void;
}

const SPINNER = ["|", "/", "-", "\\"];
const BAR_WIDTH = 20;

/** A duration in seconds as "42s", "3m07s" or "2h05m". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/**
 * Where a job stands after `seconds`: "1200/5000 (24%), 85.3/s, ETA 45s" when the total is known, "1200, 85.3/s"
 * when not (no ETA before the first item: there is no rate yet).
 */
export function progressStatus(count: number, total: number | null, seconds: number): string {
  const rate = seconds > 0 ? count / seconds : 0;
  const rateText = `${rate.toFixed(1)}/s`;
  if (total === null) return `${count}, ${rateText}`;
  const of = Math.max(total, count);
  const percent = of === 0 ? 100 : Math.floor((100 * count) / of);
  const eta = rate > 0 ? `, ETA ${formatDuration((of - count) / rate)}` : "";
  return `${count}/${of} (${percent}%), ${rateText}${eta}`;
}

/** A text bar `share` full (0..1). */
function bar(share: number): string {
  const full = Math.round(Math.min(1, Math.max(0, share)) * BAR_WIDTH);
  return `${"█".repeat(full)}${"░".repeat(BAR_WIDTH - full)}`;
}

/** Creates a progress reporter; the total, when it becomes known, is given through setTotal. */
export function createProgress(
  label: string,
  everyMs = 3000,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  const started = performance.now();
  let total: number | null = null;
  let count = 0;
  let detail = "";
  const status = () => progressStatus(count, total, (performance.now() - started) / 1000);
  if (stream.isTTY) {
    const line = new SingleBar({
      format: () => {
        const head =
          total === null
            ? SPINNER[Math.floor(performance.now() / 250) % SPINNER.length]
            : bar(count / Math.max(1, total, count));
        return `${label} ${head} ${status()}${detail ? ` | ${detail}` : ""}`;
      },
      stream,
      hideCursor: true,
      clearOnComplete: false,
    });
    line.start(0, 0);
    let last = 0;
    return {
      update(n, text) {
        count = n;
        detail = text;
        const now = performance.now();
        if (now - last < 100) return;
        last = now;
        line.update(n);
      },
      setTotal(n) {
        total = n;
      },
      done(summary) {
        line.stop();
        if (summary) stream.write(`${summary}\n`);
      },
    };
  }
  let last = performance.now();
  return {
    update(n, text) {
      count = n;
      detail = text;
      const now = performance.now();
      if (now - last < everyMs) return;
      last = now;
      stream.write(`${label}: ${status()}${detail ? ` | ${detail}` : ""}\n`);
    },
    setTotal(n) {
      total = n;
    },
    done(summary) {
      if (summary) stream.write(`${summary}\n`);
    },
  };
}
