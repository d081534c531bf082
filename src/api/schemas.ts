// Request and response schemas of the HTTP API (zod, with OpenAPI metadata) and the query → EventFilter mapping.
import { z } from "@hono/zod-openapi";
import { SitrepError } from "../errors.js";
import { ACLED_TAXONOMY, CERTAINTIES, type EventType } from "../model.js";
import type { EventFilter } from "../store/store.js";
import { canonicalCountry } from "../sources/countries.js";
import { isCalendarDay } from "../util/days.js";
import { decodeCursor } from "./cursor.js";

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const NUMBER = String.raw`-?\d+(?:\.\d+)?`;
const BBOX = new RegExp(`^${NUMBER},${NUMBER},${NUMBER},${NUMBER}$`);

/** Largest page GET /api/v1/events serves. */
export const MAX_LIMIT = 1000;
/** Longest text a query parameter may carry. */
const MAX_TEXT = 500;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const day = (name: string) =>
  z
    .string()
    .regex(DAY, "expected a day as YYYY-MM-DD")
    .optional()
    .openapi({ param: { name, in: "query" }, example: "2030-03-01" });

const text = (name: string, description: string) =>
  z
    .string()
    .min(1)
    .max(MAX_TEXT)
    .refine((v) => !CONTROL.test(v), "expected text without control characters")
    .optional()
    .openapi({ param: { name, in: "query" }, description });

/** as_of: the record as it stood on that day. */
const asOf = () =>
  day("as_of").openapi({
    description: "the record as it stood on that day: reports, claims and reviews published later left out",
  });

/** Query parameters of GET /api/v1/events. */
export const EventsQuery = z.object({
  from: day("from"),
  to: day("to"),
  bbox: z
    .string()
    .regex(BBOX, "expected west,south,east,north in degrees")
    .optional()
    .openapi({ param: { name: "bbox", in: "query" }, example: "35.5,32.0,42.5,37.5" }),
  event_type: z
    .enum(Object.keys(ACLED_TAXONOMY) as [EventType, ...EventType[]])
    .optional()
    .openapi({ param: { name: "event_type", in: "query" }, description: "ACLED event type" }),
  sub_event_type: z
    .enum(Object.values(ACLED_TAXONOMY).flat() as [string, ...string[]])
    .optional()
    .openapi({ param: { name: "sub_event_type", in: "query" }, description: "ACLED sub-event type" }),
  actor: text("actor", "actor1 or actor2, case-insensitive exact name"),
  certainty: z
    .enum(CERTAINTIES)
    .optional()
    .openapi({
      param: { name: "certainty", in: "query" },
      description: "how sure the sources are of actor1 (an event with no actor1 counts as unknown)",
    }),
  country: text("country", "country name (any case) or ISO 3166-1 alpha-2 code"),
  admin1: text("admin1", "first-level administrative division, exact"),
  status: z
    .enum(["auto", "reviewed", "rejected"])
    .optional()
    .openapi({ param: { name: "status", in: "query" } }),
  include_background: z
    .enum(["true", "false"])
    .optional()
    .openapi({
      param: { name: "include_background", in: "query" },
      description: "also background-only events",
    }),
  q: text("q", "full text over the events' articles (web-search syntax)"),
  limit: z
    .string()
    .regex(/^\d+$/, `expected an integer from 1 to ${MAX_LIMIT}`)
    .optional()
    .openapi({ param: { name: "limit", in: "query" }, example: "100" }),
  cursor: text("cursor", "next_cursor of the previous page"),
  count: z
    .enum(["true", "false"])
    .optional()
    .openapi({ param: { name: "count", in: "query" }, description: "also count every matching event" }),
  as_of: asOf(),
});

/** Query parameters of the one-record read routes (an event, an article). */
export const AsOfQuery = z.object({ as_of: asOf() });

/** The parsed query parameters of GET /api/v1/events. */
export type EventsQueryParams = z.infer<typeof EventsQuery>;

/**
 * Refuses query parameters a route does not know (a misspelt filter would otherwise match everything); `known`
 * defaults to the events route's.
 */
