import type { Command } from "commander";
import { createApi } from "../../api/app.js";
import { listen } from "../../api/server.js";
import { loadConfig } from "../../config.js";
import { SitrepError } from "../../errors.js";
import { openIngestQueue } from "../../queue/ingest-queue.js";
import { openStore } from "../../store/store.js";
import type { CliCommand } from "../command.js";

/** A TCP port from the command line (0: any free port). */
export function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) {
    throw new SitrepError(
      "bad_input",
      `serve: expected --port as an integer from 0 to 65535, found "${text}"`,
    );
  }
  return port;
}

/** `sitrep serve`: the HTTP API over the store until SIGINT or SIGTERM. */
export const serveCommand: CliCommand = {
  name: "serve",
  register(program: Command, exit) {
    program
      .command("serve")
      .description(
        "Serve the HTTP API (/healthz, /api/v1/events, /api/v1/events/{id}, /api/v1/articles (GET one, POST), " +
          "/api/v1/metrics, /api/v1/openapi.json, /api/docs) over the store until SIGINT or SIGTERM",
      )
      .option("--port <port>", "TCP port (0: any free port; default PORT or 8080)")
      .option("--host <host>", "address to listen on", "127.0.0.1")
      .action(async (opts: { port?: string; host: string }) => {
        const config = loadConfig();
        const port = opts.port === undefined ? config.port : parsePort(opts.port);
        const store = await openStore(config);
        const queue = config.redisUrl
          ? openIngestQueue({ redisUrl: config.redisUrl, name: config.queueName })
          : null;
        try {
          // One JSON line per request on stderr (method, path, status, ms, request id).
          const log = (line: string) => process.stderr.write(`${line}\n`);
          const server = await listen(createApi(store, config, { queue, log }), port, opts.host);
          process.stderr.write(`sitrep serve: listening on ${server.url} (${store.backend})\n`);
          await new Promise<void>((resolve) => {
            process.once("SIGINT", resolve);
            process.once("SIGTERM", resolve);
          });
          process.stderr.write("sitrep serve: stopping\n");
          await server.close();
        } finally {
          await queue?.close();
          await store.close();
        }
        exit(0);
      });
  },
};
