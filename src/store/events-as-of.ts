// Event queries as the record stood at a date (EventFilter.asOf). An event's date, place and type then are the
// ones its reports published by that date give, which may differ from its columns now (a later report moved it),
// so candidates are found through the reports, each is rebuilt as of the date, and the filters judge the rebuilt
// event. Streamed in the order of the rebuilt events' sort keys, so keyset cursors work as they do without asOf.
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from "kysely";
import type { Kysely } from "kysely";
import type { FusedEvent } from "../model.js";
import type { EventFilter } from "./events.js";
import { dateColumns, eventCertainty } from "./rows.js";
import type { Database } from "./schema.js";

/** Sort key of events without a date: after every dated one (as in events.ts). */
const UNDATED = "9999-12-31";
/** Rows read per statement. */
const PAGE = 500;
/** Rebuilt events kept while scanning (an event's reports usually sit close together in date order). */
const CACHE = 2_000;

/** The sort key of an event (its first day; undated last). */
const sortKey = (event: FusedEvent): string => dateColumns(event.date).date_start ?? UNDATED;

/** True when a rebuilt event passes every filter of `filter` that concerns the event itself (not text, cursor or paging). */
export function matchesFilter(event: FusedEvent, filter: EventFilter): boolean {
  const { date_start, date_end } = dateColumns(event.date);
  const loc = event.location;
  const actor = filter.actor?.toLowerCase();
  const lonIn = (lon: number, [west, , east]: readonly number[]) =>
    west! <= east! ? lon >= west! && lon <= east! : lon >= west! || lon <= east!;
  return (
    (filter.includeBackground === true || !event.is_background) &&
    (filter.from === undefined || (date_end !== null && date_end >= filter.from)) &&
    (filter.to === undefined || (date_start !== null && date_start <= filter.to)) &&
    (filter.bbox === undefined ||
      (loc !== null &&
        loc.lat >= filter.bbox[1] &&
        loc.lat <= filter.bbox[3] &&
        lonIn(loc.lon, filter.bbox))) &&
    (filter.eventType === undefined || event.event_type === filter.eventType) &&
    (filter.subEventType === undefined || event.sub_event_type === filter.subEventType) &&
    (actor === undefined ||
      event.actor1?.name.toLowerCase() === actor ||
      event.actor2?.name.toLowerCase() === actor) &&
    (filter.country === undefined || loc?.country === filter.country) &&
    (filter.admin1 === undefined || loc?.admin1 === filter.admin1) &&
    (filter.certainty === undefined || eventCertainty(event) === filter.certainty) &&
    (filter.status === undefined || event.status === filter.status)
  );
}

type ReportsEb = ExpressionBuilder<Database & { r: Database["reports"] }, "r">;

/** Streams the events as they stood at filter.asOf that match the filter, ordered by (sort key, id). */
export async function* queryAsOf(
  db: Kysely<Database>,
  filter: EventFilter & { asOf: string },
  rebuild: Rebuild,
): AsyncGenerator<FusedEvent> {
  let skip = filter.offset ?? 0;
  let left = filter.limit ?? Number.POSITIVE_INFINITY;
  for await (const event of candidates(db, filter, cached(rebuild))) {
    if (left <= 0) return;
    if (skip > 0) {
      skip--;
      continue;
    }
    left--;
    yield event;
  }
}

/** An event as it stood at the date of the query (null: none of its reports was out by then). */
export type Rebuild = (id: string) => Promise<FusedEvent | null>;

/** A Rebuild with a bounded cache (the rows of one event come several times while scanning). */
function cached(rebuild: Rebuild): Rebuild {
  const cache = new Map<string, FusedEvent | null>();
  return async (id) => {
    if (cache.has(id)) return cache.get(id)!;
    const event = await rebuild(id);
    if (cache.size >= CACHE) cache.delete(cache.keys().next().value!);
    cache.set(id, event);
    return event;
  };
}

