import type {
  Count,
  EventType,
  Report,
  ReportActor,
  ReportDate,
  ReportLocation,
  SourcedReport,
} from "../model.js";
import { type DayInterval, dayNumber, isoDay, valueInterval } from "../util/days.js";
import { distanceKm } from "../util/geo.js";
import { eventTypeOf, FUSE_RULES, type FuseRules } from "./rules.js";
import { memoBounded, memoPerObject } from "../util/memo.js";

/** What STORE's indexed candidate query needs to find the stored reports a report may fuse with. */
export interface CandidateWindow {
  /** First and last day (`YYYY-MM-DD`) a candidate's date interval must overlap; null bounds are open. */
  readonly from: string | null;
  readonly to: string | null;
  /** [west, south, east, north] a located candidate must fall in; null when any place may match. */
  readonly bbox: readonly [number, number, number, number] | null;
  /** Also consider candidates without a location (they may fuse by the no-location rules). */
  readonly unlocated: boolean;
  /** Candidate event types; empty when the report can fuse with nothing (its date is unknown). */
  readonly eventTypes: readonly EventType[];
}

/** How the actors of two reports relate: the same, one side unknown, or named differently. */
export type ActorRelation = "same" | "open" | "conflict";

/**
 * The day interval a report date allows (from start/end, else from value and precision); null when unknown.
 * Memoised per date object: clustering asks for the same report's interval many times.
 */
export const dateInterval = memoPerObject((date: ReportDate): DayInterval | null => {
  if (date.precision === "unknown") return null;
  const start = date.start ? dayNumber(date.start) : null;
  const end = date.end ? dayNumber(date.end) : null;
  if (start !== null && end !== null) return start <= end ? { start, end } : { start: end, end: start };
  return date.value ? valueInterval(date.value) : null;
});

/**
 * The day interval fusion reads for a report: its date's interval; for a news report (not background) the text
 * does not date, the `undated_news_days` before its publication; null when neither is known.
 */
export function fusionInterval(s: SourcedReport, rules: FuseRules = FUSE_RULES): DayInterval | null {
  const own = dateInterval(s.report.date);
  if (own || s.report.is_background || !s.article.published) return own;
  const published = dayNumber(s.article.published);
  return published === null ? null : { start: published - rules.undatedNewsDays, end: published };
}

/** Days of slack a report's date allows on each side (by precision; more when the date was inferred). */
export function dateSlack(date: ReportDate, rules: FuseRules = FUSE_RULES): number {
  if (date.precision === "unknown") return 0;
  const base = rules.dateSlackDays[date.precision];
  return date.precision === "day" && date.inferred ? Math.max(base, rules.inferredDateSlackDays) : base;
}

/** Normalised actor name for comparison (memoised: fusion asks for the same few names over and over). */
export const actorKey = memoBounded(
  (name: string): string => name.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim(),
  50_000,
);

/** True when the actor is missing or unidentified ("Unidentified armed group", certainty unknown). */
export function isUnknownActor(actor: ReportActor | null, rules: FuseRules = FUSE_RULES): boolean {
  if (!actor || actor.certainty === "unknown") return true;
  const key = actorKey(actor.name);
  return key === "" || rules.unidentifiedWords.some((w) => key.includes(w));
}

/** The known name of an actor, normalised, or null when it is missing or unidentified. */
function knownName(actor: ReportActor | null, rules: FuseRules): string | null {
  return actor && !isUnknownActor(actor, rules) ? actorKey(actor.name) : null;
}

/** The known actor names of two reports: [a.actor1, a.actor2, b.actor1, b.actor2], null where unknown. */
type ActorNames = readonly [string | null, string | null, string | null, string | null];

/** How the actors of two reports relate; actor1/actor2 carry no direction in ACLED, so a crossed pair is the same. */
function relationOf([a1, a2, b1, b2]: ActorNames): ActorRelation {
  if (a1 === null || b1 === null) return "open";
  return a1 === b1 || (a2 !== null && a1 === b2 && a2 === b1) ? "same" : "conflict";
}

/** Maximum distance two locations may be apart, by the coarser geo precision. */
export function maxDistanceKm(a: ReportLocation, b: ReportLocation, rules: FuseRules = FUSE_RULES): number {
  return Math.max(rules.maxKm[a.geo_precision], rules.maxKm[b.geo_precision]);
}

