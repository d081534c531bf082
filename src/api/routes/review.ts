// Review routes: the review queue, a person's corrections (PATCH), merge and split, an event's audit trail.
// Writes carry the token's name as `by` (the auth middleware let only reviewer and admin tokens through).
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { SitrepError } from "../../errors.js";
import {
  ACLED_TAXONOMY,
  CERTAINTIES,
  type EventReview,
  type EventStatus,
  type EventType,
  type ReviewFields,
} from "../../model.js";
import { eventTypeOf } from "../../fuse/index.js";
import type { QueueCursor, Store } from "../../store/store.js";
import { principalOf } from "../auth.js";
import { API_BASE, type ApiApp, type ApiDeps, json } from "../http.js";
import { ErrorBody, FusedEventBody, IdParam, MAX_LIMIT } from "../schemas.js";

const STATUSES = ["auto", "reviewed", "rejected"] as const;
const count = z.number().int().min(0);
const Count = z.strictObject({ low: count.optional(), best: count.optional(), high: count.optional() });
const Actor = z.strictObject({
  name: z.string().min(1),
  text: z.string().optional(),
  certainty: z.enum(CERTAINTIES).optional(),
});
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a day as YYYY-MM-DD");
const ReportDateBody = z.strictObject({
  value: z.string().nullable(),
  precision: z.enum(["day", "week", "month", "year", "unknown"]),
  start: day.nullable(),
  end: day.nullable(),
  inferred: z.boolean().optional(),
});
const LocationBody = z.strictObject({
  name: z.string().min(1),
  text: z.string(),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  country: z.string().nullable(),
  country_code: z.string().nullable(),
  admin1: z.string().nullable(),
  admin2: z.string().nullable(),
  geo_precision: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  gazetteer_id: z.string(),
});

/** The fields of an event a person may correct (model.ts ReviewFields); an actor's text defaults to its name. */
const ReviewFieldsBody = z
  .strictObject({
    event_type: z.enum(Object.keys(ACLED_TAXONOMY) as [EventType, ...EventType[]]).optional(),
    sub_event_type: z.enum(Object.values(ACLED_TAXONOMY).flat() as [string, ...string[]]).optional(),
    date: ReportDateBody.optional(),
    location: LocationBody.nullable().optional(),
    actor1: Actor.nullable().optional(),
    actor2: Actor.nullable().optional(),
    assoc_actors: z.array(Actor).optional(),
    is_background: z.boolean().optional(),
    fatalities: Count.optional(),
    injuries: Count.optional(),
  })
  .openapi("ReviewFields");

const reason = z.string().trim().min(1, "expected why, in a few words");

const PatchBody = z
  .strictObject({ status: z.enum(STATUSES).optional(), fields: ReviewFieldsBody.optional(), reason })
  .openapi("ReviewPatch");
const MergeBody = z.strictObject({ other: z.string().min(1), reason }).openapi("MergeRequest");
const SplitBody = z
  .strictObject({ reports: z.array(z.string().min(1)).min(1), reason })
  .openapi("SplitRequest");

const QueueQuery = z.object({
  limit: z
    .string()
    .regex(/^\d+$/, `expected an integer from 1 to ${MAX_LIMIT}`)
    .optional()
    .openapi({ param: { name: "limit", in: "query" }, example: "50" }),
  cursor: z
    .string()
    .min(1)
    .optional()
    .openapi({ param: { name: "cursor", in: "query" }, description: "next_cursor of the previous page" }),
});

const QueuedEventBody = z
  .looseObject({ id: z.string(), priority: z.number(), reasons: z.array(z.string()) })
  .openapi("QueuedEvent");
const Change = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });
const HistoryBody = z
  .object({
    entries: z.array(
      z.object({
        id: z.number().int(),
        at: z.string(),
        by: z.string(),
        action: z.enum(["review", "merge", "split"]),
        reason: z.string().nullable(),
        changes: z.array(Change),
      }),
    ),
  })
  .openapi("EventHistory");

