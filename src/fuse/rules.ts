import { z } from "zod";
import rulesJson from "../../data/fuse/rules.json" with { type: "json" };
import { ACLED_TAXONOMY, type Certainty, type EventType, type SubEventType } from "../model.js";

const SUB_EVENT_TYPES = Object.values(ACLED_TAXONOMY).flat() as readonly string[];
const EVENT_TYPES = Object.keys(ACLED_TAXONOMY);
const CERTAINTIES = ["confirmed", "claimed", "attributed", "alleged", "unknown"] as const;

const subEventType = z.string().refine((s) => SUB_EVENT_TYPES.includes(s), {
  message: "expected an ACLED sub-event type spelled as ACLED spells it",
});

const RulesSchema = z.object({
  about: z.string(),
  compatible_sub_event_types: z.array(z.array(subEventType).min(2)),
  date_slack_days: z.object({
    day: z.number().int().min(0),
    week: z.number().int().min(0),
    month: z.number().int().min(0),
    year: z.number().int().min(0),
  }),
  inferred_date_slack_days: z.number().int().min(0),
  max_span_days: z.number().int().min(0),
  max_km_by_geo_precision: z.object({
    "1": z.number().positive(),
    "2": z.number().positive(),
    "3": z.number().positive(),
  }),
  same_admin1: z.object({
    event_types: z.array(
      z.string().refine((s) => EVENT_TYPES.includes(s), { message: "expected an ACLED event type" }),
    ),
    max_km: z.number().positive(),
  }),
  unidentified_actor_words: z.array(z.string().min(1)),
  certainty_order: z.array(z.enum(CERTAINTIES)).length(CERTAINTIES.length),
});

/** The same-event rule tables (data/fuse/rules.json), validated. */
export interface FuseRules {
  /** Sub-event type → the sub-event types it may fuse with (itself included). */
  readonly compatible: ReadonlyMap<SubEventType, ReadonlySet<SubEventType>>;
  readonly dateSlackDays: Readonly<Record<"day" | "week" | "month" | "year", number>>;
  readonly inferredDateSlackDays: number;
  /** The most days the day-precise reports of one event may span (clusterReports never chains beyond it). */
  readonly maxSpanDays: number;
  readonly maxKm: Readonly<Record<1 | 2 | 3, number>>;
  readonly sameAdmin1: { readonly eventTypes: ReadonlySet<EventType>; readonly maxKm: number };
  readonly unidentifiedWords: readonly string[];
  /** Certainty → rank, 0 the strongest (confirmed). */
  readonly certaintyRank: Readonly<Record<Certainty, number>>;
}

/** Validates a raw rules table (the shape of data/fuse/rules.json) into FuseRules; throws saying what is wrong. */
export function parseFuseRules(raw: unknown, where = "data/fuse/rules.json"): FuseRules {
  const parsed = RulesSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`fuse: invalid rule table ${where}: ${issues}`);
  }
  const r = parsed.data;
  const compatible = new Map<SubEventType, Set<SubEventType>>();
  for (const sub of SUB_EVENT_TYPES as readonly SubEventType[]) compatible.set(sub, new Set([sub]));
  for (const group of r.compatible_sub_event_types) {
    for (const a of group as SubEventType[])
      for (const b of group as SubEventType[]) compatible.get(a)?.add(b);
  }
  const certaintyRank = Object.fromEntries(r.certainty_order.map((c, i) => [c, i])) as Record<
    Certainty,
    number
  >;
  if (new Set(r.certainty_order).size !== CERTAINTIES.length)
    throw new Error(`fuse: invalid rule table ${where}: certainty_order must list each certainty once`);
  return {
    compatible,
    dateSlackDays: r.date_slack_days,
    inferredDateSlackDays: r.inferred_date_slack_days,
    maxSpanDays: r.max_span_days,
    maxKm: {
      1: r.max_km_by_geo_precision["1"],
      2: r.max_km_by_geo_precision["2"],
      3: r.max_km_by_geo_precision["3"],
    },
    sameAdmin1: {
      eventTypes: new Set(r.same_admin1.event_types as EventType[]),
      maxKm: r.same_admin1.max_km,
    },
    unidentifiedWords: r.unidentified_actor_words.map((w) => w.toLowerCase()),
    certaintyRank,
  };
}

/** The project's fusion rules, loaded once from data/fuse/rules.json. */
export const FUSE_RULES: FuseRules = parseFuseRules(rulesJson);

/** The ACLED event type a sub-event type belongs to. */
export function eventTypeOf(sub: SubEventType): EventType {
  for (const [type, subs] of Object.entries(ACLED_TAXONOMY) as [EventType, readonly string[]][]) {
    if (subs.includes(sub)) return type;
  }
  throw new Error(`fuse: expected an ACLED sub-event type, found "${sub}"`);
}
