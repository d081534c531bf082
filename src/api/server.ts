// Serves the API over HTTP with @hono/node-server: used by `sitrep serve` and the API tests alike.
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";

/** A listening server: its base URL and how to stop it. */
export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Listens on host:port (port 0: any free port) and resolves once the server accepts connections. */
export function listen(
  app: { fetch: (request: Request, env?: object) => Response | Promise<Response> },
  port: number,
  host: string,
): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve(
      // env carries Node's request and response ({incoming, outgoing}) to middlewares that need them.
      { fetch: (request, env) => app.fetch(request, env), port, hostname: host },
      (info: AddressInfo) => {
        const name = info.address.includes(":") ? `[${info.address}]` : info.address;
        resolve({
          url: `http://${name}:${info.port}`,
          close: () =>
            new Promise<void>((done, fail) => {
              server.close((error) => (error ? fail(error) : done()));
              // Keep-alive connections would hold close() open.
              if ("closeAllConnections" in server) server.closeAllConnections();
            }),
        });
      },
    );
    server.once("error", reject);
  });
}
