import { type Kysely, sql } from "kysely";
import {
  type CandidateWindow,
  candidateWindow,
  FUSION_AUTHOR,
  type FusionConstraints,
  NO_CONSTRAINTS,
} from "../fuse/index.js";
import { eventLocks, type FusionLock, STORE_LOCK } from "../fuse/locks.js";
import { type FusionPlan, planFusion, type StoredReport, touchedEvents } from "../fuse/plan.js";
import type { EventReview, FusedEvent, SourcedReport } from "../model.js";
import { clearRedirects, constraintsOf, recordAudit, recordRedirects } from "./audit.js";
import { reviewPriority } from "./review-queue.js";
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
  return (await findCandidatesOf(db, [window]))[0] ?? [];
}

/** Windows per candidate statement (each becomes one row per span class of the lateral join). */
const WINDOW_CHUNK = 500;

/**
 * The candidates of many windows in one statement per WINDOW_CHUNK windows (a lateral join: each window and
 * span class is its own bounded index range), in the windows' order. One round trip per batch instead of one
 * per report is what makes batched ingestion fast on PGlite and PostgreSQL alike.
 */
export async function findCandidatesOf(
  db: Kysely<Database>,
  windows: readonly CandidateWindow[],
): Promise<CandidateRow[][]> {
  const found: CandidateRow[][] = windows.map(() => []);
  for (let i = 0; i < windows.length; i += WINDOW_CHUNK) {
    const query = candidateQuery(windows.slice(i, i + WINDOW_CHUNK));
    if (!query) continue;
    const rows = (await query.execute(db)).rows;
    for (const row of rows) for (const w of row.ws) found[i + w]!.push(row);
  }
  return found;
}

/** The candidate statement of some windows (null when none can match), for findCandidatesOf and EXPLAIN. */
export function candidateQuery(windows: readonly CandidateWindow[]) {
  const cols = {
    w: [] as number[],
    kind: [] as number[],
    types: [] as string[],
    span: [] as number[],
    lo: [] as string[],
    hi: [] as string[],
    floor: [] as string[],
    west: [] as number[],
    south: [] as number[],
    east: [] as number[],
    north: [] as number[],
  };
  // Each window is split into plain ranges, so every condition can be checked on the index entries: a box
  // (two when it crosses the antimeridian), the unlocated reports, or no place condition at all.
  const add = (
    index: number,
    w: CandidateWindow,
    kind: number,
    box: readonly [number, number, number, number],
  ) =>
    SPAN_CLASSES.forEach((spanClass, cls) => {
      cols.w.push(index);
      cols.kind.push(kind);
      cols.types.push(w.eventTypes.join("|"));
      cols.span.push(cls);
      cols.lo.push(w.from!);
      cols.hi.push(w.to!);
      // Always a lower bound, so date_start is an index range on both ends (the open class: the first day).
      cols.floor.push(
        Number.isFinite(spanClass.maxDays) ? shiftDay(w.from!, -(spanClass.maxDays - 1)) : "0000-01-01",
      );
      cols.west.push(box[0]);
      cols.south.push(box[1]);
      cols.east.push(box[2]);
      cols.north.push(box[3]);
    });
  const NONE = [0, 0, 0, 0] as const;
  for (const [index, w] of windows.entries()) {
    if (w.eventTypes.length === 0 || w.from === null || w.to === null) continue;
    if (!w.bbox) {
      add(index, w, KIND.any, NONE);
      continue;
    }
    const [west, south, east, north] = w.bbox;
    if (west <= east) add(index, w, KIND.box, w.bbox);
    else {
      add(index, w, KIND.box, [west, south, 180, north]);
      add(index, w, KIND.box, [-180, south, east, north]);
    }
    if (w.unlocated) add(index, w, KIND.unlocated, NONE);
  }
  if (cols.w.length === 0) return null;
  const columns = sql.join(SOURCED_COLUMNS.map((c) => sql.ref(`reports.${c}`)));
  const common = sql`event_type = any(string_to_array(w.types, '|')) and span_class = w.span_class
    and date_start >= w.floor_day and date_start <= w.hi and date_end >= w.lo`;
  // Each lateral subquery is fenced (offset 0) so every window stays its own index range scan.
  const hits = (kind: number, place: ReturnType<typeof sql>) => sql`
    select w.w, r.id from (select * from w where kind = ${kind}) w cross join lateral (
      select id from reports where ${common} and ${place} offset 0) r`;
  // Eleven array parameters, not eleven per window: binding stays cheap for hundreds of windows.
  // Windows of one batch overlap: each candidate comes back once, with the windows it lies in. The hits are
  // grouped before the join, on the bare id in byte order: sorting wide rows by a collated id cost more than
  // the index scans. The join compares in the default collation again, so it stays a primary-key lookup.
  return sql<CandidateRow & { ws: number[] }>`
    with w as (
      select * from unnest(${cols.w}::int[], ${cols.kind}::int[], ${cols.types}::text[], ${cols.span}::int[],
        ${cols.lo}::text[], ${cols.hi}::text[], ${cols.floor}::text[], ${cols.west}::float8[],
        ${cols.south}::float8[], ${cols.east}::float8[], ${cols.north}::float8[])
        as w(w, kind, types, span_class, lo, hi, floor_day, west, south, east, north)),
    hits as (
      ${hits(KIND.box, sql`lat >= w.south and lat <= w.north and lon >= w.west and lon <= w.east`)}
      union all ${hits(KIND.unlocated, sql`lat is null`)}
      union all ${hits(KIND.any, sql`true`)})
    select h.ws, ${columns}
    from (select id collate "C" as id, array_agg(w) as ws from hits group by 1) h
    join reports on reports.id = h.id collate "default"`;
}