/** A casualty range as evidence: [low, high] when the claims are tight enough to compare, else null. */
function tollRange(count: Count | null, rules: FuseRules): readonly [number, number] | null {
  if (!count) return null;
  const high = count.high ?? count.low;
  return high <= Math.max(count.low * rules.toll.tightRangeRatio, count.low + 2) ? [count.low, high] : null;
}

/** How the death tolls of two reports compare: close, far apart, or no evidence either way. */
export function tollRelation(a: Report, b: Report, rules: FuseRules = FUSE_RULES): "close" | "far" | "open" {
  const x = tollRange(a.fatalities, rules);
  const y = tollRange(b.fatalities, rules);
  if (!x || !y) return "open";
  const gap = Math.max(0, y[0] - x[1], x[0] - y[1]);
  const larger = Math.max(x[1], y[1]);
  if (gap <= Math.max(rules.toll.closeRatio * larger, 0)) return "close";
  const smaller = Math.min(x[1], y[1]);
  return gap >= rules.toll.farMinDifference && larger >= rules.toll.farRatio * Math.max(smaller, 1)
    ? "far"
    : "open";
}

const DATE_COARSENESS = { day: 0, week: 1, month: 1, year: 2, unknown: 2 } as const;

/** How coarse a report is (0–2): a week or month adds one, a year two; no place or only a region adds one. */
export function coarseness(r: Report): number {
  const place = r.location === null || r.location.geo_precision === 3 ? 1 : 0;
  return Math.min(2, DATE_COARSENESS[r.date.precision] + place);
}

/**
 * What the score rules look at for a pair of reports, each fact computed on first use (most pairs are decided
 * apart by type or date before the place, actors or tolls are looked at).
 */
export class PairFacts {
  #gap: number | null | undefined;
  #km: number | null | undefined;
  #names: ActorNames | undefined;
  #toll: "close" | "far" | "open" | undefined;

  constructor(
    readonly a: SourcedReport,
    readonly b: SourcedReport,
    readonly rules: FuseRules,
  ) {}

  /** Days between the two date intervals (0 when they overlap); null when a date is unknown. */
  get gapDays(): number | null {
    if (this.#gap === undefined) {
      const ia = fusionInterval(this.a, this.rules);
      const ib = fusionInterval(this.b, this.rules);
      this.#gap = ia && ib ? Math.max(0, ib.start - ia.end, ia.start - ib.end) : null;
    }
    return this.#gap;
  }

  /** The larger of the two reports' date slack. */
  get slack(): number {
    return Math.max(dateSlack(this.a.report.date, this.rules), dateSlack(this.b.report.date, this.rules));
  }

  /** The two places (read only once the place dimension found both located). */
  get la(): ReportLocation {
    return this.a.report.location!;
  }

  get lb(): ReportLocation {
    return this.b.report.location!;
  }

  /** Kilometres between the two places (0 for the same gazetteer place); null when one is unlocated. */
  get km(): number | null {
    if (this.#km === undefined) {
      const [la, lb] = [this.a.report.location, this.b.report.location];
      this.#km = la && lb ? (la.gazetteer_id === lb.gazetteer_id ? 0 : distanceKm(la, lb)) : null;
    }
    return this.#km;
  }

  /** The known actor names: [a.actor1, a.actor2, b.actor1, b.actor2], null where unknown. */
  get names(): ActorNames {
    if (this.#names === undefined) {
      const [a, b] = [this.a.report, this.b.report];
      this.#names = [
        knownName(a.actor1, this.rules),
        knownName(a.actor2, this.rules),
        knownName(b.actor1, this.rules),
        knownName(b.actor2, this.rules),
      ];
    }
    return this.#names;
  }

  get actors(): ActorRelation {
    return relationOf(this.names);
  }

  get toll(): "close" | "far" | "open" {
    this.#toll ??= tollRelation(this.a.report, this.b.report, this.rules);
    return this.#toll;
  }
}

type Rule = (f: PairFacts) => boolean;
const bothDays = (f: PairFacts) => f.a.report.date.precision === "day" && f.b.report.date.precision === "day";
const countryOnly = (l: ReportLocation | null) => l !== null && l.geo_precision === 3 && l.admin1 === null;

