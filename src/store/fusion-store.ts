import { type Kysely, sql } from "kysely";
import { type CandidateWindow, candidateWindow } from "../fuse/index.js";
import { eventLocks, type FusionLock, fusionLocks } from "../fuse/locks.js";
import { type FusionPlan, planFusion, type StoredReport, touchedEvents } from "../fuse/plan.js";
import type { EventReview, FusedEvent, SourcedReport } from "../model.js";
import { eventRow, SOURCED_REPORT_COLUMNS, SPAN_CLASSES, sourcedFromRow } from "./rows.js";
import { shiftDay } from "../util/days.js";
import type { Database } from "./schema.js";

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

/** The reviews of each event id, from the event_reviews audit trail, oldest first. */
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

/** The event columns a fused event rewrites on conflict (all but id and created_at). */
const EVENT_UPDATE_COLUMNS = [
  "data",
  "event_type",
  "sub_event_type",
  "date_start",
  "date_end",
  "lat",
  "lon",
  "actor1",
  "actor2",
  "country",
  "admin1",
  "is_background",
  "status",
  "fatalities_low",
  "fatalities_best",
  "fatalities_high",
  "report_count",
  "updated_at",
] as const;

/** Inserts or replaces event rows in one statement, keeping each one's created_at. */
export async function upsertEvents(db: Kysely<Database>, events: readonly FusedEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto("events")
    .values(events.map(eventRow))
    .onConflict((oc) =>
      oc
        .column("id")
        .doUpdateSet(
          Object.fromEntries(EVENT_UPDATE_COLUMNS.map((c) => [c, sql.ref(`excluded.${c}`)])) as never,
        ),
    )
    .execute();
}

/** Rows per statement when pointing reports at events (two parameters each, far below PostgreSQL's limit). */
const ASSIGN_CHUNK = 5000;

/** What the store holds around new reports: the reports of the events they touch, and those events' reviews. */
export async function loadNeighbours(
  db: Kysely<Database>,
  fresh: readonly SourcedReport[],
): Promise<{ members: StoredReport[]; reviews: Map<string, EventReview[]> }> {
  const candidates = [];
  for (const s of fresh) {
    const rows = await findCandidates(db, candidateWindow(s));
    candidates.push({ fresh: s, stored: rows.map(storedFromRow) });
  }
  const touched = touchedEvents(candidates);
  if (touched.length === 0) return { members: [], reviews: new Map() };
  const rows = (await db
    .selectFrom("reports")
    .select(SOURCED_COLUMNS)
    .where("event_id", "in", touched)
    .execute()) as CandidateRow[];
  return { members: rows.map(storedFromRow), reviews: await reviewsOf(db, touched) };
}

function storedFromRow(row: CandidateRow): StoredReport {
  return { eventId: row.event_id, sourced: sourcedFromRow(row) };
}

/**
 * Applies a fusion plan inside the caller's transaction: events written in one statement, reports and their
 * claims pointed at their events, reviews of deleted events moved, deleted events removed.
 */
export async function applyPlan(db: Kysely<Database>, plan: FusionPlan): Promise<void> {
  await upsertEvents(db, plan.events);
  for (let i = 0; i < plan.assign.length; i += ASSIGN_CHUNK) {
    const chunk = plan.assign.slice(i, i + ASSIGN_CHUNK);
    const values = sql.join(chunk.map((a) => sql`(${a.reportId}, ${a.eventId})`));
    await sql`with v(report_id, event_id) as (values ${values}),
      moved as (update reports r set event_id = v.event_id from v where r.id = v.report_id returning r.id)
      update claims c set event_id = v.event_id from v where c.report_id = v.report_id`.execute(db);
  }
  for (const { from, to } of plan.reviewsMoved) {
    await db.updateTable("event_reviews").set({ event_id: to }).where("event_id", "=", from).execute();
  }
  if (plan.deleted.length > 0) await db.deleteFrom("events").where("id", "in", plan.deleted).execute();
}

/**
 * Fuses new reports (their rows already written, event_id null) into the store inside the caller's
 * transaction: loadNeighbours → planFusion (src/fuse/plan.ts, pure) → applyPlan. With `lockEvents` (PostgreSQL,
 * where other writers run), the events the batch touches are locked and their members read again until no
 * new event is touched, so two writers never re-cluster one event from stale reads. Returns the plan applied.
 */
export async function fuseReports(
  db: Kysely<Database>,
  reports: readonly SourcedReport[],
  options: { lockEvents?: boolean } = {},
): Promise<FusionPlan> {
  let neighbours = await loadNeighbours(db, reports);
  if (options.lockEvents) {
    const locked = new Set<string>();
    for (;;) {
      const ids = touchedIds(neighbours.members).filter((id) => !locked.has(id));
      if (ids.length === 0) break;
      await takeLocks(db, eventLocks(ids));
      for (const id of ids) locked.add(id);
      neighbours = await loadNeighbours(db, reports);
    }
  }
  const plan = planFusion(reports, neighbours.members, neighbours.reviews);
  await applyPlan(db, plan);
  return plan;
}

function touchedIds(members: readonly StoredReport[]): string[] {
  return [...new Set(members.flatMap((m) => (m.eventId === null ? [] : [m.eventId])))];
}

/** Takes the store-wide fusion lock exclusive for the rest of the transaction (reviews): no writer fuses meanwhile. */
export async function lockFusion(db: Kysely<Database>): Promise<void> {
  await takeLocks(db, [{ ...STORE_WIDE, shared: false }]);
}

const STORE_WIDE = fusionLocks([])[0]!;

/**
 * Takes advisory transaction locks in the order given (fusionLocks sorts them, so writers never wait in a
 * cycle), in one round trip: the ordered subquery feeds the lock calls one row at a time.
 */
export async function takeLocks(db: Kysely<Database>, locks: readonly FusionLock[]): Promise<void> {
  if (locks.length === 0) return;
  const spaces = locks.map((l) => l.space);
  const keys = locks.map((l) => l.key);
  const shared = locks.map((l) => l.shared);
  await sql`select count(case when l.shared then pg_advisory_xact_lock_shared(l.space, l.key)::text
      else pg_advisory_xact_lock(l.space, l.key)::text end)
    from (select * from unnest(${spaces}::int[], ${keys}::int[], ${shared}::boolean[]) with ordinality
          as t(space, key, shared, n) order by n) l`.execute(db);
}