/** The kinds of range a candidate window is split into. */
const KIND = { box: 0, unlocated: 1, any: 2 } as const;

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
  "geo_precision",
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
  "review_priority",
  "updated_at",
] as const;

/** Inserts or replaces event rows in one statement, keeping each one's created_at. */
export async function upsertEvents(db: Kysely<Database>, events: readonly FusedEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto("events")
    .values(events.map((e) => ({ ...eventRow(e), review_priority: reviewPriority(e) })))
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

/**
 * What the store holds around new reports: the reports of the events they touch, those events' reviews, and the
 * merge/split decisions on their reports.
 */
export async function loadNeighbours(
  db: Kysely<Database>,
  fresh: readonly SourcedReport[],
  options: { lockEvents?: boolean } = {},
): Promise<{
  members: StoredReport[];
  reviews: Map<string, EventReview[]>;
  constraints: FusionConstraints;
}> {
  const found = await findCandidatesOf(
    db,
    fresh.map((s) => candidateWindow(s)),
  );
  let candidates = fresh.map((s, i) => ({ fresh: s, stored: (found[i] ?? []).map(storedFromRow) }));
  let touched = touchedEvents(candidates);
  if (options.lockEvents) {
    // Lock the touched events, then read again which event each candidate is in (one primary-key query, not
    // the candidate search): a writer far away may have moved one meanwhile. Until nothing new is touched.
    const locked = new Set<string>();
    const ids = [...new Set(candidates.flatMap((c) => c.stored.map((x) => x.sourced.report.id)))];
    while (touched.some((id) => !locked.has(id))) {
      const more = touched.filter((id) => !locked.has(id));
      await takeLocks(db, eventLocks(more));
      for (const id of more) locked.add(id);
      const now = new Map(
        (await db.selectFrom("reports").select(["id", "event_id"]).where("id", "in", ids).execute()).map(
          (r) => [r.id, r.event_id],
        ),
      );
      candidates = candidates.map((c) => ({
        fresh: c.fresh,
        stored: c.stored.map((x) => ({ ...x, eventId: now.get(x.sourced.report.id) ?? null })),
      }));
      touched = touchedEvents(candidates);
    }
  }
  if (touched.length === 0) return { members: [], reviews: new Map(), constraints: NO_CONSTRAINTS };
  const rows = (await db
    .selectFrom("reports")
    .select(SOURCED_COLUMNS)
    .where("event_id", "in", touched)
    .execute()) as CandidateRow[];
  return {
    members: rows.map(storedFromRow),
    reviews: await reviewsOf(db, touched),
    constraints: await constraintsOf(
      db,
      rows.map((r) => r.id),
    ),
  };
}

function storedFromRow(row: CandidateRow): StoredReport {
  return { eventId: row.event_id, sourced: sourcedFromRow(row) };
}

/**
 * Applies a fusion plan inside the caller's transaction: events written in one statement, the stored reports
 * whose event changes (and their claims) pointed at it, absorbed events redirected to their survivor (reviews
 * and audit trail moved, a merge entry in its trail) and removed, events fusion split off recorded in both
 * trails. Reports in `inserted` were written with their event already (see saveBatch) and are skipped.
 */
export async function applyPlan(
  db: Kysely<Database>,
  plan: FusionPlan,
  inserted: ReadonlySet<string> = new Set(),
): Promise<void> {
  await upsertEvents(db, plan.events);
  const moved = plan.assign.filter((a) => !inserted.has(a.reportId));
  for (let i = 0; i < moved.length; i += ASSIGN_CHUNK) {
    const chunk = moved.slice(i, i + ASSIGN_CHUNK);
    const ids = chunk.map((a) => a.reportId);
    const events = chunk.map((a) => a.eventId);
    // unnest: the planner expects a few rows and reaches each report through its primary key.
    await sql`with v as (select * from unnest(${ids}::text[], ${events}::text[]) as v(report_id, event_id)),
      moved as (update reports r set event_id = v.event_id from v where r.id = v.report_id returning r.id)
      update claims c set event_id = v.event_id from v where c.report_id = v.report_id`.execute(db);
  }
  await clearRedirects(db, plan.created);
  await recordRedirects(db, plan.redirects, "fusion");
  if (plan.deleted.length > 0) await db.deleteFrom("events").where("id", "in", plan.deleted).execute();
  const at = new Date().toISOString();
  const by = FUSION_AUTHOR;
  const reason = "fusion";
  const survivor = new Map(plan.redirects.map((r) => [r.from, r.to]));
  await recordAudit(db, [
    ...plan.redirects.map(({ from, to }) => ({
      event_id: to,
      at,
      by,
      action: "merge" as const,
      reason,
      changes: [{ field: "merged_from", before: null, after: from }],
    })),
    ...plan.splits.flatMap(({ from, to }) => [
      {
        event_id: survivor.get(from) ?? from,
        at,
        by,
        action: "split" as const,
        reason,
        changes: [{ field: "split_to", before: null, after: to }],
      },
      {
        event_id: to,
        at,
        by,
        action: "split" as const,
        reason,
        changes: [{ field: "split_from", before: null, after: from }],
      },
    ]),
  ]);
}

/**
 * Plans the fusion of new reports with what the store holds, inside the caller's transaction:
 * loadNeighbours → planFusion (src/fuse/plan.ts, pure). With `lockEvents` (PostgreSQL, where other writers run),
 * the events the batch touches are locked before their members are read, so two writers never re-cluster one
 * event from stale reads.
 */
export async function planReports(
  db: Kysely<Database>,
  reports: readonly SourcedReport[],
  options: { lockEvents?: boolean } = {},
): Promise<FusionPlan> {
  const neighbours = await loadNeighbours(db, reports, options);
  return planFusion(reports, neighbours.members, neighbours.reviews, neighbours.constraints);
}

/** Fuses new reports whose rows are already written (event_id null): planReports, then applyPlan. */
export async function fuseReports(
  db: Kysely<Database>,
  reports: readonly SourcedReport[],
  options: { lockEvents?: boolean } = {},
): Promise<FusionPlan> {
  const plan = await planReports(db, reports, options);
  await applyPlan(db, plan);
  return plan;
}

/** Takes the store-wide fusion lock exclusive for the rest of the transaction (reviews): no writer fuses meanwhile. */
export async function lockFusion(db: Kysely<Database>): Promise<void> {
  await takeLocks(db, [{ ...STORE_LOCK, shared: false }]);
}

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
