import { type Kysely, sql } from "kysely";
import { buildEvent, type CandidateWindow, candidateWindow, sameEvent } from "../fuse/index.js";
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
 * Fuses the new reports of one article (their rows already written, event_id null) into the event store, inside
 * the caller's transaction: for each report, candidate window → indexed candidate query → sameEvent; then the
 * new reports and the stored events they touch form groups (connected through shared events), and each group is
 * built once with buildEvent (keeping the reviews of the events it absorbs) and written; events merged away are
 * deleted and their reviews moved to the event that absorbed them. A stored event is already one connected
 * component of sameEvent, so a group is one too: the result is what clusterReports over all stored reports would
 * give, whatever the order articles arrive in. No fusion rule lives here.
 */
export async function fuseReports(
  db: Kysely<Database>,
  reports: readonly SourcedReport[],
): Promise<FuseOutcome> {
  // Union-find over the new report ids and the stored event ids they match.
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r) ?? r;
    parent.set(x, r);
    return r;
  };
  const join = (a: string, b: string) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra === rb) return;
    if (ra < rb) parent.set(rb, ra);
    else parent.set(ra, rb);
  };
  const node = (x: string) => {
    if (!parent.has(x)) parent.set(x, x);
    return x;
  };
  const fresh = new Set(reports.map((s) => s.report.id));
  for (const s of reports) {
    const me = node(`r:${s.report.id}`);
    const candidates = await findCandidates(db, candidateWindow(s.report));
    for (const c of candidates) {
      if (fresh.has(c.id) || !sameEvent(s, sourcedFromRow(c))) continue;
      if (c.event_id !== null) join(me, node(`e:${c.event_id}`));
    }
  }
  const oldIds = [...parent.keys()].filter((k) => k.startsWith("e:")).map((k) => k.slice(2));
  const members =
    oldIds.length === 0
      ? []
      : ((await db
          .selectFrom("reports")
          .select(SOURCED_COLUMNS)
          .where("event_id", "in", oldIds)
          .execute()) as CandidateRow[]);
  const reviews = await reviewsOf(db, oldIds);
  const groups = new Map<string, { reports: SourcedReport[]; absorbed: string[] }>();
  const group = (key: string) => {
    const root = find(key);
    const g = groups.get(root) ?? { reports: [], absorbed: [] };
    groups.set(root, g);
    return g;
  };
  for (const id of oldIds) group(`e:${id}`).absorbed.push(id);
  for (const row of members) group(`e:${row.event_id}`).reports.push(sourcedFromRow(row));
  for (const s of reports) group(`r:${s.report.id}`).reports.push(s);
  const newIds: string[] = [];
  for (const g of groups.values()) {
    const absorbed = g.absorbed.sort();
    const review = mergeReviews(absorbed.flatMap((id) => reviews.get(id) ?? []));
    const event = buildEvent(g.reports, { review });
    newIds.push(event.id);
    // Only rows whose event changes: the new reports and those of events merged into another id.
    const reportIds = [
      ...g.reports.filter((s) => fresh.has(s.report.id)).map((s) => s.report.id),
      ...members
        .filter((m) => m.event_id !== event.id && absorbed.includes(m.event_id ?? ""))
        .map((m) => m.id),
    ];
    // One round trip: write the event, point the reports at it, then their claims.
    const row = eventRow(event);
    const { id: _id, ...update } = row;
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

/** Fuses one new report: fuseReports with a single report. */
export function fuseReport(db: Kysely<Database>, report: SourcedReport): Promise<FuseOutcome> {
  return fuseReports(db, [report]);
}

/** Takes the store-wide fusion lock for the rest of the transaction, so concurrent writers fuse one at a time. */
export async function lockFusion(db: Kysely<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(7461207)`.execute(db);
}