/** SQL twin of outBy over a column. */
const outBySql = (column: string, asOf: string) =>
  sql<SqlBool>`(${sql.ref(column)} is null or substr(${sql.ref(column)}, 1, ${asOf.length}) <= ${asOf})`;

/**
 * Events that may match as of the date, judged from the reports out by then: a field of the rebuilt event is one
 * of its reports' values, so each filtered field needs some report carrying a matching value (a review out by then
 * may set any value, so reviewed events always pass). Only prunes: the rebuilt event is judged exactly afterwards.
 */
function mayMatch(filter: EventFilter & { asOf: string }) {
  const { asOf } = filter;
  return (eb: ReportsEb): Expression<SqlBool> => {
    const report = (
      test: (o: ExpressionBuilder<Database & { o: Database["reports"] }, "o">) => Expression<SqlBool>,
    ) =>
      eb.exists(
        eb
          .selectFrom("reports as o")
          .select(sql`1`.as("one"))
          .whereRef("o.event_id", "=", "r.event_id")
          .where(outBySql("o.article_published", asOf))
          .where(test),
      );
    const parts: Expression<SqlBool>[] = [];
    if (filter.bbox) {
      const [west, south, east, north] = filter.bbox;
      parts.push(
        report((o) =>
          o.and([
            o("o.lat", ">=", south),
            o("o.lat", "<=", north),
            west <= east
              ? o.and([o("o.lon", ">=", west), o("o.lon", "<=", east)])
              : o.or([o("o.lon", ">=", west), o("o.lon", "<=", east)]),
          ]),
        ),
      );
    }
    if (filter.eventType) parts.push(report((o) => o("o.event_type", "=", filter.eventType!)));
    if (filter.subEventType) parts.push(report((o) => o("o.sub_event_type", "=", filter.subEventType!)));
    if (filter.actor) {
      const name = filter.actor.toLowerCase();
      parts.push(
        report((o) => o.or([o(sql`lower(o.actor1)`, "=", name), o(sql`lower(o.actor2)`, "=", name)])),
      );
    }
    if (filter.country) parts.push(report((o) => o("o.country", "=", filter.country!)));
    if (filter.admin1) parts.push(report((o) => o("o.admin1", "=", filter.admin1!)));
    const fields = parts.length === 0 ? sql<SqlBool>`true` : eb.and(parts);
    const reviewed = eb.exists(
      eb
        .selectFrom("event_reviews as v")
        .select(sql`1`.as("one"))
        .whereRef("v.event_id", "=", "r.event_id")
        .where(outBySql("v.reviewed_at", asOf)),
    );
    const checks: Expression<SqlBool>[] = [eb.or([fields, reviewed])];
    // Full text over the articles out by then: exact, so the rebuilt event needs no second look at it.
    if (filter.text) {
      checks.push(
        eb(
          "r.event_id",
          "in",
          eb
            .selectFrom("reports as t")
            .innerJoin("articles", "articles.id", "t.article_id")
            .select("t.event_id")
            .where(outBySql("t.article_published", asOf))
            .where(
              sql<SqlBool>`to_tsvector('english', coalesce(articles.title, '') || ' ' || articles.text) @@ websearch_to_tsquery('english', ${filter.text})`,
            ),
        ),
      );
    }
    return eb.and(checks);
  };
}

interface KeyRow {
  readonly key: string;
  readonly event_id: string;
  readonly tie: string;
}

/**
 * The matching events in (sort key, id) order. Dated events: the report rows out by then (and the dates reviews
 * out by then set) are read in (day, event, row) order, and an event is given out at the first row whose day is its
 * rebuilt first day: the rebuilt date is one report's (or the review's), so every event comes once, in key order,
 * and a cursor resumes the scan exactly. Undated events follow, by id, from their undated reports.
 */
