// The HTTP API (issue 11): Hono routes with zod schemas and generated OpenAPI over a store. Pure wiring: each
// routes/ module registers its routes; serving is server.ts's, so tests and `sitrep serve` run the same app.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Config } from "../config.js";
import { errorMessage, SitrepError } from "../errors.js";
import type { IngestQueue } from "../queue/ingest-queue.js";
import type { Store } from "../store/store.js";
import { ingestNow } from "../app/runner.js";
import { registerAuthRoutes } from "./auth.js";
import { API_BASE, type ApiDeps, errorBody } from "./http.js";
import { type AccessLog, useMiddlewares } from "./middleware.js";
import { registerArticleRoutes } from "./routes/articles.js";
import { registerDocsRoutes } from "./routes/docs.js";
import { registerEventRoutes } from "./routes/events.js";
import { registerExportRoutes } from "./routes/exports.js";
import { registerReviewRoutes } from "./routes/review.js";
import { registerServiceRoutes } from "./routes/service.js";
import { registerStatsRoutes } from "./routes/stats.js";
import { registerWebRoutes } from "./routes/web.js";

export { API_BASE } from "./http.js";

/**
 * What the API uses besides the store: the ingest queue (metrics, POST /articles; null when ingestion runs in
 * process) and where access-log lines go (absent: not logged).
 */
export interface ApiOptions {
  readonly queue?: IngestQueue | null;
  readonly log?: AccessLog | null;
}

/** The route modules, in the order their routes are registered (auth first: its middleware guards the rest;
 * the workbench last: its page fallback answers what no route did). */
const ROUTES = [
  registerAuthRoutes,
  registerServiceRoutes,
  registerExportRoutes,
  registerEventRoutes,
  registerArticleRoutes,
  registerReviewRoutes,
  registerStatsRoutes,
  registerDocsRoutes,
  registerWebRoutes,
] as const;

/**
 * The API over a store: /healthz, /api/v1/{events, events/{id}, articles (POST), articles/{id}, metrics,
 * openapi.json}, /api/docs; every response carries X-Request-Id (see middleware.ts).
 */
export function createApi(store: Store, config: Config, options: ApiOptions = {}): OpenAPIHono {
  const app = new OpenAPIHono({
    // A request the schemas refuse: 400 naming each parameter and what it expects.
    defaultHook: (result, c) => {
      if (result.success) return;
      const { issues } = result.error;
      const message = issues.map((i) => `${i.path.join(".") || "request"}: ${i.message}`).join("; ");
      const field = issues[0]?.path.join(".") || undefined;
      return c.json(errorBody(new SitrepError("bad_input", message, field ? { field } : {})), 400);
    },
  });

  useMiddlewares(app, config, options.log ?? null);
  app.onError((error, c) => {
    const e = error instanceof SitrepError ? error : new SitrepError("internal", errorMessage(error));
    return c.json(errorBody(e), e.status as 400 | 401 | 403 | 404 | 500);
  });
  app.notFound((c) =>
    c.json(errorBody(new SitrepError("not_found", `no route ${c.req.method} ${c.req.path}`)), 404),
  );

  const queue = options.queue ?? null;
  const deps: ApiDeps = { store, config, queue, ingest: ingestNow(config, store, queue) };
  for (const register of ROUTES) register(app, deps);

  app.doc(`${API_BASE}/openapi.json`, {
    openapi: "3.0.0",
    info: { version: "1.0.0", title: "Sitrep", description: "Sourced, geocoded, fused ACLED-typed events." },
  });
  return app;
}
