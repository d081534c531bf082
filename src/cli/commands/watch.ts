import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Command } from "commander";
import { loadConfig } from "../../config.js";
import { SitrepError } from "../../errors.js";
import type { InputItem } from "../../sources/files.js";
import { type WatchEvent, type WatchOptions, watchFeeds } from "../../sources/watch.js";
import { openRunner } from "../../app/runner.js";
import { openStore } from "../../store/store.js";
import type { CliCommand } from "../command.js";
import { summaryLine } from "./ingest.js";

/** Options of `sitrep watch`. */
interface WatchCliOptions {
  every: string;
  once?: boolean;
  concurrency: string;
  timeout: string;
  retryBase?: string;
  retryMax: string;
  maxAttempts: string;
  state?: string;
  geocode: boolean;
  dryRun?: boolean;
  quiet?: boolean;
}

/** Units of a duration ("90s", "10m", "1h", "500ms"); a bare number is seconds. */
const DURATION_UNITS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** Parses a duration such as "10m", "30s", "1h30m" or "45" (seconds) into milliseconds, or null when it is not one. */
export function parseDuration(text: string): number | null {
  const s = text.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s) * 1000;
  const parts = [...s.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== s) return null;
  return parts.reduce((sum, p) => sum + Number(p[1]) * (DURATION_UNITS[p[2]!] ?? 0), 0);
}

/** One log line for a watcher event. */
function describeEvent(event: WatchEvent): string {
  switch (event.kind) {
    case "not-modified":
      return `watch: ${event.url}: not modified`;
    case "fetched":
      return `watch: ${event.url}: ${event.items} items, ${event.fresh} new${event.waiting > 0 ? ` (${event.waiting} waiting for a retry)` : ""}`;
    case "failed":
      return `watch: ${event.error}`;
    case "sleeping":
      return `watch: next poll in ${Math.round(event.ms / 1000)} s`;
  }
}

function positiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) {
    throw new SitrepError("bad_input", `${flag}: expected a positive whole number, found "${value}"`);
  }
  return n;
}

function duration(value: string, flag: string, min: number): number {
  const ms = parseDuration(value);
  if (ms === null || ms < min) {
    throw new SitrepError(
      "bad_input",
      `${flag}: expected a duration of at least ${min < 1000 ? `${min} ms` : `${min / 1000} s`} such as 30s, 10m or 1h, found "${value}"`,
    );
  }
  return ms;
}

/** `sitrep watch`: polls RSS/Atom feeds, fetches new items' pages and ingests them like `sitrep ingest`. */
export const watchCommand: CliCommand = {
  name: "watch",
  register(program: Command, exit) {
    program
      .command("watch")
      .description(
        "Poll RSS/Atom feeds over HTTP (conditional GET), fetch the pages of new items, and store and fuse them",
      )
      .argument("<feed-urls...>", "feed addresses (http or https)")
      .option("--every <duration>", "pause between polls: 30s, 10m, 1h", "10m")
      .option("--once", "poll once and exit")
      .option("--concurrency <n>", "most HTTP requests in flight at once", "4")
      .option("--timeout <duration>", "time limit of one request", "20s")
      .option("--retry-base <duration>", "wait before a failed page is requested again (default: --every)")
      .option("--retry-max <duration>", "longest wait between two requests of a failed page", "6h")
      .option("--max-attempts <n>", "failed loads of a page before it is given up", "5")
      .option(
        "--state <file>",
        "where validators and seen items are kept (default $SITREP_DATA_DIR/watch-state.json)",
      )
      .option("--no-geocode", "skip the gazetteer (locations stay null)")
      .option("--dry-run", "print the items as JSON lines instead of storing them (state is not saved)")
      .option("--quiet", "no per-feed log lines")
      .addHelpText(
        "after",
        "\nEach poll is one ingest run: new articles are stored and fused, failures go to `sitrep failures`.\n" +
          "A page that fails (HTTP error, timeout, no article) is recorded as a failure and requested again on a later\n" +
          "poll, the wait doubling from --retry-base up to --retry-max; once it answers, its article is stored and the\n" +
          "failure resolved. After --max-attempts failed loads the feed's summary is stored with a warning (or the\n" +
          "failure stays). Stop with Ctrl-C; the state file lets a restarted watcher skip what it has already\n" +
          "delivered and keeps the retry times. Exit code 1 with --once when any item failed.",
      )
      .action(async (urls: string[], opts: WatchCliOptions) => {
        for (const url of urls) {
          if (!/^https?:\/\/[^/]/i.test(url)) {
            throw new SitrepError("bad_input", `watch: expected an http(s) feed address, found "${url}"`);
          }
        }
        const everyMs = duration(opts.every, "--every", 1000);
        const timeoutMs = duration(opts.timeout, "--timeout", 100);
        const concurrency = positiveInt(opts.concurrency, "--concurrency");
        const retryBaseMs =
          opts.retryBase === undefined ? everyMs : duration(opts.retryBase, "--retry-base", 1);
        const retryMaxMs = duration(opts.retryMax, "--retry-max", 1);
        const maxAttempts = positiveInt(opts.maxAttempts, "--max-attempts");
        const config = loadConfig();
        const statePath = opts.dryRun ? null : (opts.state ?? join(config.dataDir, "watch-state.json"));
        const controller = new AbortController();
        const stop = (): void => controller.abort();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
        const log = (line: string): void => {
          if (!opts.quiet) process.stderr.write(`${line}\n`);
        };
        const watchOptions: WatchOptions = {
          everyMs,
          once: true,
          concurrency,
          timeoutMs,
          retryBaseMs,
          retryMaxMs,
          maxAttempts,
          statePath,
          signal: controller.signal,
          onEvent: (event) => log(describeEvent(event)),
        };
        let failed = 0;
        try {
          if (opts.dryRun) {
            while (!controller.signal.aborted) {
              for await (const item of watchFeeds(urls, watchOptions)) {
                process.stdout.write(`${JSON.stringify(item)}\n`);
                if ("error" in item) failed++;
              }
              if (opts.once || !(await pause(everyMs, controller.signal, log))) break;
            }
          } else {
            const store = await openStore(config);
            let runner: Awaited<ReturnType<typeof openRunner>> | null = null;
            try {
              runner = await openRunner(config, store, { geocode: opts.geocode });
              for (let round = 1; !controller.signal.aborted; round++) {
                const items: AsyncIterable<InputItem> = watchFeeds(urls, watchOptions);
                const summary = await runner.run(items, {
                  args: { command: "watch", urls, round, runner: runner.kind },
                });
                process.stderr.write(`${summaryLine(`watch poll ${round}`, summary)}\n`);
                for (const f of summary.failures) process.stderr.write(`  failed ${f.stage}: ${f.reason}\n`);
                failed = summary.failed;
                if (opts.once || !(await pause(everyMs, controller.signal, log))) break;
              }
            } finally {
              await runner?.close();
              await store.close();
            }
          }
        } finally {
          process.removeListener("SIGINT", stop);
          process.removeListener("SIGTERM", stop);
        }
        exit(opts.once && failed > 0 ? 1 : 0);
      });
  },
};

/** Waits between polls; false when stopped meanwhile. */
async function pause(ms: number, signal: AbortSignal, log: (line: string) => void): Promise<boolean> {
  log(`watch: next poll in ${Math.round(ms / 1000)} s`);
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}
