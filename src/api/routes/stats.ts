// Aggregate reads for dashboards and maps, computed in SQL by the store: counts by day, type and country; what
// each outlet contributed; grid clusters for a map view.
import { createRoute } from "@hono/zod-openapi";
import {
  ClustersBody,
  ClustersQuery,
  clusterCell,
  DaysBody,
  ExportQuery,
  exportFilter,
  SourcesBody,
  StatsBody,
} from "../export-schemas.js";
import { API_BASE, type ApiApp, type ApiDeps, json } from "../http.js";
import { checkKnownParams, ErrorBody } from "../schemas.js";

/** What as_of costs an aggregate route. */
const AS_OF_COST =
  "With as_of, the counts are over the events as they stood that day, each rebuilt from what was out by then " +
  "(as GET /events?as_of finds them): slower than without, in proportion to the events out by then.";

const statsRoute = createRoute({
  method: "get",
  path: `${API_BASE}/stats`,
  summary:
    "Counts of the events matching the filters: in all, per day and type (with fatalities), per type, per country",
  description: AS_OF_COST,
  request: { query: ExportQuery },
  responses: { 200: json(StatsBody, "The counts"), 400: json(ErrorBody, "A bad parameter") },
});

const daysRoute = createRoute({
  method: "get",
  path: `${API_BASE}/stats/days`,
  summary:
    "Counts of the events matching the filters per day and type, with fatalities: the by_day of /stats alone",
  description: `One pass over the events instead of the four of /stats: what a timeline needs. ${AS_OF_COST}`,
  request: { query: ExportQuery },
  responses: { 200: json(DaysBody, "The counts per day"), 400: json(ErrorBody, "A bad parameter") },
});

const sourcesRoute = createRoute({
  method: "get",
  path: `${API_BASE}/sources`,
  summary: "Every outlet: its reports, the events they are in, how often its toll was an event's low or high",
  responses: {
    200: json(SourcesBody, "The outlets, most reports first"),
    400: json(ErrorBody, "A bad parameter"),
  },
});

const clustersRoute = createRoute({
  method: "get",
  path: `${API_BASE}/clusters`,
  summary:
    "The located events matching the filters grouped on a grid for a map at a zoom, largest clusters first",
  description: AS_OF_COST,
  request: { query: ClustersQuery },
  responses: { 200: json(ClustersBody, "The clusters"), 400: json(ErrorBody, "A bad parameter") },
});

/** GET /api/v1/stats, /stats/days, /sources, /clusters. */
export function registerStatsRoutes(app: ApiApp, { store }: ApiDeps): void {
  const params = (url: string) => new URL(url).searchParams.keys();

  app.openapi(statsRoute, async (c) => {
    checkKnownParams(params(c.req.url), Object.keys(ExportQuery.shape));
    return c.json(await store.aggregates.stats(exportFilter(c.req.valid("query"))), 200);
  });

  app.openapi(daysRoute, async (c) => {
    checkKnownParams(params(c.req.url), Object.keys(ExportQuery.shape));
    return c.json({ by_day: await store.aggregates.days(exportFilter(c.req.valid("query"))) }, 200);
  });

  app.openapi(sourcesRoute, async (c) => {
    checkKnownParams(params(c.req.url), []);
    return c.json({ sources: await store.aggregates.sources() }, 200);
  });

  app.openapi(clustersRoute, async (c) => {
    checkKnownParams(params(c.req.url), Object.keys(ClustersQuery.shape));
    const query = c.req.valid("query");
    const clusters = await store.aggregates.clusters(exportFilter(query), clusterCell(query.zoom));
    return c.json({ clusters }, 200);
  });
}
