// The HTTP API (issue 11): Hono routes with zod schemas and generated OpenAPI over a store. Pure wiring: serving
// is server.ts's, so tests and `sitrep serve` run the same app.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { prometheusText } from "../app/metrics.js";
import type { Config } from "../config.js";
import { errorMessage, SitrepError } from "../errors.js";
import type { FusedEvent } from "../model.js";
import type { IngestQueue } from "../queue/ingest-queue.js";
import type { Store } from "../store/store.js";
import { encodeCursor } from "./cursor.js";
import {
  ArticleBody,
  checkKnownParams,
  ErrorBody,
  EventDetail,
  EventsPage,
  EventsQuery,
  eventsFilter,
  IdParam,
} from "./schemas.js";

/** What the API reads besides the store: the ingest queue for metrics (null when ingestion runs in process). */
export interface ApiOptions {
  readonly queue?: IngestQueue | null;
}

/** The base path of every versioned route. */
export const API_BASE = "/api/v1";

const json = (schema: z.ZodType, description: string) => ({
  content: { "application/json": { schema } },
  description,
});

const healthRoute = createRoute({
  method: "get",
  path: "/healthz",
  responses: { 200: json(z.object({ ok: z.boolean(), backend: z.string() }), "The server is up") },
});

const eventsRoute = createRoute({
  method: "get",
  path: `${API_BASE}/events`,
  summary: "Fused events matching filters, ordered by start date then id, one page at a time",
  request: { query: EventsQuery },
  responses: { 200: json(EventsPage, "A page of events"), 400: json(ErrorBody, "A bad parameter") },
});

const eventRoute = createRoute({
  method: "get",
  path: `${API_BASE}/events/{id}`,
  summary: "One fused event with the reports fused into it",
  request: { params: IdParam },
  responses: { 200: json(EventDetail, "The event"), 404: json(ErrorBody, "No such event") },
});

const articleRoute = createRoute({
  method: "get",
  path: `${API_BASE}/articles/{id}`,
  summary: "One stored article: text and metadata",
  request: { params: IdParam },
  responses: { 200: json(ArticleBody, "The article"), 404: json(ErrorBody, "No such article") },
});

const metricsRoute = createRoute({
  method: "get",
  path: `${API_BASE}/metrics`,
  summary: "Store counts and queue metrics in Prometheus' text format",
  responses: {
    200: { content: { "text/plain": { schema: z.string() } }, description: "Prometheus text 0.0.4" },
  },
});

/** The error body of a SitrepError. */
function errorBody(error: SitrepError) {
  return { error: { code: error.code, message: error.message } };
}

/** The API over a store: /healthz, /api/v1/{events, events/{id}, articles/{id}, metrics, openapi.json}. */
export function createApi(store: Store, _config: Config, options: ApiOptions = {}): OpenAPIHono {
  const app = new OpenAPIHono({
    // A request the schemas refuse: 400 naming each parameter and what it expects.
    defaultHook: (result, c) => {
      if (result.success) return;
      const message = result.error.issues
        .map((i) => `${i.path.join(".") || "request"}: ${i.message}`)
        .join("; ");
      return c.json(errorBody(new SitrepError("bad_input", message)), 400);
    },
  });

  app.onError((error, c) => {
    const e = error instanceof SitrepError ? error : new SitrepError("internal", errorMessage(error));
    return c.json(errorBody(e), e.status as 400 | 404 | 500);
  });
  app.notFound((c) =>
    c.json(errorBody(new SitrepError("not_found", `no route ${c.req.method} ${c.req.path}`)), 404),
  );

  app.openapi(healthRoute, (c) => c.json({ ok: true, backend: store.backend }, 200));

  app.openapi(eventsRoute, async (c) => {
    checkKnownParams(new URL(c.req.url).searchParams.keys());
    const query = c.req.valid("query");
    const { filter, limit } = eventsFilter(query);
    const events: FusedEvent[] = [];
    // One more than the page: whether a next page exists without a second query.
    for await (const event of store.events.query({ ...filter, limit: limit + 1 })) events.push(event);
    const page = events.slice(0, limit);
    const last = page.at(-1);
    const next = events.length > limit && last ? encodeCursor(last) : null;
    const count = query.count === "true" ? await store.events.count(filter) : undefined;
    return c.json({ events: page, next_cursor: next, ...(count !== undefined && { count }) }, 200);
  });

  app.openapi(eventRoute, async (c) => {
    const { id } = c.req.valid("param");
    const event = await store.events.get(id);
    if (!event) return c.json(errorBody(new SitrepError("not_found", `events: no event "${id}"`)), 404);
    return c.json({ event, reports: await store.events.reports(id) }, 200);
  });

  app.openapi(articleRoute, async (c) => {
    const { id } = c.req.valid("param");
    const article = await store.articles.get(id);
    if (!article) return c.json(errorBody(new SitrepError("not_found", `articles: no article "${id}"`)), 404);
    return c.json(article, 200);
  });

  app.openapi(metricsRoute, async (c) => {
    const text = prometheusText({
      backend: store.backend,
      store: await store.stats(),
      runs: await store.runs.list(5),
      queue: options.queue ? await options.queue.metrics() : null,
    });
    return c.text(text, 200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" });
  });

  app.doc(`${API_BASE}/openapi.json`, {
    openapi: "3.0.0",
    info: { version: "1.0.0", title: "Sitrep", description: "Sourced, geocoded, fused ACLED-typed events." },
  });
  return app;
}
