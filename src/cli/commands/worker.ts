import type { Command } from "commander";
import { runWorker } from "../../app/runner.js";
import { loadConfig } from "../../config.js";
import { SitrepError } from "../../errors.js";
import { openStore } from "../../store/store.js";
import type { CliCommand } from "../command.js";

/** `sitrep worker`: takes ingest jobs from the queue (REDIS_URL) and stores them in PostgreSQL (DATABASE_URL). */
export const workerCommand: CliCommand = {
  name: "worker",
  register(program: Command, exit) {
    program
      .command("worker")
      .description(
        "Take ingest jobs from the queue (REDIS_URL) and extract, store and fuse them into PostgreSQL (DATABASE_URL); run as many as the volume needs",
      )
      .option("--concurrency <n>", "jobs this process runs at once", "1")
      .option("--no-geocode", "skip the gazetteer (locations stay null)")
      .option(
        "--lock-seconds <s>",
        "how long a job stays held without renewal before another worker takes it over",
        "30",
      )
      .addHelpText(
        "after",
        "\nSIGTERM or SIGINT: the running job finishes, then the worker exits. A killed worker's job is taken over by\n" +
          "another after --lock-seconds; a batch is one transaction, so nothing is lost or stored twice.",
      )
      .action(async (opts: { concurrency: string; geocode: boolean; lockSeconds: string }) => {
        const concurrency = Number(opts.concurrency);
        if (!Number.isInteger(concurrency) || concurrency < 1) {
          throw new SitrepError(
            "bad_input",
            `--concurrency: expected a whole number ≥ 1, found "${opts.concurrency}"`,
          );
        }
        const lockSeconds = Number(opts.lockSeconds);
        if (!Number.isFinite(lockSeconds) || lockSeconds < 1) {
          throw new SitrepError(
            "bad_input",
            `--lock-seconds: expected a number ≥ 1, found "${opts.lockSeconds}"`,
          );
        }
        const config = loadConfig();
        const store = await openStore(config);
        const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
        try {
          const worker = await runWorker(config, store, {
            concurrency,
            geocode: opts.geocode,
            lockMs: lockSeconds * 1000,
            log,
          });
          // The handlers go in before the worker says it is ready: a signal sent on that line must find them.
          const signalled = new Promise<void>((resolve) => {
            let stopping = false;
            const stop = (signal: NodeJS.Signals) => {
              if (stopping) {
                log(`worker ${process.pid}: ${signal} again, exiting without waiting for the running job`);
                process.exit(130);
              }
              stopping = true;
              log(`worker ${process.pid}: ${signal}, finishing the running job`);
              resolve();
            };
            process.on("SIGTERM", stop);
            process.on("SIGINT", stop);
          });
          await worker.ready;
          log(
            `worker ${process.pid}: waiting for jobs on queue ${config.queueName} (concurrency ${concurrency})`,
          );
          await signalled;
          await worker.stop();
          log(`worker ${process.pid}: stopped`);
        } finally {
          await store.close();
        }
        exit(0);
      });
  },
};
