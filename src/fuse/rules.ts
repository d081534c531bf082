import { z } from "zod";
import rulesJson from "../../data/fuse/rules.json" with { type: "json" };
import { ACLED_TAXONOMY, CERTAINTIES, type Certainty, type EventType, type SubEventType } from "../model.js";
import { checkTable, groupLinks } from "../util/table.js";

const SUB_EVENT_TYPES = Object.values(ACLED_TAXONOMY).flat() as readonly string[];
const EVENT_TYPES = Object.keys(ACLED_TAXONOMY);

const subEventType = z.string().refine((s) => SUB_EVENT_TYPES.includes(s), {
  message: "expected an ACLED sub-event type spelled as ACLED spells it",
});

const eventType = z
  .string()
  .refine((s) => EVENT_TYPES.includes(s), { message: "expected an ACLED event type" });

/** A score rule's name: `dimension/what`, e.g. `type/same-sub` (the dimension is the part before the slash). */
const ruleName = z.string().regex(/^[a-z0-9]+\/[a-z0-9-]+$/, "expected dimension/name, e.g. type/same-sub");

const RulesSchema = z.object({
  about: z.string(),
  neighbouring_sub_event_types: z.array(z.array(subEventType).min(2)),
  loose_neighbouring_sub_event_types: z.array(z.array(subEventType).min(2)),
  sub_type_only_event_types: z.array(eventType),
  date_slack_days: z.object({
    day: z.number().int().min(0),
    week: z.number().int().min(0),
    month: z.number().int().min(0),
    year: z.number().int().min(0),
  }),
  inferred_date_slack_days: z.number().int().min(0),
  undated_news_days: z.number().int().min(0),
  max_span_days: z.number().int().min(0),
  max_km_by_geo_precision: z.object({
    "1": z.number().positive(),
    "2": z.number().positive(),
    "3": z.number().positive(),
  }),
  same_place_km: z.number().min(0),
  same_admin1: z.object({ event_types: z.array(eventType), max_km: z.number().positive() }),
  toll: z.object({
    close_ratio: z.number().min(0).max(1),
    far_ratio: z.number().min(1),
    far_min_difference: z.number().min(0),
    tight_range_ratio: z.number().min(1),
  }),
  score: z.object({
    fuse_at_by_coarseness: z.tuple([z.number(), z.number(), z.number()]),
    rules: z.array(z.object({ rule: ruleName, points: z.union([z.number(), z.literal("never")]) })).min(1),
  }),
  unidentified_actor_words: z.array(z.string().min(1)),
  certainty_order: z.array(z.enum(CERTAINTIES)).length(CERTAINTIES.length),
});

/** One row of the score table: a named rule and its points (null: the pair never fuses when it fires). */
export interface ScoreRule {
  readonly rule: string;
  /** The part of the name before the slash: in each dimension the first rule (table order) that holds fires. */
  readonly dimension: string;
  readonly points: number | null;
}

