// Request hygiene around every route, from Hono's built-in middlewares: a request id on every response, one
// JSON access-log line per request (when the server is given a log), CORS when origins are configured, a body limit.
import type { ServerResponse } from "node:http";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { requestId } from "hono/request-id";
import type { Config } from "../config.js";
import { SitrepError } from "../errors.js";
import { type ApiApp, errorBody } from "./http.js";

/** The header carrying a request's id: an incoming one is kept when sane (word characters, "-" and "=", ≤ 128). */
export const REQUEST_ID_HEADER = "X-Request-Id";

/** One access-log entry: what was asked, how it ended, how long it took. */
export interface AccessEntry {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly ms: number;
  readonly request_id: string;
}

/** The access-log line of a request: one JSON object. */
export function accessLine(entry: AccessEntry): string {
  return JSON.stringify({ msg: "request", ...entry });
}

/** Where access lines go (`sitrep serve`: stderr); absent, requests are not logged. */
export type AccessLog = (line: string) => void;

function accessLog(log: AccessLog): MiddlewareHandler {
  return async (c, next) => {
    const start = performance.now();
    await next();
    log(
      accessLine({
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - start) * 10) / 10,
        request_id: (c.get("requestId") as string | undefined) ?? "",
      }),
    );
  };
}

/** Methods whose requests the API never reads a body of. */
const BODYLESS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Installs the middlewares on every route: request id first, so even a refused request answers with one. */
export function useMiddlewares(app: ApiApp, config: Config, log: AccessLog | null): void {
  app.use(requestId({ headerName: REQUEST_ID_HEADER, limitLength: 128 }));
  if (log) app.use(accessLog(log));
  if (config.corsOrigins.length > 0) {
    const origin = config.corsOrigins.includes("*") ? "*" : [...config.corsOrigins];
    app.use(cors({ origin, exposeHeaders: [REQUEST_ID_HEADER], maxAge: 600 }));
  }
  const limit = bodyLimit({
    maxSize: config.bodyLimit,
    onError: (c) => {
      // The unread rest of the body is still on the connection: close it after the answer, so no client sends its
      // next request down it (@hono/node-server hands the Node response in env; app.request() has none).
      (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing?.setHeader("connection", "close");
      const error = new SitrepError("too_large", `body: expected at most ${config.bodyLimit} bytes`, {
        field: "body",
      });
      return c.json(errorBody(error), 413);
    },
  });
  // Reads send no body to limit, and looking for one costs @hono/node-server a whole web Request per request.
  app.use((c, next) => (BODYLESS.has(c.req.method) ? next() : limit(c, next)));
}
