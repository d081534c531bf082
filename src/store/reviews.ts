// The reviews repository: a person's corrections on top of fusion, and the audit trail of what changed.
import { SitrepError } from "../errors.js";
import { buildEvent } from "../fuse/index.js";
import { mergeReviews } from "../fuse/plan.js";
import type { EventReview, EventStatus, FusedEvent, HistoryEntry } from "../model.js";
import type { StoreBackend } from "./backend.js";
import { upsertEvents } from "./fusion-store.js";
import { SOURCED_REPORT_COLUMNS, sourcedFromRow } from "./rows.js";

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

/** Reviews of events and their audit trail. */
export interface ReviewRepository {
  /** Applies a person's review on top of fusion, records it in the audit trail, returns the event as it is now. */
  apply(id: string, review: EventReview): Promise<FusedEvent>;
  /** The review audit trail of an event, oldest first. */
  history(id: string): Promise<ReviewRecord[]>;
}

/** The reviews repository over a backend. */
export function reviewRepository(backend: StoreBackend): ReviewRepository {
  const { db } = backend;
  return {
    async apply(id, review) {
      return db.transaction().execute(async (trx) => {
        await backend.lockStore(trx);
        const row = await trx.selectFrom("events").select("data").where("id", "=", id).executeTakeFirst();
        if (!row) throw new SitrepError("not_found", `store: expected an event with id "${id}", found none`);
        const members = (
          await trx
            .selectFrom("reports")
            .select(SOURCED_REPORT_COLUMNS)
            .where("event_id", "=", id)
            .orderBy("id")
            .execute()
        ).map(sourcedFromRow);
        const prior = await trx
          .selectFrom("event_reviews")
          .select("review")
          .where("event_id", "=", id)
          .orderBy("id")
          .execute();
        const effective = mergeReviews([...prior.map((p) => p.review), review]);
        const event = buildEvent(members, { review: effective });
        const before = row.data as unknown as Record<string, unknown>;
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
  };
}