const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { "application/json": { schema } }, required: true },
});
const moved = { description: "The event was merged into another: Location names it" };
const written = {
  400: json(ErrorBody, "A bad request body"),
  401: json(ErrorBody, "No token, or an unknown or revoked one"),
  403: json(ErrorBody, "The token's role may not write"),
  404: json(ErrorBody, "No such event"),
  308: moved,
};
const security = [{ bearer: [] }];

const queueRoute = createRoute({
  method: "get",
  path: `${API_BASE}/review/queue`,
  summary: "Unreviewed events, most in need of a person first (priority from weighted reasons)",
  request: { query: QueueQuery },
  responses: {
    200: json(z.object({ events: z.array(QueuedEventBody), next_cursor: z.string().nullable() }), "A page"),
    400: json(ErrorBody, "A bad parameter"),
  },
});

const patchRoute = createRoute({
  method: "patch",
  path: `${API_BASE}/events/{id}`,
  summary: "Correct an event's fields and/or set its status; the reason is kept in its history",
  security,
  request: { params: IdParam, ...body(PatchBody) },
  responses: { 200: json(z.object({ event: FusedEventBody }), "The event as it is now"), ...written },
});

const mergeRoute = createRoute({
  method: "post",
  path: `${API_BASE}/events/{id}/merge`,
  summary: "Merge event `other` into this one; `other` then redirects (308) here",
  security,
  request: { params: IdParam, ...body(MergeBody) },
  responses: { 200: json(z.object({ event: FusedEventBody }), "The surviving event"), ...written },
});

const splitRoute = createRoute({
  method: "post",
  path: `${API_BASE}/events/{id}/split`,
  summary: "Move some reports of this event to a new event",
  security,
  request: { params: IdParam, ...body(SplitBody) },
  responses: {
    200: json(z.object({ events: z.tuple([FusedEventBody, FusedEventBody]) }), "[kept, created]"),
    ...written,
  },
});

const historyRoute = createRoute({
  method: "get",
  path: `${API_BASE}/events/{id}/history`,
  summary: "The event's audit trail: reviews, merges and splits with each field before and after",
  request: { params: IdParam },
  responses: { 200: json(HistoryBody, "Oldest first"), 404: json(ErrorBody, "No such event"), 308: moved },
});

/** The queue cursor after an event. */
export function encodeQueueCursor(event: { priority: number; id: string }): string {
  return Buffer.from(JSON.stringify([event.priority, event.id])).toString("base64url");
}

/** Reads a queue cursor back; bad_input when it is not one the queue gave. */
export function decodeQueueCursor(cursor: string): QueueCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(value) && typeof value[0] === "number" && typeof value[1] === "string") {
      return { priority: value[0], id: value[1] };
    }
  } catch {
    // Falls through to the error below.
  }
  throw new SitrepError(
    "bad_input",
    `cursor: expected the next_cursor of a previous queue page, found "${cursor.slice(0, 40)}"`,
  );
}

/**
 * A 308 to the event an absorbed id now is (same sub-path and query), or null when the id is live or unknown.
 * Every route on /events/{id} answers a merged-away id this way.
 */
export async function redirectToSurvivor(c: Context, store: Store, id: string): Promise<Response | null> {
  if (await store.events.get(id)) return null;
  const to = await store.reviews.redirect(id);
  if (to === null) return null;
  const url = new URL(c.req.url);
  const prefix = `${API_BASE}/events/${encodeURIComponent(id)}`;
  const rest = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : "";
  return c.body(null, 308, { Location: `${API_BASE}/events/${encodeURIComponent(to)}${rest}${url.search}` });
}