/**
 * The score rules by name (data/fuse/rules.json `score.rules` gives their order and points). In each dimension
 * (the part of the name before the slash) the first rule in table order that holds fires.
 */
export const SCORE_RULES: Readonly<Record<string, Rule>> = {
  /** The extractor already separated an article's events: never fuse them again. */
  "article/same": (f) => f.a.article.id === f.b.article.id,
  "type/same-sub": (f) => f.a.report.sub_event_type === f.b.report.sub_event_type,
  "type/same-event-type": (f) =>
    f.a.report.event_type === f.b.report.event_type && !f.rules.subTypeOnly.has(f.a.report.event_type),
  /** Neighbouring sub-types of one event type (suicide bomb / roadside bomb; air strike / shelling). */
  "type/neighbours": (f) =>
    f.a.report.event_type === f.b.report.event_type &&
    (f.rules.neighbours.get(f.a.report.sub_event_type)?.has(f.b.report.sub_event_type) ?? false),
  /** Sub-types outlets confuse but that are as often two events (air strike / shelling): weak evidence. */
  "type/loose-neighbours": (f) =>
    f.rules.looseNeighbours.get(f.a.report.sub_event_type)?.has(f.b.report.sub_event_type) ?? false,
  /** Neighbouring sub-types across event types (suicide bomb / attack on civilians): weaker evidence. */
  "type/neighbours-across": (f) =>
    f.rules.neighbours.get(f.a.report.sub_event_type)?.has(f.b.report.sub_event_type) ?? false,
  "type/incompatible": () => true,
  "date/unknown": (f) => f.gapDays === null,
  "date/same-day": (f) => f.gapDays === 0 && bothDays(f),
  "date/within-slack": (f) => f.gapDays! <= f.slack && bothDays(f),
  /** A news report without a date: the days before its publication (fusionInterval); coarse evidence. */
  "date/undated-news": (f) =>
    f.gapDays! <= f.slack &&
    (f.a.report.date.precision === "unknown" || f.b.report.date.precision === "unknown"),
  "date/coarse-overlap": (f) => f.gapDays! <= f.slack,
  "date/apart": () => true,
  "place/unlocated": (f) => f.km === null,
  /** A place known only as a country says nothing, as long as it is the same country and within reach. */
  "place/country-only": (f) =>
    (countryOnly(f.la) || countryOnly(f.lb)) &&
    f.la.country_code === f.lb.country_code &&
    f.km! <= maxDistanceKm(f.la, f.lb, f.rules),
  "place/same": (f) => f.la.geo_precision < 3 && f.lb.geo_precision < 3 && f.km! <= f.rules.samePlaceKm,
  "place/near": (f) => f.km! <= maxDistanceKm(f.la, f.lb, f.rules),
  /** Strike waves: outlets name different towns of one region. */
  "place/same-admin1": (f) => {
    const [x, y] = [f.la, f.lb];
    return (
      x.admin1 !== null &&
      x.admin1 === y.admin1 &&
      x.country_code === y.country_code &&
      f.rules.sameAdmin1.eventTypes.has(f.a.report.event_type) &&
      f.rules.sameAdmin1.eventTypes.has(f.b.report.event_type) &&
      f.km! <= f.rules.sameAdmin1.maxKm
    );
  },
  "place/far": () => true,
  "actor/same": (f) => f.actors === "same",
  /** One report's actor1 is the other's actor2 (the roles read the other way round). */
  "actor/crossed": (f) => {
    const [a1, a2, b1, b2] = f.names;
    return f.actors === "conflict" && ((a1 !== null && a1 === b2) || (b1 !== null && b1 === a2));
  },
  "actor/open": (f) => f.actors === "open",
  "actor/conflict": (f) => f.actors === "conflict",
  /** The same known actor2 (the target or the victims), or the same pair crossed. */
  "victims/same": (f) => {
    const [a1, a2, b1, b2] = f.names;
    return a2 !== null && (a2 === b2 || (a1 !== null && a1 === b2 && a2 === b1));
  },
  "toll/close": (f) => f.toll === "close",
  "toll/far": (f) => f.toll === "far",
};

