// What a person's and fusion's changes to events leave behind: the audit trail (reviews, merges, splits), the
// redirects of absorbed event ids, and the merge/split decisions fusion honours (fusion_links). Statements run
// inside the caller's transaction.
import { type Kysely, sql } from "kysely";
import type { FusionConstraints } from "../fuse/index.js";
import type { FusedEvent } from "../model.js";
import type { AuditChange, Database } from "./schema.js";

/** One entry of an event's audit trail (GET /api/v1/events/{id}/history). */
export interface AuditEntry {
  readonly id: number;
  readonly at: string;
  readonly by: string;
  readonly action: "review" | "merge" | "split";
  readonly reason: string | null;
  readonly changes: readonly AuditChange[];
}

/** An audit entry to write, for one event. */
export type NewAuditEntry = Omit<AuditEntry, "id"> & { readonly event_id: string };

/** How many redirects a lookup follows at most (chains are kept short by re-pointing on write). */
const MAX_HOPS = 16;

/** Appends audit entries, in order. */
export async function recordAudit(db: Kysely<Database>, entries: readonly NewAuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto("event_audit")
    .values(entries.map((e) => ({ ...e, changes: JSON.stringify(e.changes) })))
    .execute();
}

/** An event's audit trail, oldest first. */
export async function auditTrail(db: Kysely<Database>, eventId: string): Promise<AuditEntry[]> {
  return db
    .selectFrom("event_audit")
    .select(["id", "at", "by", "action", "reason", "changes"])
    .where("event_id", "=", eventId)
    .orderBy("id")
    .execute();
}

/**
 * Records that `from` events were absorbed by `to` events: their reviews and audit trail move to the survivor,
 * earlier redirects to them are re-pointed (chains stay one hop), and a redirect is written for each.
 */
export async function recordRedirects(
  db: Kysely<Database>,
  redirects: readonly { readonly from: string; readonly to: string }[],
  reason: string,
): Promise<void> {
  for (const { from, to } of redirects) {
    await db.updateTable("event_reviews").set({ event_id: to }).where("event_id", "=", from).execute();
    await db.updateTable("event_audit").set({ event_id: to }).where("event_id", "=", from).execute();
    await db.updateTable("event_redirects").set({ to_id: to }).where("to_id", "=", from).execute();
  }
  if (redirects.length === 0) return;
  await db
    .insertInto("event_redirects")
    .values(redirects.map((r) => ({ from_id: r.from, to_id: r.to, reason })))
    .onConflict((oc) =>
      oc.column("from_id").doUpdateSet({ to_id: sql.ref("excluded.to_id"), reason, at: sql<string>`now()` }),
    )
    .execute();
}

/** Drops redirects from ids that name live events again (a split recreating an id once merged away). */
export async function clearRedirects(db: Kysely<Database>, liveIds: readonly string[]): Promise<void> {
  if (liveIds.length > 0) await db.deleteFrom("event_redirects").where("from_id", "in", liveIds).execute();
}

/** The live event an absorbed id now answers with (following redirects), or null when it is no redirect. */
export async function redirectOf(db: Kysely<Database>, id: string): Promise<string | null> {
  let current = id;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const row = await db
      .selectFrom("event_redirects")
      .select("to_id")
      .where("from_id", "=", current)
      .executeTakeFirst();
    if (!row) return current === id ? null : current;
    current = row.to_id;
  }
  return current;
}

/** The merge/split decisions naming any of some reports, as fusion constraints. */
export async function constraintsOf(
  db: Kysely<Database>,
  reportIds: readonly string[],
): Promise<FusionConstraints> {
  if (reportIds.length === 0) return { same: [], apart: [] };
  const rows = await db
    .selectFrom("fusion_links")
    .select(["report_a", "report_b", "kind"])
    .where((eb) => eb.or([eb("report_a", "in", reportIds), eb("report_b", "in", reportIds)]))
    .orderBy("report_a")
    .orderBy("report_b")
    .execute();
  const pairs = (kind: string) =>
    rows.filter((r) => r.kind === kind).map((r) => [r.report_a, r.report_b] as const);
  return { same: pairs("same"), apart: pairs("apart") };
}

/** Writes decisions on report pairs; a later decision on a pair replaces the earlier one. */
export async function writeLinks(
  db: Kysely<Database>,
  links: readonly { readonly a: string; readonly b: string; readonly kind: "same" | "apart" }[],
): Promise<void> {
  const rows = links
    .filter((l) => l.a !== l.b)
    .map((l) =>
      l.a < l.b
        ? { report_a: l.a, report_b: l.b, kind: l.kind }
        : { report_a: l.b, report_b: l.a, kind: l.kind },
    );
  const unique = [...new Map(rows.map((r) => [`${r.report_a}\n${r.report_b}`, r])).values()];
  for (let i = 0; i < unique.length; i += 2000) {
    await db
      .insertInto("fusion_links")
      .values(unique.slice(i, i + 2000))
      .onConflict((oc) =>
        oc
          .columns(["report_a", "report_b"])
          .doUpdateSet({ kind: sql.ref("excluded.kind"), at: sql<string>`now()` }),
      )
      .execute();
  }
}

/** The fields an audit entry compares, each read off an event (tolls as low/best/high, reports as their ids). */
const AUDITED: readonly (readonly [string, (e: FusedEvent) => unknown])[] = [
  ["status", (e) => e.status],
  ["event_type", (e) => e.event_type],
  ["sub_event_type", (e) => e.sub_event_type],
  ["date", (e) => e.date],
  ["location", (e) => e.location],
  ["actor1", (e) => e.actor1],
  ["actor2", (e) => e.actor2],
  ["is_background", (e) => e.is_background],
  [
    "fatalities",
    (e) => e.fatalities && { low: e.fatalities.low, best: e.fatalities.best, high: e.fatalities.high },
  ],
  ["injuries", (e) => e.injuries && { low: e.injuries.low, best: e.injuries.best, high: e.injuries.high }],
  ["reports", (e) => e.reports.map((r) => r.report_id).sort()],
];

/** What changed between two versions of an event (null before: the event is new), field by field. */
export function eventChanges(before: FusedEvent | null, after: FusedEvent): AuditChange[] {
  return AUDITED.flatMap(([field, read]) => {
    const [from, to] = [before ? read(before) : null, read(after)];
    return JSON.stringify(from) === JSON.stringify(to)
      ? []
      : [{ field, before: from ?? null, after: to ?? null }];
  });
}
