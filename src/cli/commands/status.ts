import type { Command } from "commander";
import { prometheusText, type Status, statusText } from "../../app/metrics.js";
import { loadConfig } from "../../config.js";
import { openIngestQueue } from "../../queue/ingest-queue.js";
import { openStore } from "../../store/store.js";
import type { CliCommand } from "../command.js";

/** `sitrep status`: the store's counts, the latest ingest runs and the queue's depth, rate, failures and lag. */
export const statusCommand: CliCommand = {
  name: "status",
  register(program: Command, exit) {
    program
      .command("status")
      .description(
        "Store counts, the latest ingest runs, and (with REDIS_URL) the queue's depth, jobs/s, failures and lag",
      )
      .option("--runs <n>", "how many recent runs to list", "5")
      .option("--json", "the status as JSON")
      .option("--prometheus", "the metrics in Prometheus' text format (as GET /api/v1/metrics serves them)")
      .action(async (opts: { runs: string; json?: boolean; prometheus?: boolean }) => {
        const config = loadConfig();
        const store = await openStore(config);
        const queue = config.redisUrl
          ? openIngestQueue({ redisUrl: config.redisUrl, name: config.queueName })
          : null;
        try {
          const status: Status = {
            backend: store.backend,
            store: await store.stats(),
            runs: await store.runs.list(Math.max(0, Number(opts.runs) || 0)),
            queue: queue ? await queue.metrics() : null,
          };
          if (opts.prometheus) process.stdout.write(prometheusText(status));
          else if (opts.json) process.stdout.write(`${JSON.stringify(status)}\n`);
          else process.stdout.write(statusText(status));
        } finally {
          await queue?.close();
          await store.close();
        }
        exit(0);
      });
  },
};
