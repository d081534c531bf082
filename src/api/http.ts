// Shared pieces of the API's wiring: the base path, the app type route modules register on, the error body,
// headers added to static answers.
import type { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler, TypedResponse } from "hono";
import type { IngestNow } from "../app/runner.js";
import type { Config } from "../config.js";
import type { SitrepError } from "../errors.js";
import type { IngestQueue } from "../queue/ingest-queue.js";
import type { Store } from "../store/store.js";

/** The base path of every versioned route. */
export const API_BASE = "/api/v1";

/** The Hono app every route module registers its routes on. */
export type ApiApp = OpenAPIHono;

/**
 * What route modules use: the store, the configuration, the ingest queue (null when ingestion runs in process),
 * and the one-batch ingester (in process or through the queue).
 */
export interface ApiDeps {
  readonly store: Store;
  readonly config: Config;
  readonly queue: IngestQueue | null;
  readonly ingest: IngestNow;
}

/** A JSON response entry of a route's OpenAPI description. */
export const json = (schema: z.ZodType, description: string) => ({
  content: { "application/json": { schema } },
  description,
});

/** The error body of a SitrepError: its code, message and, when one parameter or field is at fault, its name. */
export function errorBody(error: SitrepError) {
  return {
    error: { code: error.code, message: error.message, ...(error.field !== null && { field: error.field }) },
  };
}

/**
 * A middleware that adds headers to a successful answer of the handlers after it (static files: caching, the
 * page's security policy). Set after the answer exists, so they hold under `app.request` as well as the server.
 */
export function addHeaders(headers: (c: Context) => Readonly<Record<string, string>>): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (!c.res.ok) return;
    for (const [name, value] of Object.entries(headers(c))) c.header(name, value);
  };
}

/**
 * A 200 JSON answer whose body is already JSON text (spliced from JSON the store keeps), typed as the schema it
 * follows, as c.json would type it: the text is sent as is, never parsed and serialised again.
 */
export function jsonText<T>(c: Context, text: string): Response & TypedResponse<T, 200, "json"> {
  const response: Response = c.body(text, 200, { "Content-Type": "application/json" });
  return response as Response & TypedResponse<T, 200, "json">;
}
