// The review queue: unreviewed events, most in need of a person first, by a table of weighted reasons computed
// in SQL over the events table (columns and the FusedEvent JSON), paged by (priority, id).
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { FusedEvent } from "../model.js";
import { EVENT_CERTAINTY } from "./rows.js";
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
  readonly when: RawBuilder<unknown>;
}[] = [
  // Sources disagree on the toll: the low and high of the fused count differ.
  { reason: "tolls_disagree", weight: 3, when: sql`fatalities_low is distinct from fatalities_high` },
  { reason: "high_fatalities", weight: 3, when: sql`coalesce(fatalities_high, 0) >= ${HIGH_FATALITIES}` },
  // A report joined on a score just over the rules' threshold (data/fuse/rules.json fuse_at_by_coarseness).
  {
    reason: "close_fusion",
    weight: 2,
    when: sql`exists (select 1 from jsonb_array_elements(data->'reports') r
      where (r->'fusion'->>'margin')::float8 <= ${CLOSE_MARGIN})`,
  },
  {
    reason: "uncertain_actor",
    weight: 2,
    when: sql`${EVENT_CERTAINTY} in ('alleged', 'unknown')`,
  },
  { reason: "low_confidence", weight: 2, when: sql`(data->>'confidence')::float8 < ${LOW_CONFIDENCE}` },
  { reason: "coarse_date", weight: 1, when: sql`coalesce(data->'date'->>'precision', 'unknown') <> 'day'` },
  {
    reason: "coarse_place",
    weight: 1,
    when: sql`coalesce((data->'location'->>'geo_precision')::int, 9) >= 2`,
  },
];

/** An event in the review queue: the event, its priority and the reasons behind it. */
export type QueuedEvent = FusedEvent & { readonly priority: number; readonly reasons: readonly string[] };

/** Where the next page of the queue starts: after this priority and id. */
export interface QueueCursor {
  readonly priority: number;
  readonly id: string;
}

/**
 * A page of the queue: news events with status auto, highest priority first, then by id; `after` continues
 * from the last event of a previous page.
 */
export async function reviewQueue(
  db: Kysely<Database>,
  page: { readonly limit: number; readonly after?: QueueCursor | null },
): Promise<QueuedEvent[]> {
  const priority = sql.join(
    QUEUE_REASONS.map((r) => sql`(case when ${r.when} then ${sql.lit(r.weight)} else 0 end)`),
    sql` + `,
  );
  const reasons = sql.join(QUEUE_REASONS.map((r) => sql`case when ${r.when} then ${sql.lit(r.reason)} end`));
  const after = page.after ?? null;
  const rows = await sql<{ data: FusedEvent; priority: number; reasons: string[] }>`
    select data, priority, reasons from (
      select id, data, ${priority} as priority, array_remove(array[${reasons}]::text[], null) as reasons
      from events where status = 'auto' and not is_background) q
    where ${after === null ? sql`true` : sql`(priority < ${after.priority} or (priority = ${after.priority} and id > ${after.id}))`}
    order by priority desc, id
    limit ${page.limit}`.execute(db);
  return rows.rows.map((r) => ({ ...r.data, priority: Number(r.priority), reasons: r.reasons }));
}
