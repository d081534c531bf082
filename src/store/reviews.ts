// The reviews repository: a person's corrections on top of fusion, manual merges and splits (kept as decisions
// fusion honours, see audit.ts), the audit trail of all of them, redirects of absorbed ids, the review queue.
import type { Kysely } from "kysely";
import { SitrepError } from "../errors.js";
import { buildEvent, splitEventId } from "../fuse/index.js";
import { mergeReviews } from "../fuse/plan.js";
import type { EventReview, EventStatus, FusedEvent, HistoryEntry, SourcedReport } from "../model.js";
import {
  type AuditEntry,
  auditTrail,
  clearRedirects,
  eventChanges,
  recordAudit,
  recordRedirects,
  redirectOf,
  writeLinks,
} from "./audit.js";
import type { StoreBackend } from "./backend.js";
import { upsertEvents } from "./fusion-store.js";
import { type QueueCursor, type QueuedEvent, reviewQueue } from "./review-queue.js";
import { SOURCED_REPORT_COLUMNS, sourcedFromRow } from "./rows.js";
import type { Database } from "./schema.js";

export type { AuditEntry } from "./audit.js";
export type { QueueCursor, QueuedEvent } from "./review-queue.js";

/** One entry of an event's review audit trail. */
export interface ReviewRecord {
  readonly id: number;
  readonly event_id: string;
  readonly by: string;
  readonly at: string;
  readonly status: EventStatus;
  readonly note: string | null;
  readonly review: EventReview;
  /** What the review changed: each field's value before and after. */
  readonly changes: readonly HistoryEntry[];
}

/** Who acts on an event, when, and why (a merge or split). */
export interface ReviewAct {
  readonly by: string;
  /** ISO date-time. */
  readonly at: string;
  readonly reason: string;
}

/** Reviews of events, merges, splits and their audit trail. */
export interface ReviewRepository {
  /**
   * Applies a person's review on top of fusion (review.by: who, review.note: why), records it in the audit
   * trail, returns the event as it is now.
   */
  apply(id: string, review: EventReview): Promise<FusedEvent>;
  /** The reviews of an event, oldest first. */
  history(id: string): Promise<ReviewRecord[]>;
  /** Every review, merge and split of an event (and of the events merged into it), oldest first. */
  trail(id: string): Promise<AuditEntry[]>;
  /**
   * Merges event `other` into event `id`: its reports and reviews move, `other` redirects to `id`, and the
   * reports stay one event when fusion runs again. Returns the surviving event.
   */
  merge(id: string, other: string, act: ReviewAct): Promise<FusedEvent>;
  /**
   * Moves some reports of an event to a new event (splitEventId): both record the split, and fusion never puts
   * the two sets in one event again. Returns [the event kept, the event created].
   */
  split(id: string, reportIds: readonly string[], act: ReviewAct): Promise<[FusedEvent, FusedEvent]>;
  /** The live event an absorbed id redirects to (following chains), or null when `id` is no redirect. */
  redirect(id: string): Promise<string | null>;
  /** A page of the review queue (see review-queue.ts). */
  queue(page: { readonly limit: number; readonly after?: QueueCursor | null }): Promise<QueuedEvent[]>;
}

/** The event row of an id, or a not_found error naming it. */
async function eventOf(db: Kysely<Database>, id: string): Promise<FusedEvent> {
  const row = await db.selectFrom("events").select("data").where("id", "=", id).executeTakeFirst();
  if (!row) throw new SitrepError("not_found", `store: expected an event with id "${id}", found none`);
  return row.data;
}

async function membersOf(db: Kysely<Database>, id: string): Promise<SourcedReport[]> {
  return (
    await db
      .selectFrom("reports")
      .select(SOURCED_REPORT_COLUMNS)
      .where("event_id", "=", id)
      .orderBy("id")
      .execute()
  ).map(sourcedFromRow);
}

async function reviewsOf(db: Kysely<Database>, id: string): Promise<EventReview[]> {
  const rows = await db
    .selectFrom("event_reviews")
    .select("review")
    .where("event_id", "=", id)
    .orderBy("id")
    .execute();
  return rows.map((r) => r.review);
}

/** Points reports (and their claims) at another event. */
async function moveReports(db: Kysely<Database>, reportIds: readonly string[], to: string): Promise<void> {
  if (reportIds.length === 0) return;
  await db.updateTable("reports").set({ event_id: to }).where("id", "in", reportIds).execute();
  await db.updateTable("claims").set({ event_id: to }).where("report_id", "in", reportIds).execute();
}

/** Pairs every report with the first (a star): a set kept together as one event. */
function star(ids: readonly string[], kind: "same"): { a: string; b: string; kind: "same" }[] {
  const [first, ...rest] = [...ids].sort();
  return first === undefined ? [] : rest.map((b) => ({ a: first, b, kind }));
}