/** The review a PATCH body asks for, by the token's holder; bad_input for what the schema cannot judge. */
export function reviewOf(
  patch: z.infer<typeof PatchBody>,
  current: EventStatus,
  by: string,
  at: string,
): EventReview {
  const fields = patch.fields ?? {};
  if (patch.status === undefined && Object.keys(fields).length === 0) {
    throw new SitrepError("bad_input", "body: expected status or fields to change (and a reason)");
  }
  if (
    fields.sub_event_type &&
    fields.event_type &&
    eventTypeOf(fields.sub_event_type as never) !== fields.event_type
  ) {
    throw new SitrepError(
      "bad_input",
      `fields.event_type: expected ${eventTypeOf(fields.sub_event_type as never)} for sub_event_type "${fields.sub_event_type}", found "${fields.event_type}"`,
    );
  }
  for (const name of ["fatalities", "injuries"] as const) {
    const c = fields[name];
    if (c && c.low !== undefined && c.high !== undefined && c.low > c.high) {
      throw new SitrepError("bad_input", `fields.${name}: expected low <= high, found ${c.low} > ${c.high}`);
    }
  }
  const actor = (a: z.infer<typeof Actor> | null | undefined) =>
    a === undefined ? undefined : a === null ? null : { ...a, text: a.text ?? a.name };
  const actors = {
    ...(fields.actor1 !== undefined && { actor1: actor(fields.actor1) }),
    ...(fields.actor2 !== undefined && { actor2: actor(fields.actor2) }),
    ...(fields.assoc_actors && { assoc_actors: fields.assoc_actors.map((a) => actor(a)!) }),
  };
  // Correcting fields without a status confirms the event (a rejected one stays rejected).
  const status = patch.status ?? (current === "rejected" ? "rejected" : "reviewed");
  return { status, fields: { ...fields, ...actors } as ReviewFields, by, at, note: patch.reason };
}

/** GET /review/queue, PATCH /events/{id}, POST /events/{id}/merge and /split, GET /events/{id}/history. */
export function registerReviewRoutes(app: ApiApp, { store }: ApiDeps): void {
  app.openapi(queueRoute, async (c) => {
    const q = c.req.valid("query");
    const limit = q.limit === undefined ? 50 : Number(q.limit);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new SitrepError(
        "bad_input",
        `limit: expected an integer from 1 to ${MAX_LIMIT}, found "${q.limit}"`,
      );
    }
    const after = q.cursor ? decodeQueueCursor(q.cursor) : null;
    const events = await store.reviews.queue({ limit: limit + 1, after });
    const page = events.slice(0, limit);
    const last = page.at(-1);
    return c.json(
      { events: page, next_cursor: events.length > limit && last ? encodeQueueCursor(last) : null },
      200,
    );
  });

  app.openapi(patchRoute, async (c) => {
    const { id } = c.req.valid("param");
    const redirect = await redirectToSurvivor(c, store, id);
    if (redirect) return redirect as never;
    const current = await store.events.get(id);
    if (!current) throw new SitrepError("not_found", `events: no event "${id}"`);
    const review = reviewOf(
      c.req.valid("json"),
      current.status,
      principalOf(c).name,
      new Date().toISOString(),
    );
    return c.json({ event: await store.reviews.apply(id, review) }, 200);
  });

  app.openapi(mergeRoute, async (c) => {
    const { id } = c.req.valid("param");
    const redirect = await redirectToSurvivor(c, store, id);
    if (redirect) return redirect as never;
    const { other, reason } = c.req.valid("json");
    const act = { by: principalOf(c).name, at: new Date().toISOString(), reason };
    return c.json({ event: await store.reviews.merge(id, other, act) }, 200);
  });

  app.openapi(splitRoute, async (c) => {
    const { id } = c.req.valid("param");
    const redirect = await redirectToSurvivor(c, store, id);
    if (redirect) return redirect as never;
    const { reports, reason } = c.req.valid("json");
    const act = { by: principalOf(c).name, at: new Date().toISOString(), reason };
    return c.json({ events: await store.reviews.split(id, reports, act) }, 200);
  });

  app.openapi(historyRoute, async (c) => {
    const { id } = c.req.valid("param");
    const redirect = await redirectToSurvivor(c, store, id);
    if (redirect) return redirect as never;
    if (!(await store.events.get(id))) throw new SitrepError("not_found", `events: no event "${id}"`);
    return c.json({ entries: await store.reviews.trail(id) }, 200);
  });
}
