// Request and response schemas of the export, stats, sources and clusters routes: the events filters without
// paging, plus updated_since (exports) and zoom (clusters).
import { z } from "@hono/zod-openapi";
import { SitrepError } from "../errors.js";
import type { EventFilter } from "../store/store.js";
import { isRealDateTime } from "../util/days.js";
import { EventsQuery, eventsFilter } from "./schemas.js";

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Deepest zoom GET /api/v1/clusters accepts (map tiles go to about 22). */
export const MAX_ZOOM = 22;

/** Grid cells per map tile side: at zoom Z a cell is 360 / 2^Z / CELLS_PER_TILE degrees (64 px on 256 px tiles). */
export const CELLS_PER_TILE = 4;

/** Query parameters of the streamed exports and of /stats: the events filters without paging, plus updated_since. */
export const ExportQuery = EventsQuery.omit({ limit: true, cursor: true, count: true }).extend({
  updated_since: z
    .string()
    .regex(DATE_TIME, "expected an ISO date-time with a zone, such as 2030-03-01T00:00:00Z")
    .optional()
    .openapi({
      param: { name: "updated_since", in: "query" },
      description: "only events written (fused, re-fused, reviewed) at or after this instant",
      example: "2030-03-01T00:00:00Z",
    }),
});

/** The parsed query of an export or /stats. */
export type ExportQueryParams = z.infer<typeof ExportQuery>;

/** Query parameters of GET /api/v1/clusters: the export filters plus the map zoom. */
export const ClustersQuery = ExportQuery.extend({
  zoom: z
    .string()
    .regex(/^\d+$/, `expected an integer zoom from 0 to ${MAX_ZOOM}`)
    .openapi({
      param: { name: "zoom", in: "query" },
      description: `map zoom; cells are 360 / 2^zoom / ${CELLS_PER_TILE} degrees wide`,
      example: "6",
    }),
});

/** The store filter of an export or /stats query (no page: every matching event). */
export function exportFilter(q: ExportQueryParams): EventFilter {
  const { filter } = eventsFilter(q);
  if (q.updated_since !== undefined && !isRealDateTime(q.updated_since)) {
    throw new SitrepError(
      "bad_input",
      `updated_since: expected a real date-time, found "${q.updated_since}"`,
    );
  }
  return { ...filter, ...(q.updated_since && { updatedSince: q.updated_since }) };
}

/** The grid cell size in degrees of a validated zoom parameter; bad_input past MAX_ZOOM. */
export function clusterCell(zoom: string): number {
  const z = Number(zoom);
  if (!Number.isInteger(z) || z > MAX_ZOOM) {
    throw new SitrepError("bad_input", `zoom: expected an integer from 0 to ${MAX_ZOOM}, found "${zoom}"`);
  }
  return 360 / 2 ** z / CELLS_PER_TILE;
}

/** GET /api/v1/stats. */
const DayCounts = z.array(
  z.object({
    day: z.string(),
    event_type: z.string(),
    events: z.number().int(),
    fatalities: z.number().int(),
  }),
);

/** GET /api/v1/stats/days: the per-day counts of /stats alone (what a timeline draws). */
export const DaysBody = z.object({ by_day: DayCounts }).openapi("DayCounts");

export const StatsBody = z
  .object({
    total: z.number().int(),
    by_day: DayCounts,
    by_type: z.array(z.object({ event_type: z.string(), events: z.number().int() })),
    by_country: z.array(z.object({ country: z.string().nullable(), events: z.number().int() })),
  })
  .openapi("Stats");

/** GET /api/v1/sources. */
export const SourcesBody = z
  .object({
    sources: z.array(
      z.object({
        outlet: z.string(),
        reports: z.number().int(),
        events: z.number().int(),
        low: z.number().int().openapi({ description: "events whose low toll was this outlet's figure" }),
        high: z.number().int().openapi({ description: "events whose high toll was this outlet's figure" }),
      }),
    ),
  })
  .openapi("Sources");

/** GET /api/v1/clusters. */
export const ClustersBody = z
  .object({
    clusters: z.array(
      z.object({
        lon: z.number(),
        lat: z.number(),
        events: z.number().int(),
        fatalities: z.number().int(),
        event_type: z.string().openapi({ description: "the most frequent event type in the cell" }),
        id: z.string().optional().openapi({ description: "the event's id, only when the cell holds one" }),
        precision: z
          .number()
          .int()
          .optional()
          .openapi({ description: "the event's geo precision, only when the cell holds one" }),
      }),
    ),
  })
  .openapi("Clusters");