/** The reviews repository over a backend. */
export function reviewRepository(backend: StoreBackend): ReviewRepository {
  const { db } = backend;
  return {
    async apply(id, review) {
      return db.transaction().execute(async (trx) => {
        await backend.lockStore(trx);
        const current = await eventOf(trx, id);
        const members = await membersOf(trx, id);
        const effective = mergeReviews([...(await reviewsOf(trx, id)), review]);
        const event = buildEvent(members, { id, review: effective });
        const before = current as unknown as Record<string, unknown>;
        const after = event as unknown as Record<string, unknown>;
        const changes: HistoryEntry[] = [...Object.keys(review.fields), "status"]
          .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
          .map((field) => ({
            at: review.at,
            field,
            from: before[field] ?? null,
            to: after[field] ?? null,
            by: review.by,
          }));
        await trx
          .insertInto("event_reviews")
          .values({
            event_id: id,
            reviewer: review.by,
            reviewed_at: review.at,
            status: review.status,
            review: JSON.stringify(review),
            changes: JSON.stringify(changes),
            note: review.note ?? null,
          })
          .execute();
        await recordAudit(trx, [
          {
            event_id: id,
            at: review.at,
            by: review.by,
            action: "review",
            reason: review.note ?? null,
            changes: eventChanges(current, event),
          },
        ]);
        await upsertEvents(trx, [event]);
        return event;
      });
    },

    async history(id) {
      const rows = await db
        .selectFrom("event_reviews")
        .selectAll()
        .where("event_id", "=", id)
        .orderBy("id")
        .execute();
      return rows.map((r) => ({
        id: r.id,
        event_id: r.event_id,
        by: r.reviewer,
        at: r.reviewed_at,
        status: r.status as EventStatus,
        note: r.note,
        review: r.review,
        changes: r.changes,
      }));
    },

    trail: (id) => auditTrail(db, id),

    async merge(id, other, act) {
      if (id === other) {
        throw new SitrepError("bad_input", `merge: expected another event than "${id}" to merge into it`);
      }
      return db.transaction().execute(async (trx) => {
        await backend.lockStore(trx);
        const before = await eventOf(trx, id);
        await eventOf(trx, other);
        const absorbed = await membersOf(trx, other);
        const members = [...(await membersOf(trx, id)), ...absorbed];
        const ids = members.map((s) => s.report.id);
        // The person's decision: these reports are one event, whatever earlier splits said.
        await trx
          .deleteFrom("fusion_links")
          .where("kind", "=", "apart")
          .where("report_a", "in", ids)
          .where("report_b", "in", ids)
          .execute();
        await writeLinks(trx, star(ids, "same"));
        await moveReports(
          trx,
          absorbed.map((s) => s.report.id),
          id,
        );
        await recordRedirects(trx, [{ from: other, to: id }], "merge");
        await trx.deleteFrom("events").where("id", "=", other).execute();
        const event = buildEvent(members, { id, review: mergeReviews(await reviewsOf(trx, id)) });
        await upsertEvents(trx, [event]);
        await recordAudit(trx, [
          {
            event_id: id,
            at: act.at,
            by: act.by,
            action: "merge",
            reason: act.reason,
            changes: [{ field: "merged_from", before: null, after: other }, ...eventChanges(before, event)],
          },
        ]);
        return event;
      });
    },

    async split(id, reportIds, act) {
      const wanted = [...new Set(reportIds)].sort();
      if (wanted.length === 0) {
        throw new SitrepError("bad_input", `split: expected at least one report id of event "${id}" to move`);
      }
      return db.transaction().execute(async (trx) => {
        await backend.lockStore(trx);
        const before = await eventOf(trx, id);
        const members = await membersOf(trx, id);
        const inEvent = new Set(members.map((s) => s.report.id));
        const missing = wanted.filter((r) => !inEvent.has(r));
        if (missing.length > 0) {
          throw new SitrepError(
            "bad_input",
            `split: expected reports of event "${id}", found ${missing.map((r) => `"${r}"`).join(", ")} not in it`,
          );
        }
        if (wanted.length === members.length) {
          throw new SitrepError("bad_input", `split: expected at least one report of event "${id}" to stay`);
        }
        const movedSet = new Set(wanted);
        const moved = members.filter((s) => movedSet.has(s.report.id));
        const stay = members.filter((s) => !movedSet.has(s.report.id));
        const newId = splitEventId(moved);
        const clash = await trx.selectFrom("events").select("id").where("id", "=", newId).executeTakeFirst();
        if (clash) throw new SitrepError("conflict", `split: the new event id "${newId}" is taken`);
        // The person's decision: the moved reports are one event, the rest another, never the two together.
        const stayIds = stay.map((s) => s.report.id);
        await writeLinks(trx, [
          ...star(wanted, "same"),
          ...star(stayIds, "same"),
          ...wanted.flatMap((a) => stayIds.map((b) => ({ a, b, kind: "apart" as const }))),
        ]);
        await clearRedirects(trx, [newId]);
        await moveReports(trx, wanted, newId);
        const kept = buildEvent(stay, { id, review: mergeReviews(await reviewsOf(trx, id)) });
        const created = buildEvent(moved, { id: newId });
        await upsertEvents(trx, [kept, created]);
        const common = { at: act.at, by: act.by, action: "split" as const, reason: act.reason };
        await recordAudit(trx, [
          {
            ...common,
            event_id: id,
            changes: [{ field: "split_to", before: null, after: newId }, ...eventChanges(before, kept)],
          },
          {
            ...common,
            event_id: newId,
            changes: [{ field: "split_from", before: null, after: id }, ...eventChanges(null, created)],
          },
        ]);
        return [kept, created];
      });
    },

    redirect: (id) => redirectOf(db, id),

    queue: (page) => reviewQueue(db, page),
  };
}