async function* candidates(
  db: Kysely<Database>,
  filter: EventFilter & { asOf: string },
  rebuild: Rebuild,
): AsyncGenerator<FusedEvent> {
  const { asOf } = filter;
  const after = filter.after ?? null;
  const pass = (event: FusedEvent | null): event is FusedEvent =>
    event !== null && matchesFilter(event, filter);
  const where = mayMatch(filter);

  if (after === null || after.key < UNDATED) {
    let last: KeyRow | null = null;
    let previous: string | null = null;
    for (;;) {
      const rows: KeyRow[] = await db
        .selectFrom((eb) =>
          eb
            .selectFrom("reports as r")
            .select(["r.date_start as key", "r.event_id", "r.id as tie"])
            .where("r.event_id", "is not", null)
            .where("r.date_start", "is not", null)
            .where(outBySql("r.article_published", asOf))
            .where(where)
            .unionAll(
              eb
                .selectFrom("event_reviews as r")
                .select([
                  sql<string>`least(r.review->'fields'->'date'->>'start', r.review->'fields'->'date'->>'end')`.as(
                    "key",
                  ),
                  "r.event_id",
                  sql<string>`''`.as("tie"),
                ])
                .where(outBySql("r.reviewed_at", asOf))
                .where(sql<SqlBool>`r.review->'fields'->'date'->>'precision' <> 'unknown'`),
            )
            .as("k"),
        )
        .select(["k.key", "k.event_id", "k.tie"])
        .where("k.key", "is not", null)
        .$if(filter.to !== undefined, (q) => q.where("k.key", "<=", filter.to!))
        .$if(last === null && after !== null, (q) =>
          q.where((eb) => eb(eb.refTuple("k.key", "k.event_id"), ">", eb.tuple(after!.key, after!.id))),
        )
        .$if(last !== null, (q) =>
          q.where((eb) =>
            eb(
              eb.refTuple("k.key", "k.event_id", "k.tie"),
              ">",
              eb.tuple(last!.key, last!.event_id, last!.tie),
            ),
          ),
        )
        .orderBy("k.key")
        .orderBy("k.event_id")
        .orderBy("k.tie")
        .limit(PAGE)
        .execute()
        .then((rs) => rs.map((r) => ({ key: r.key!, event_id: r.event_id!, tie: r.tie })));
      for (const row of rows) {
        const here = `${row.key}\u0000${row.event_id}`;
        if (here === previous) continue;
        const event = await rebuild(row.event_id);
        // Given out at its own day only; the row that matched marks the event done for this day.
        if (event === null || sortKey(event) !== row.key) continue;
        previous = here;
        if (pass(event)) yield event;
      }
      last = rows.at(-1) ?? null;
      if (rows.length < PAGE) break;
    }
  }

  // An undated event has no dated report among the ones that decide (or none at all): it has an undated report.
  if (filter.from !== undefined || filter.to !== undefined) return;
  const afterId = after && after.key === UNDATED ? after.id : null;
  let lastId: { event_id: string; tie: string } | null = null;
  let previous: string | null = null;
  for (;;) {
    const rows = await db
      .selectFrom("reports as r")
      .select(["r.event_id", "r.id as tie"])
      .where("r.event_id", "is not", null)
      .where(sql<SqlBool>`r.data->'date'->>'precision' = 'unknown'`)
      .where(outBySql("r.article_published", asOf))
      .where(where)
      .$if(lastId === null && afterId !== null, (q) => q.where("r.event_id", ">", afterId!))
      .$if(lastId !== null, (q) =>
        q.where((eb) => eb(eb.refTuple("r.event_id", "r.id"), ">", eb.tuple(lastId!.event_id, lastId!.tie))),
      )
      .orderBy("r.event_id")
      .orderBy("r.id")
      .limit(PAGE)
      .execute();
    for (const row of rows) {
      if (row.event_id === previous) continue;
      previous = row.event_id;
      const event = await rebuild(row.event_id!);
      if (event !== null && sortKey(event) === UNDATED && pass(event)) yield event;
    }
    const tail = rows.at(-1);
    if (!tail || rows.length < PAGE) break;
    lastId = { event_id: tail.event_id!, tie: tail.tie };
  }
}