/** The same-event rule tables (data/fuse/rules.json), validated. */
export interface FuseRules {
  /** Sub-event type → the sub-event types it may fuse with at all (itself, its event type, its neighbours). */
  readonly compatible: ReadonlyMap<SubEventType, ReadonlySet<SubEventType>>;
  /** Sub-event type → its neighbours from the table (other event types included; not itself). */
  readonly neighbours: ReadonlyMap<SubEventType, ReadonlySet<SubEventType>>;
  /** Sub-event type → sub-types outlets confuse for it but that are as often other events (air strike ~ shelling). */
  readonly looseNeighbours: ReadonlyMap<SubEventType, ReadonlySet<SubEventType>>;
  /** Event types whose sub-types agree only with themselves (a shared event type is no evidence). */
  readonly subTypeOnly: ReadonlySet<EventType>;
  readonly dateSlackDays: Readonly<Record<"day" | "week" | "month" | "year", number>>;
  readonly inferredDateSlackDays: number;
  /** A news report the text does not date is taken to tell of the days up to this many before publication. */
  readonly undatedNewsDays: number;
  /** The most days the day-precise reports of one event may span (clusterReports never chains beyond it). */
  readonly maxSpanDays: number;
  readonly maxKm: Readonly<Record<1 | 2 | 3, number>>;
  /** Two fine places (precision 1 or 2) at most this far apart are the same place. */
  readonly samePlaceKm: number;
  readonly toll: {
    /** Tolls are close when the gap between their ranges is at most this share of the larger. */
    readonly closeRatio: number;
    /** Tolls are far when the larger is at least this many times the smaller… */
    readonly farRatio: number;
    /** …and at least this much larger. */
    readonly farMinDifference: number;
    /** A claimed range is evidence only when its high is at most this many times its low. */
    readonly tightRangeRatio: number;
  };
  /** The score table: the rules in order, and the score a pair needs by the coarser report's coarseness (0–2). */
  readonly score: {
    readonly fuseAt: readonly [number, number, number];
    readonly rules: readonly ScoreRule[];
  };
  readonly sameAdmin1: { readonly eventTypes: ReadonlySet<EventType>; readonly maxKm: number };
  readonly unidentifiedWords: readonly string[];
  /** Certainty → rank, 0 the strongest (confirmed). */
  readonly certaintyRank: Readonly<Record<Certainty, number>>;
}

/** Validates a raw rules table (the shape of data/fuse/rules.json) into FuseRules; throws saying what is wrong. */
export function parseFuseRules(raw: unknown, where = "data/fuse/rules.json"): FuseRules {
  const r = checkTable(RulesSchema, raw, where);
  const subTypeOnly = new Set(r.sub_type_only_event_types as EventType[]);
  const compatible = new Map<SubEventType, Set<SubEventType>>();
  for (const sub of SUB_EVENT_TYPES as readonly SubEventType[]) {
    const type = eventTypeOf(sub);
    compatible.set(sub, new Set(subTypeOnly.has(type) ? [sub] : ACLED_TAXONOMY[type]));
  }
  const neighbours = groupLinks(r.neighbouring_sub_event_types as SubEventType[][]);
  const looseNeighbours = groupLinks(r.loose_neighbouring_sub_event_types as SubEventType[][]);
  for (const links of [neighbours, looseNeighbours])
    for (const [a, others] of links) for (const b of others) compatible.get(a)?.add(b);
  const names = r.score.rules.map((x) => x.rule);
  if (new Set(names).size !== names.length)
    throw new Error(`fuse: invalid rule table ${where}: score.rules lists a rule twice`);
  const certaintyRank = Object.fromEntries(r.certainty_order.map((c, i) => [c, i])) as Record<
    Certainty,
    number
  >;
  if (new Set(r.certainty_order).size !== CERTAINTIES.length)
    throw new Error(`fuse: invalid rule table ${where}: certainty_order must list each certainty once`);
  return {
    compatible,
    neighbours,
    looseNeighbours,
    subTypeOnly,
    dateSlackDays: r.date_slack_days,
    inferredDateSlackDays: r.inferred_date_slack_days,
    undatedNewsDays: r.undated_news_days,
    maxSpanDays: r.max_span_days,
    maxKm: {
      1: r.max_km_by_geo_precision["1"],
      2: r.max_km_by_geo_precision["2"],
      3: r.max_km_by_geo_precision["3"],
    },
    samePlaceKm: r.same_place_km,
    toll: {
      closeRatio: r.toll.close_ratio,
      farRatio: r.toll.far_ratio,
      farMinDifference: r.toll.far_min_difference,
      tightRangeRatio: r.toll.tight_range_ratio,
    },
    score: {
      fuseAt: r.score.fuse_at_by_coarseness,
      rules: r.score.rules.map((x) => ({
        rule: x.rule,
        dimension: x.rule.split("/")[0]!,
        points: x.points === "never" ? null : x.points,
      })),
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