export function checkKnownParams(
  names: Iterable<string>,
  known: readonly string[] = Object.keys(EventsQuery.shape),
): void {
  for (const name of names) {
    if (!known.includes(name)) {
      const expected = known.length > 0 ? `one of ${known.join(", ")}` : "none";
      throw bad(name, `${name}: unknown query parameter; expected ${expected}`);
    }
  }
}

function bad(field: string, message: string): SitrepError {
  return new SitrepError("bad_input", message, { field });
}

/** A day parameter that names a real calendar day (the schema checked its YYYY-MM-DD shape). */
export function checkDay(name: string, value: string | undefined): void {
  if (value === undefined) return;
  const [y, m, d] = value.split("-").map(Number) as [number, number, number];
  if (!isCalendarDay(y, m, d))
    throw bad(name, `${name}: expected a real day as YYYY-MM-DD, found "${value}"`);
}

/** The store filter and page size of a validated events query; bad_input for values the schema cannot judge. */
export function eventsFilter(q: EventsQueryParams): { filter: EventFilter; limit: number } {
  const limit = q.limit === undefined ? 100 : Number(q.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw bad("limit", `limit: expected an integer from 1 to ${MAX_LIMIT}, found "${q.limit}"`);
  }
  for (const name of ["from", "to", "as_of"] as const) checkDay(name, q[name]);
  let bbox: EventFilter["bbox"];
  if (q.bbox !== undefined) {
    const [west, south, east, north] = q.bbox.split(",").map(Number) as [number, number, number, number];
    const lonOk = (v: number) => v >= -180 && v <= 180;
    if (!lonOk(west) || !lonOk(east) || south < -90 || north > 90 || south > north) {
      throw bad(
        "bbox",
        `bbox: expected west,south,east,north with longitudes in [-180, 180], latitudes in [-90, 90] and south <= north, found "${q.bbox}"`,
      );
    }
    bbox = [west, south, east, north];
  }
  const filter: EventFilter = {
    ...(q.from && { from: q.from }),
    ...(q.to && { to: q.to }),
    ...(bbox && { bbox }),
    ...(q.event_type && { eventType: q.event_type }),
    ...(q.sub_event_type && { subEventType: q.sub_event_type }),
    ...(q.actor && { actor: q.actor }),
    ...(q.country && { country: canonicalCountry(q.country) }),
    ...(q.admin1 && { admin1: q.admin1 }),
    ...(q.certainty && { certainty: q.certainty }),
    ...(q.status && { status: q.status }),
    ...(q.q && { text: q.q }),
    ...(q.include_background === "true" && { includeBackground: true }),
    ...(q.cursor && { after: decodeCursor(q.cursor) }),
    ...(q.as_of && { asOf: q.as_of }),
  };
  return { filter, limit };
}

/** A JSON error: the stable code and a message naming what was expected. */
export const ErrorBody = z
  .object({ error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }) })
  .openapi("Error");

/** A fused event (model.ts FusedEvent; its fields are documented in ARCHITECTURE.md). */
export const FusedEventBody = z.looseObject({ id: z.string() }).openapi("FusedEvent");

/** A page of events. */
export const EventsPage = z
  .object({
    events: z.array(FusedEventBody),
    next_cursor: z.string().nullable(),
    count: z.number().int().optional(),
  })
  .openapi("EventsPage");

/** One event with the reports fused into it. */
export const EventDetail = z
  .object({
    event: FusedEventBody,
    reports: z.array(
      z.looseObject({
        report: z.looseObject({ id: z.string() }),
        article: z.looseObject({ id: z.string() }),
      }),
    ),
  })
  .openapi("EventDetail");

/** A stored article. */
export const ArticleBody = z
  .object({
    id: z.string(),
    url: z.string().nullable(),
    outlet: z.string().nullable(),
    published: z.string().nullable(),
    title: z.string().nullable(),
    text: z.string(),
    language: z.string().nullable(),
  })
  .openapi("Article");

/** Path parameter `id`. */
export const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .openapi({ param: { name: "id", in: "path" } }),
});
