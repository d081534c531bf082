// The review queue: unreviewed events, most in need of a person first, by a table of weighted reasons over the
// fused event. The priority is computed when the event is written (upsertEvents) and kept in the events table, so a
// page of the queue is an index range scan however many events the store holds; the reasons are read back from
// the page's events by the same table.
import { type Kysely, sql } from "kysely";
import type { FusedEvent } from "../model.js";
import { eventCertainty } from "./rows.js";
import type { Database } from "./schema.js";

/** A toll at least this high is worth a person's look. */
export const HIGH_FATALITIES = 10;
/** A fused confidence below this is low. */
export const LOW_CONFIDENCE = 0.5;
/** A report whose fusion score cleared its threshold by at most this many points fused on a close call. */
export const CLOSE_MARGIN = 1;

/** Why an event needs a person, and how much: each reason that holds adds its weight to the priority. */
export const QUEUE_REASONS: readonly {
  readonly reason: string;
  readonly weight: number;
  readonly holds: (e: FusedEvent) => boolean;
}[] = [
  // Sources disagree on the toll: the low and high of the fused count differ.
  {
    reason: "tolls_disagree",
    weight: 3,
    holds: (e) => (e.fatalities?.low ?? null) !== (e.fatalities?.high ?? null),
  },
  { reason: "high_fatalities", weight: 3, holds: (e) => (e.fatalities?.high ?? 0) >= HIGH_FATALITIES },
  // A report joined on a score just over the rules' threshold (data/fuse/rules.json fuse_at_by_coarseness).
  {
    reason: "close_fusion",
    weight: 2,
    holds: (e) =>
      e.reports.some((r) => typeof r.fusion?.margin === "number" && r.fusion.margin <= CLOSE_MARGIN),
  },
  { reason: "uncertain_actor", weight: 2, holds: (e) => ["alleged", "unknown"].includes(eventCertainty(e)) },
  { reason: "low_confidence", weight: 2, holds: (e) => e.confidence < LOW_CONFIDENCE },
  { reason: "coarse_date", weight: 1, holds: (e) => (e.date?.precision ?? "unknown") !== "day" },
  { reason: "coarse_place", weight: 1, holds: (e) => (e.location?.geo_precision ?? 9) >= 2 },
];

/** The reasons that hold for an event, in table order. */
export function reviewReasons(e: FusedEvent): string[] {
  return QUEUE_REASONS.filter((r) => r.holds(e)).map((r) => r.reason);
}

/** How much an event needs a person: the summed weights of the reasons that hold (stored as review_priority). */
export function reviewPriority(e: FusedEvent): number {
  return QUEUE_REASONS.reduce((sum, r) => sum + (r.holds(e) ? r.weight : 0), 0);
}

/** An event in the review queue: the event, its priority and the reasons behind it. */
export type QueuedEvent = FusedEvent & { readonly priority: number; readonly reasons: readonly string[] };

/** Where the next page of the queue starts: after this priority and id. */
export interface QueueCursor {
  readonly priority: number;
  readonly id: string;
}

/**
 * A page of the queue: news events with status auto, highest priority first, then by id; `after` continues
 * from the last event of a previous page. Spelled as the partial index events_review_queue is.
 */
export async function reviewQueue(
  db: Kysely<Database>,
  page: { readonly limit: number; readonly after?: QueueCursor | null },
): Promise<QueuedEvent[]> {
  const after = page.after ?? null;
  const rows = await db
    .selectFrom("events")
    .select(["data", "review_priority"])
    .where(sql<boolean>`status = 'auto' and not is_background`)
    .$if(after !== null, (q) =>
      q.where((eb) =>
        eb.or([
          eb("review_priority", "<", after!.priority),
          eb.and([eb("review_priority", "=", after!.priority), eb("id", ">", after!.id)]),
        ]),
      ),
    )
    .orderBy("review_priority", "desc")
    .orderBy("id")
    .limit(page.limit)
    .execute();
  return rows.map((r) => ({ ...r.data, priority: r.review_priority, reasons: reviewReasons(r.data) }));
}
