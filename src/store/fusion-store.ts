import { type Kysely, sql } from "kysely";
import {
  buildEvent,
  type CandidateWindow,
  candidateWindow,
  clusterReports,
  sameEvent,
} from "../fuse/index.js";
import type { EventReview, SourcedReport } from "../model.js";
import { eventRow, mergeReviews, SOURCED_REPORT_COLUMNS, SPAN_CLASSES, sourcedFromRow } from "./rows.js";
import { shiftDay } from "../util/days.js";
import type { Database } from "./schema.js";

/** What fusing one report did: events made, events changed, events merged into another. */
export interface FuseOutcome {
  readonly created: readonly string[];
  readonly updated: readonly string[];
  readonly removed: readonly string[];
}

const SOURCED_COLUMNS = ["id", "event_id", ...SOURCED_REPORT_COLUMNS] as const;

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
  const queries = SPAN_CLASSES.map((spanClass, index) => {
    let q = db
      .selectFrom("reports")
      .select(SOURCED_COLUMNS)
      .where("event_type", "in", eventTypes)
      .where("span_class", "=", index)
      .where("date_start", "<=", to)
      .where("date_end", ">=", from);
    if (Number.isFinite(spanClass.maxDays)) {
      q = q.where("date_start", ">=", shiftDay(from, -(spanClass.maxDays - 1)));
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
 * Fuses the new reports of one article (their rows already written, event_id null) into the event store, inside
 * the caller's transaction: for each report, candidate window → indexed candidate query → sameEvent; then the
 * reports of the stored events they touch and the new reports are clustered again with clusterReports (which
 * never chains distinct events, so a touched event may also split), each cluster is built with buildEvent
 * (keeping the reviews of the events it absorbs) and written; events gone are deleted and their reviews moved to
 * the event holding their first report. The result is what clusterReports over all stored reports gives,
 * whatever the order articles arrive in, except when a split frees a report that an untouched neighbouring event
 * would then take (rare; the record converges on the next report touching both). No fusion rule lives here.
 */
export async function fuseReports(
  db: Kysely<Database>,
  reports: readonly SourcedReport[],
): Promise<FuseOutcome> {
  // The stored events any new report matches; their reports and the new ones are clustered again together.
  const fresh = new Set(reports.map((s) => s.report.id));
  const touched = new Set<string>();
  for (const s of reports) {
    const candidates = await findCandidates(db, candidateWindow(s));
    for (const c of candidates) {
      if (c.event_id === null || touched.has(c.event_id) || fresh.has(c.id)) continue;
      if (sameEvent(s, sourcedFromRow(c))) touched.add(c.event_id);
    }
  }
  const oldIds = [...touched].sort();
  const members =
    oldIds.length === 0
      ? []
      : ((await db
          .selectFrom("reports")
          .select(SOURCED_COLUMNS)
          .where("event_id", "in", oldIds)
          .execute()) as CandidateRow[]);
  const reviews = await reviewsOf(db, oldIds);
  const eventOf = new Map(members.map((m) => [m.id, m.event_id]));
  const clusters = clusterReports([...members.map(sourcedFromRow), ...reports]);
  const newIds: string[] = [];
  // Where the reviews of an event that no longer exists go: the event of its first report.
  const reviewsTo = new Map<string, string>();
  for (const cluster of clusters) {
    const absorbed = [
      ...new Set(cluster.map((s) => eventOf.get(s.report.id)).filter((e): e is string => !!e)),
    ].sort();
    const review = mergeReviews(absorbed.flatMap((id) => reviews.get(id) ?? []));
    const event = buildEvent(cluster, { review });
    newIds.push(event.id);
    for (const s of cluster) {
      const old = eventOf.get(s.report.id);
      if (old && !reviewsTo.has(old)) reviewsTo.set(old, event.id);
    }
    // Only rows whose event changes: the new reports and those moved to another event.
    const reportIds = cluster
      .filter((s) => fresh.has(s.report.id) || eventOf.get(s.report.id) !== event.id)
      .map((s) => s.report.id);
    // One round trip: write the event, point the reports at it, then their claims.
    const row = eventRow(event);
    const { id: _id, ...update } = row;
    if (reportIds.length === 0) {
      await db
        .insertInto("events")
        .values(row)
        .onConflict((oc) => oc.column("id").doUpdateSet(update))
        .execute();
      continue;
    }
    await db
      .with("written", (q) =>
        q
          .insertInto("events")
          .values(row)
          .onConflict((oc) => oc.column("id").doUpdateSet(update))
          .returning("id"),
      )
      .with("moved", (q) =>
        q.updateTable("reports").set({ event_id: event.id }).where("id", "in", reportIds).returning("id"),
      )
      .updateTable("claims")
      .set({ event_id: event.id })
      .where("report_id", "in", (eb) => eb.selectFrom("moved").select("moved.id"))
      .execute();
  }
  for (const id of oldIds) {
    const to = reviewsTo.get(id);
    if (to !== undefined && to !== id && !newIds.includes(id) && reviews.has(id))
      await db.updateTable("event_reviews").set({ event_id: to }).where("event_id", "=", id).execute();
  }
  const removed = oldIds.filter((id) => !newIds.includes(id));
  if (removed.length > 0) await db.deleteFrom("events").where("id", "in", removed).execute();
  return {
    created: newIds.filter((id) => !oldIds.includes(id)),
    updated: newIds.filter((id) => oldIds.includes(id)),
    removed,
  };
}

/** Fuses one new report: fuseReports with a single report. */
export function fuseReport(db: Kysely<Database>, report: SourcedReport): Promise<FuseOutcome> {
  return fuseReports(db, [report]);
}

/** Takes the store-wide fusion lock for the rest of the transaction, so concurrent writers fuse one at a time. */
export async function lockFusion(db: Kysely<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(7461207)`.execute(db);
}