/** Why two reports were or were not fused: the rules that fired (table order), their score, the verdict. */
export interface FusionVerdict {
  readonly fuse: boolean;
  readonly score: number;
  readonly rules: readonly string[];
  /** The score the pair needed to fuse (fuse_at for the coarser report); null when a `never` rule fired. */
  readonly needed: number | null;
}

/** The score table compiled: per dimension (table order of first appearance), its rules with their code. */
type Compiled = readonly (readonly {
  readonly rule: string;
  readonly points: number | null;
  readonly holds: Rule;
}[])[];
const COMPILED = new WeakMap<FuseRules, Compiled>();

function compiled(rules: FuseRules): Compiled {
  const known = COMPILED.get(rules);
  if (known) return known;
  const byDimension = new Map<string, { rule: string; points: number | null; holds: Rule }[]>();
  for (const row of rules.score.rules) {
    const holds = SCORE_RULES[row.rule];
    if (!holds) throw new Error(`fuse: score rule "${row.rule}" has no code (expected one of SCORE_RULES)`);
    const list = byDimension.get(row.dimension) ?? [];
    list.push({ rule: row.rule, points: row.points, holds });
    byDimension.set(row.dimension, list);
  }
  const table = [...byDimension.values()];
  COMPILED.set(rules, table);
  return table;
}

/**
 * Scores a pair of reports with the table's rules (data/fuse/rules.json `score`): in each dimension the first
 * rule that holds fires and adds its points; a `never` rule ends the verdict apart. The pair fuses when the
 * score reaches `fuse_at` for the coarser report's coarseness (0, 1 or 2): vaguer reports need more evidence.
 */
export function fusionVerdict(
  a: SourcedReport,
  b: SourcedReport,
  rules: FuseRules = FUSE_RULES,
): FusionVerdict {
  const table = compiled(rules);
  const facts = new PairFacts(a, b, rules);
  const fired: string[] = [];
  let score = 0;
  for (const dimension of table) {
    const row = dimension.find((r) => r.holds(facts));
    if (!row) continue;
    fired.push(row.rule);
    if (row.points === null) return { fuse: false, score, rules: fired, needed: null };
    score += row.points;
  }
  const needed = rules.score.fuseAt[Math.max(coarseness(a.report), coarseness(b.report))]!;
  return { fuse: score >= needed, score, rules: fired, needed };
}

/** True when two reports (from different articles) tell the same real-world event; symmetric. */
export function sameEvent(a: SourcedReport, b: SourcedReport): boolean {
  return fusionVerdict(a, b).fuse;
}

/**
 * The search window for stored reports that may fuse with `report`: a candidate's date interval must overlap
 * [from, to] (the report's interval widened by the largest slack either side may have), a located candidate must
 * lie in bbox (the largest distance any rule allows) and have one of eventTypes. Unknown dates match nothing.
 */
export function candidateWindow(s: SourcedReport, rules: FuseRules = FUSE_RULES): CandidateWindow {
  const report = s.report;
  const interval = fusionInterval(s, rules);
  if (!interval) return { from: null, to: null, bbox: null, unlocated: false, eventTypes: [] };
  const slack = Math.max(
    dateSlack(report.date, rules),
    ...Object.values(rules.dateSlackDays),
    rules.inferredDateSlackDays,
  );
  const eventTypes = [
    ...new Set([...(rules.compatible.get(report.sub_event_type) ?? [])].map(eventTypeOf)),
  ].sort();
  const loc = report.location;
  let bbox: CandidateWindow["bbox"] = null;
  if (loc) {
    const km = Math.max(
      ...Object.values(rules.maxKm),
      rules.sameAdmin1.eventTypes.has(report.event_type) ? rules.sameAdmin1.maxKm : 0,
    );
    const dLat = km / 111.195;
    const cosLat = Math.cos((Math.min(89, Math.abs(loc.lat)) * Math.PI) / 180);
    const dLon = Math.min(180, km / (111.195 * cosLat));
    bbox = [
      Math.max(-180, loc.lon - dLon),
      Math.max(-90, loc.lat - dLat),
      Math.min(180, loc.lon + dLon),
      Math.min(90, loc.lat + dLat),
    ];
  }
  // A located report still fuses with unlocated ones (no-location rules), which need the same sub-type.
  return {
    from: isoDay(interval.start - slack),
    to: isoDay(interval.end + slack),
    bbox,
    unlocated: true,
    eventTypes,
  };
}
