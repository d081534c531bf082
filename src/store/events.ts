import {
  type AliasedExpression,
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type SqlBool,
  sql,
} from "kysely";
import { SitrepError } from "../errors.js";
import { eventAsOf, publishedBy } from "../fuse/index.js";
import { mergeReviews } from "../fuse/plan.js";
import type { Certainty, EventReview, EventStatus, FusedEvent, SourcedReport } from "../model.js";
import { isRealDateTime } from "../util/days.js";
import type { StoreBackend } from "./backend.js";
import { queryAsOf } from "./events-as-of.js";
import { dateColumns, EVENT_CERTAINTY, SOURCED_REPORT_COLUMNS, sourcedFromRow } from "./rows.js";
import type { Database } from "./schema.js";

/** Filters of an event query; every field is optional and they combine with AND. */
export interface EventFilter {
  /** Events whose date interval ends on or after this day (YYYY-MM-DD). */
  readonly from?: string;
  /** Events whose date interval starts on or before this day (YYYY-MM-DD). */
  readonly to?: string;
  /** [west, south, east, north] in degrees; west > east crosses the antimeridian. */
  readonly bbox?: readonly [number, number, number, number];
  readonly eventType?: string;
  readonly subEventType?: string;
  /** actor1 or actor2, case-insensitive exact name. */
  readonly actor?: string;
  readonly country?: string;
  readonly admin1?: string;
  /** actor1's certainty; an event without actor1 counts as "unknown" (eventCertainty). */
  readonly certainty?: Certainty;
  readonly status?: EventStatus;
  /** Events written (fused, re-fused or reviewed) at or after this instant (ISO date-time). */
  readonly updatedSince?: string;
  /** Full-text search (web-search syntax, English stemming) over the text and title of the events' articles. */
  readonly text?: string;
  /**
   * The record as it stood at this date (or date-time): each event rebuilt from its reports, claims and reviews
   * out by then, and the other filters applied to the rebuilt events (an event a later report moved is found
   * where it stood then).
   */
  readonly asOf?: string;
  /** Also events known only from background mentions (past events an article cites as context); default false. */
  readonly includeBackground?: boolean;
  readonly limit?: number;
  readonly offset?: number;
  /** Keyset cursor: only events sorting after this (sort key, id) pair (see eventSortKey); query and page only. */
  readonly after?: EventKey;
}

/** Where an event sorts: its sort key (see eventSortKey) and id. */
export interface EventKey {
  readonly key: string;
  readonly id: string;
}

/** One page of events as JSON texts, as the store holds them (handed on, never parsed), and where the next starts. */
export interface EventPage {
  readonly events: readonly string[];
  /** The key of the page's last event when more events match; null on the last page. */
  readonly next: EventKey | null;
}

