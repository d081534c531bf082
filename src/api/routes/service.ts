// Service routes: liveness and Prometheus metrics.
import { createRoute, z } from "@hono/zod-openapi";
import { prometheusText } from "../../app/metrics.js";
import { API_BASE, type ApiApp, type ApiDeps, json } from "../http.js";

const healthRoute = createRoute({
  method: "get",
  path: "/healthz",
  responses: { 200: json(z.object({ ok: z.boolean(), backend: z.string() }), "The server is up") },
});

const metricsRoute = createRoute({
  method: "get",
  path: `${API_BASE}/metrics`,
  summary: "Store counts and queue metrics in Prometheus' text format",
  responses: {
    200: { content: { "text/plain": { schema: z.string() } }, description: "Prometheus text 0.0.4" },
  },
});

/** GET /healthz and /api/v1/metrics. */
export function registerServiceRoutes(app: ApiApp, { store, queue }: ApiDeps): void {
  app.openapi(healthRoute, (c) => c.json({ ok: true, backend: store.backend }, 200));

  app.openapi(metricsRoute, async (c) => {
    const text = prometheusText({
      backend: store.backend,
      store: await store.stats(),
      runs: await store.runs.list(5),
      queue: queue ? await queue.metrics() : null,
    });
    return c.text(text, 200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" });
  });
}
