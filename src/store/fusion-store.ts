import { type Kysely, sql } from "kysely";
import {
  buildEvent,
  type CandidateWindow,
  candidateWindow,
  clusterReports,
  sameEvent,
} from "../fuse/index.js";
import type { EventReview, SourcedReport } from "../model.js";
import { eventRow, isoDayNumber, dayIso, mergeReviews, SPAN_CLASSES, sourcedFromRow } from "./rows.js";
import type { Database } from "./schema.js";

/** What fusing one report did: events made, events changed, events merged into another. */
export interface FuseOutcome {
  readonly created: readonly string[];
  readonly updated: readonly string[];
  readonly removed: readonly string[];
}

const SOURCED_COLUMNS = [
  "id",
  "event_id",
  "data",
  "article_id",
  "article_url",
  "article_outlet",
  "article_published",
  "article_title",
] as const;

/** One stored report as candidate search returns it. */
export type CandidateRow = {
  readonly id: string;
  readonly event_id: string | null;
} & Parameters<typeof sourcedFromRow>[0];

/**
 * The stored reports that may fuse with a report in `window`: one bounded index range per span class on
 * (event_type, span_class, date_start, lat, lon), never a scan. A candidate's interval must overlap
 * [from, to]; a located candidate must lie in bbox; unlocated ones are kept when `window.unlocated`.
 */
export async function findCandidates(db: Kysely<Database>, window: CandidateWindow): Promise<CandidateRow[]> {
  const query = candidateQuery(db, window);
  return query === null ? [] : ((await query.execute()) as CandidateRow[]);
}

/** The candidate query of a window (null when the window can match nothing), for findCandidates and EXPLAIN. */
export function candidateQuery(db: Kysely<Database>, window: CandidateWindow) {
  const { from, to, bbox, eventTypes } = window;
  if (eventTypes.length === 0 || from === null || to === null) return null;
  const fromDay = isoDayNumber(from);
  const queries = SPAN_CLASSES.map((spanClass, index) => {
    let q = db
      .selectFrom("reports")
      .select(SOURCED_COLUMNS)
      .where("event_type", "in", eventTypes)
      .where("span_class", "=", index)
      .where("date_start", "<=", to)
      .where("date_end", ">=", from);
    if (Number.isFinite(spanClass.maxDays)) {
      q = q.where("date_start", ">=", dayIso(fromDay - (spanClass.maxDays - 1)));
    }
    if (bbox) {
      const [west, south, east, north] = bbox;
      q = q.where((eb) => {
        const inBox = eb.and([
          eb("lat", ">=", south),
          eb("lat", "<=", north),
          west <= east
            ? eb.and([eb("lon", ">=", west), eb("lon", "<=", east)])
            : eb.or([eb("lon", ">=", west), eb("lon", "<=", east)]),
        ]);
        return window.unlocated ? eb.or([inBox, eb("lat", "is", null)]) : inBox;
      });
    }
    return q;
  });
  const [first, ...rest] = queries;
  if (!first) return null;
  return rest.reduce((acc, q) => acc.unionAll(q), first);
}

/** The review in force for each event id, from the event_reviews audit trail. */
async function reviewsOf(
  db: Kysely<Database>,
  eventIds: readonly string[],
): Promise<Map<string, EventReview[]>> {
  const byEvent = new Map<string, EventReview[]>();
  if (eventIds.length === 0) return byEvent;
  const rows = await db
    .selectFrom("event_reviews")
    .select(["event_id", "review"])
    .where("event_id", "in", eventIds)
    .orderBy("id")
    .execute();
  for (const row of rows) byEvent.set(row.event_id, [...(byEvent.get(row.event_id) ?? []), row.review]);
  return byEvent;
}

/** Inserts or replaces an event row, keeping its created_at. */
export async function upsertEvent(
  db: Kysely<Database>,
  event: Parameters<typeof eventRow>[0],
): Promise<void> {
  const row = eventRow(event);
  const { id: _id, ...update } = row;
  await db
    .insertInto("events")
    .values(row)
    .onConflict((oc) => oc.column("id").doUpdateSet(update))
    .execute();
}

/**
 * Fuses one stored report (its row already written, event_id null) into the event store, inside the caller's
 * transaction: candidate window → indexed candidate query → sameEvent → the events the matches belong to plus
 * the new report → clusterReports → buildEvent per cluster (keeping each event's review) → rows written, the
 * events merged away deleted and their reviews moved to the event that absorbed them. No fusion logic lives here.
 */
export async function fuseReport(db: Kysely<Database>, report: SourcedReport): Promise<FuseOutcome> {
  const candidates = await findCandidates(db, candidateWindow(report.report));
  const matched = candidates.filter((c) => c.id !== report.report.id && sameEvent(report, sourcedFromRow(c)));
  const oldIds = [...new Set(matched.flatMap((c) => (c.event_id === null ? [] : [c.event_id])))].sort();
  const members =
    oldIds.length === 0
      ? []
      : ((await db
          .selectFrom("reports")
          .select(SOURCED_COLUMNS)
          .where("event_id", "in", oldIds)
          .execute()) as CandidateRow[]);
  const byId = new Map<string, CandidateRow>();
  for (const row of [...members, ...matched]) byId.set(row.id, row);
  const oldEventOf = new Map<string, string | null>([...byId.values()].map((r) => [r.id, r.event_id]));
  const union = [...[...byId.values()].filter((r) => r.id !== report.report.id).map(sourcedFromRow), report];
  const reviews = await reviewsOf(db, oldIds);
  const newIds: string[] = [];
  for (const cluster of clusterReports(union)) {
    const absorbed = [
      ...new Set(cluster.flatMap((s) => oldEventOf.get(s.report.id) ?? []).filter((id) => id !== null)),
    ].sort();
    const review = mergeReviews(absorbed.flatMap((id) => reviews.get(id) ?? []));
    const event = buildEvent(cluster, { review });
    newIds.push(event.id);
    await upsertEvent(db, event);
    const reportIds = cluster.map((s) => s.report.id);
    // One round trip: point the cluster's reports, then their claims, at the event.
    await db
      .with("moved", (q) =>
        q.updateTable("reports").set({ event_id: event.id }).where("id", "in", reportIds).returning("id"),
      )
      .updateTable("claims")
      .set({ event_id: event.id })
      .where("report_id", "in", (eb) => eb.selectFrom("moved").select("moved.id"))
      .execute();
    const moved = absorbed.filter((id) => id !== event.id);
    if (moved.length > 0) {
      await db
        .updateTable("event_reviews")
        .set({ event_id: event.id })
        .where("event_id", "in", moved)
        .execute();
    }
  }
  const removed = oldIds.filter((id) => !newIds.includes(id));
  if (removed.length > 0) await db.deleteFrom("events").where("id", "in", removed).execute();
  return {
    created: newIds.filter((id) => !oldIds.includes(id)),
    updated: newIds.filter((id) => oldIds.includes(id)),
    removed,
  };
}

/** Takes the store-wide fusion lock for the rest of the transaction, so concurrent writers fuse one at a time. */
export async function lockFusion(db: Kysely<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(7461207)`.execute(db);
}