/** Fused events: queries, one event, its reports. */
export interface EventRepository {
  /** Streams the fused events matching a filter, ordered by start date then id (news events only unless includeBackground). */
  query(filter: EventFilter): AsyncIterable<FusedEvent>;
  /** The first `limit` events a filter matches, in query order, as JSON texts, with the key the next page starts after. */
  page(filter: EventFilter & { readonly limit: number }): Promise<EventPage>;
  /** How many events match a filter (ignores limit, offset and after; with asOf, counts the events as they stood). */
  count(filter: EventFilter): Promise<number>;
  /** One event; with asOf, as it stood then (null when none of its reports was out by then). */
  get(id: string, asOf?: string): Promise<FusedEvent | null>;
  /** The reports fused into an event, with their articles' metadata; with asOf, those published by then. */
  reports(eventId: string, asOf?: string): Promise<SourcedReport[]>;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Sort key of events without a date: after every dated one. */
const UNDATED = "9999-12-31";

/** The key events are ordered by (their first day; undated last), with the id breaking ties: a query's `after`. */
export function eventSortKey(event: FusedEvent): string {
  return dateColumns(event.date).date_start ?? UNDATED;
}

/** The events' sort key as a column expression: what the events_order index and keyset cursors go by. */
const SORT_KEY = sql<string>`coalesce(date_start, ${UNDATED})`;

/** A day of a YYYY-MM-DD column as the order-keeping number of migration 0010's index (year·416 + month·32 + day). */
const dayNumberSql = (column: "date_start" | "date_end") =>
  sql`substr(${sql.ref(column)}, 1, 4)::int * 416 + substr(${sql.ref(column)}, 6, 2)::int * 32 + substr(${sql.ref(column)}, 9, 2)::int`;
/** The days an event spans, as migration 0010's index spells them. */
const EVENT_DAYS = sql`int4range(${dayNumberSql("date_start")}, ${dayNumberSql("date_end")}, '[]')`;
/** An event's point, as migration 0010's index spells it. */
const EVENT_POINT = sql`point(lon, lat)`;
/** Windows up to this many days and boxes up to this many square degrees go through the 0010 index. */
const INDEXED_DAYS = 731;
const INDEXED_AREA = 4_000;

/** The 0010 index's day number of a YYYY-MM-DD value. */
function indexDay(day: string): number {
  return Number(day.slice(0, 4)) * 416 + Number(day.slice(5, 7)) * 32 + Number(day.slice(8, 10));
}

/** The filter's box when it is small enough for the 0010 index (and does not cross the antimeridian); else null. */
function indexedBox(filter: EventFilter): readonly [number, number, number, number] | null {
  const box = filter.bbox;
  if (!box || box[0] > box[2]) return null;
  return (box[2] - box[0]) * (box[3] - box[1]) <= INDEXED_AREA ? box : null;
}

/** Events whose point lies in a box, as the 0010 index (news with dates) and the 0014 index (every event) answer it. */
export function pointIn([west, south, east, north]: readonly [number, number, number, number]) {
  return sql<SqlBool>`${EVENT_POINT} <@ box(point(${west}, ${south}), point(${east}, ${north}))`;
}

/**
 * The conditions that let a window (from and to, which imply a dated event, as the index's rows are) use the
 * events_when_where index when it is narrow or comes with a small box (same result: they repeat the plain
 * conditions). Wide ones are left to the plain conditions: an index scan returning most of the table to be sorted
 * would be slower than reading the events in order.
 */
function whenWhere(filter: EventFilter): Expression<SqlBool>[] {
  const { from, to } = filter;
  if (!from || !to || from > to) return [];
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  const box = indexedBox(filter);
  if (days > INDEXED_DAYS && !box) return [];
  const parts = [sql<SqlBool>`${EVENT_DAYS} && int4range(${indexDay(from)}, ${indexDay(to)}, '[]')`];
  if (box) parts.push(pointIn(box));
  return parts;
}

function checkDay(value: string | undefined, name: string): void {
  if (value !== undefined && !ISO_DAY.test(value)) {
    throw new SitrepError("bad_input", `store: expected ${name} as YYYY-MM-DD, found "${value}"`);
  }
}

/** The WHERE clause of an event filter over the events table (queries, counts and aggregates). */
export function eventWhere(filter: EventFilter) {
  return filterWhere(filter, !filter.includeBackground);
}

/**
 * The WHERE clause of an event filter; `indexed` adds whenWhere's conditions for events_when_where (the runs of a
 * windowed query say for themselves which index they go through).
 */
function filterWhere(filter: EventFilter, indexed: boolean) {
  checkDay(filter.from, "from");
  checkDay(filter.to, "to");
  if (filter.updatedSince !== undefined && !isRealDateTime(filter.updatedSince)) {
    throw new SitrepError(
      "bad_input",
      `store: expected updatedSince as an ISO date-time, found "${filter.updatedSince}"`,
    );
  }
  return (eb: ExpressionBuilder<Database, "events">): Expression<SqlBool> => {
    const parts: Expression<SqlBool>[] = [];
    // Spelled as the partial index events_news_order is, so deep pages of news events stay index range scans.
    if (!filter.includeBackground) parts.push(sql<SqlBool>`not is_background`);
    if (filter.from) parts.push(eb("date_end", ">=", filter.from));
    if (filter.to) parts.push(eb("date_start", "<=", filter.to));
    if (filter.bbox) {
      const [west, south, east, north] = filter.bbox;
      parts.push(eb("lat", ">=", south), eb("lat", "<=", north));
      parts.push(
        west <= east
          ? eb.and([eb("lon", ">=", west), eb("lon", "<=", east)])
          : eb.or([eb("lon", ">=", west), eb("lon", "<=", east)]),
      );
    }
    if (indexed) parts.push(...whenWhere(filter));
    if (filter.eventType) parts.push(eb("event_type", "=", filter.eventType));
    if (filter.subEventType) parts.push(eb("sub_event_type", "=", filter.subEventType));
    if (filter.actor) {
      const name = filter.actor.toLowerCase();
      parts.push(eb.or([eb(sql`lower(actor1)`, "=", name), eb(sql`lower(actor2)`, "=", name)]));
    }
    if (filter.country) parts.push(eb("country", "=", filter.country));
    if (filter.admin1) parts.push(eb("admin1", "=", filter.admin1));
    if (filter.certainty) parts.push(eb(EVENT_CERTAINTY, "=", filter.certainty));
    if (filter.status) parts.push(eb("status", "=", filter.status));
    if (filter.updatedSince) {
      parts.push(eb("updated_at", ">=", sql<Date>`${filter.updatedSince}::timestamptz`));
    }
    if (filter.text) {
      parts.push(
        eb(
          "id",
          "in",
          eb
            .selectFrom("reports")
            .innerJoin("articles", "articles.id", "reports.article_id")
            .select("reports.event_id")
            .where(
              sql<SqlBool>`to_tsvector('english', coalesce(articles.title, '') || ' ' || articles.text) @@ websearch_to_tsquery('english', ${filter.text})`,
            ),
        ),
      );
    }
    return eb.and(parts);
  };
}

/** The 0010 index's days of `from` and the number before it: an event spanning both began before `from`. */
const dayBeforeAndOf = (from: string) => sql`int4range(${indexDay(from) - 1}, ${indexDay(from)}, '[]')`;

/** The day numbers the first slice of a sliced run spans; each next slice spans twice as many as the one before. */
const FIRST_SLICE = 8;
/** The last day of the 0010 index's days: the end of a window without `to`. */
const LAST_DAY = indexDay(UNDATED);

/**
 * A window cut in slices, for a small box: slice k spans day numbers first + FIRST_SLICE·(2^k − 1) to the day before
 * the next, the last ending on `last` (day numbers of the 0010 index).
 */
interface Slices {
  readonly first: number;
  readonly last: number;
  /** Index of the last slice. */
  readonly count: number;
}

/** The slices of the days first..last: as many as it takes doubling spans to reach `last`. */
function slicesOf(first: number, last: number): Slices {
  let count = 0;
  while (first + FIRST_SLICE * (2 ** (count + 1) - 1) <= last) count++;
  return { first, last, count };
}

/** A WHERE clause over the events table. */
type WhereOf = ReturnType<typeof eventWhere>;

/**
 * How a filter's events are read, as runs whose results follow one another in sort key order. With a `from` day
 * (news events, from <= to): `before`, the events begun before it and still under way on it (found in
 * events_when_where as the day ranges holding the day before it and it, an exact test: the plain `date_start <
 * from` would draw the planner into ANDing events_date's whole prefix), then those beginning on it or later:
 * with a small box in `slices` of the window, each looked up in events_when_where by days and box and sorted (only
 * as many slices as the page needs are read), else in order from events_news_order at `from`, so LIMIT stops
 * early however wide the window (without whenWhere's conditions, which would tempt the planner into sorting the
 * whole window). Without `from`, one ordered run: the plain filter.
 */
type EventRuns =
  | { readonly kind: "one"; readonly where: WhereOf }
  | { readonly kind: "ordered"; readonly before: WhereOf; readonly where: WhereOf }
  | { readonly kind: "sliced"; readonly before: WhereOf; readonly where: WhereOf; readonly slices: Slices };

/** The runs a filter's events are read in (see EventRuns); `after` moves the first slice to the cursor's day. */
function eventRuns(filter: EventFilter, after: EventKey | null): EventRuns {
  const { from, to } = filter;
  if (!from || filter.includeBackground || (to !== undefined && from > to)) {
    return { kind: "one", where: eventWhere(filter) };
  }
  const where = filterWhere(filter, false);
  const under = filterWhere({ ...filter, to: undefined }, false);
  const before: WhereOf = (eb) =>
    eb.and([
      under(eb),
      sql<SqlBool>`date_start is not null`,
      sql<SqlBool>`${EVENT_DAYS} @> ${dayBeforeAndOf(from)}`,
    ]);
  const box = indexedBox(filter);
  // A page after a cursor starts its slices on the cursor's day: the days before it hold nothing left to read.
  const start = after && ISO_DAY.test(after.key) && after.key > from ? after.key : from;
  if (box && (to === undefined || start <= to)) {
    const slices = slicesOf(indexDay(start), to === undefined ? LAST_DAY : indexDay(to));
    return { kind: "sliced", before, where: (eb) => eb.and([where(eb), pointIn(box)]), slices };
  }
  const onward: WhereOf = (eb) =>
    eb.and([where(eb), eb(SORT_KEY, ">=", from), ...(to === undefined ? [] : [eb(SORT_KEY, "<=", to)])]);
  return { kind: "ordered", before, where: onward };
}

/** Slice `slice.k`'s first and last day numbers (see Slices), as SQL over the lateral slice row. */
function sliceBounds({ first, last }: Slices) {
  const lo = sql`${first} + ${FIRST_SLICE} * ((1 << slice.k) - 1)`;
  const hi = sql`least(${first} + ${FIRST_SLICE} * ((1 << (slice.k + 1)) - 1) - 1, ${last})`;
  return { lo, hi };
}

/** An event row as the runs give it. */
interface EventRow {
  readonly id: string;
  readonly sort_key: string;
  readonly data: FusedEvent;
}

/**
 * Events matching a filter in (sort key, id) order after `after`: their ids and sort keys, `data` to add. The
 * `before` run (few events) is read whole: an order and a limit there would send the planner down the sort key
 * index from the beginning of time. The slices of a sliced run are joined laterally in order, each sorted and cut
 * to the page, and the join is cut to the page too, so the slices after the page's end are never read (a nested
 * loop hands its rows on in the order of its outer side, the slices').
 */
function orderedEvents(
  db: Kysely<Database>,
  filter: EventFilter,
  after: EventKey | null,
  limit: number,
  offset: number,
) {
  const run = (where: WhereOf) =>
    db
      .selectFrom("events")
      .select(["id", SORT_KEY.as("sort_key"), "data"])
      .where(where)
      .$if(after !== null, (q) =>
        q.where((eb) => eb(eb.refTuple(SORT_KEY, "id"), ">", eb.tuple(after!.key, after!.id))),
      );
  const ordered = (where: WhereOf) =>
    run(where)
      .orderBy(SORT_KEY)
      .orderBy("id")
      .limit(limit + offset);
  const runs = eventRuns(filter, after);
  const page = (from: AliasedExpression<EventRow, "e">) =>
    db
      .selectFrom(from)
      .select(["e.id", "e.sort_key"])
      .orderBy("e.sort_key")
      .orderBy("e.id")
      .limit(limit)
      .offset(offset);
  const sliced = (where: WhereOf, slices: Slices) => {
    const { lo, hi } = sliceBounds(slices);
    return db
      .selectFrom(sql<{ k: number }>`(select k from generate_series(0, ${slices.count}) as k)`.as("slice"))
      .innerJoinLateral(
        ordered((eb) =>
          eb.and([
            where(eb),
            sql<SqlBool>`${EVENT_DAYS} && int4range(${lo}, ${hi}, '[]')`,
            sql<SqlBool>`${dayNumberSql("date_start")} between ${lo} and ${hi}`,
          ]),
        ).as("s"),
        (join) => join.onTrue(),
      )
      .select(["s.id", "s.sort_key", "s.data"])
      .limit(limit + offset);
  };
  if (runs.kind === "one") return page(ordered(runs.where).as("e"));
  const onward =
    runs.kind === "ordered"
      ? db.selectFrom(ordered(runs.where).as("o")).selectAll()
      : db.selectFrom(sliced(runs.where, runs.slices).as("o")).selectAll();
  return page(run(runs.before).unionAll(onward).as("e"));
}

/** An event as a page carries it: id, sort key and its JSON text. */
interface EventJsonRow {
  readonly id: string;
  readonly sort_key: string;
  readonly json: string;
}

/** What a page of `filter.limit` events reads: one event more, telling whether another page follows. */
const withNextRow = <F extends EventFilter & { readonly limit: number }>(filter: F): F => ({
  ...filter,
  limit: filter.limit + 1,
});

/**
 * The statement of a page of stored events (asOf aside), each as its JSON text (the jsonb printed by the
 * database, so nothing parses it on the way out): exported so the API bench times the very SQL the page runs.
 */
export function eventPageQuery(db: Kysely<Database>, filter: EventFilter & { readonly limit: number }) {
  const { limit, after, offset } = withNextRow(filter);
  return orderedEvents(db, filter, after ?? null, limit, offset ?? 0).select(
    sql<string>`e.data::text`.as("json"),
  );
}

/** The events repository over a backend. */
export function eventRepository(backend: StoreBackend): EventRepository {
  const { db } = backend;

  async function reportsOf(eventId: string): Promise<SourcedReport[]> {
    const rows = await db
      .selectFrom("reports")
      .select(SOURCED_REPORT_COLUMNS)
      .where("event_id", "=", eventId)
      .orderBy("id")
      .execute();
    return rows.map(sourcedFromRow);
  }

  async function reviewsAsOf(eventId: string, asOf: string | null): Promise<EventReview | null> {
    const rows = await db
      .selectFrom("event_reviews")
      .select(["review", "reviewed_at"])
      .where("event_id", "=", eventId)
      .orderBy("id")
      .execute();
    return mergeReviews(
      rows.filter((r) => asOf === null || r.reviewed_at.slice(0, asOf.length) <= asOf).map((r) => r.review),
    );
  }

  async function eventThen(id: string, asOf: string): Promise<FusedEvent | null> {
    return eventAsOf(await reportsOf(id), asOf, await reviewsAsOf(id, asOf));
  }

  /** The rows of a page of events rebuilt as they stood at filter.asOf, their JSON texts serialised here. */
  async function pageAsOf(filter: EventFilter & { readonly limit: number }): Promise<EventJsonRow[]> {
    const rows: EventJsonRow[] = [];
    for await (const event of repository.query(withNextRow(filter))) {
      rows.push({ id: event.id, sort_key: eventSortKey(event), json: JSON.stringify(event) });
    }
    return rows;
  }

  const repository: EventRepository = {
    async *query(filter) {
      if (filter.asOf !== undefined) {
        const asOf = filter.asOf;
        checkDay(filter.from, "from");
        checkDay(filter.to, "to");
        yield* queryAsOf(db, { ...filter, asOf }, (id) => eventThen(id, asOf));
        return;
      }
      const limit = filter.limit ?? Number.POSITIVE_INFINITY;
      const page = 500;
      // Keyset pagination on (start date, id), served by the events_order index: every page costs the same,
      // however deep into a million-event export it is. The caller's offset applies to the first page only.
      let after: EventKey | null = filter.after ?? null;
      let offset = filter.offset ?? 0;
      let sent = 0;
      while (sent < limit) {
        const requested = Math.min(page, limit - sent);
        const rows = await orderedEvents(db, filter, after, requested, offset).select("e.data").execute();
        offset = 0;
        for (const row of rows) yield row.data;
        sent += rows.length;
        const tail = rows.at(-1);
        if (!tail || rows.length < requested) break;
        after = { key: tail.sort_key, id: tail.id };
      }
    },

    async page(filter) {
      const rows =
        filter.asOf === undefined ? await eventPageQuery(db, filter).execute() : await pageAsOf(filter);
      const last = rows.length > filter.limit ? rows[filter.limit - 1] : undefined;
      return {
        events: rows.slice(0, filter.limit).map((r) => r.json),
        next: last ? { key: last.sort_key, id: last.id } : null,
      };
    },

    async count(filter) {
      if (filter.asOf !== undefined) {
        let n = 0;
        const { limit: _l, offset: _o, after: _a, ...all } = filter;
        for await (const _event of repository.query(all)) n++;
        return n;
      }
      const row = await db
        .selectFrom("events")
        .select((eb) => eb.fn.countAll<string | number>().as("n"))
        .where(eventWhere(filter))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async get(id, asOf) {
      if (asOf !== undefined) return eventThen(id, asOf);
      const row = await db.selectFrom("events").select("data").where("id", "=", id).executeTakeFirst();
      return row?.data ?? null;
    },

    async reports(eventId, asOf) {
      const all = await reportsOf(eventId);
      return asOf === undefined ? all : all.filter((s) => publishedBy(s.article.published, asOf));
    },
  };
  return repository;
}
