/**
 * Toponym resolution: scores each candidate place of each mention with a prior (feature type,
 * population, name match) and the article's context (countries and provinces it names, "X, Y"
 * containment, nearby mentions), then picks the best.
 */
import type { Place } from "../model.js";
import { distanceKm } from "../util/geo.js";
import { LOOSE_COUNTRIES } from "./gazetteer.js";
import { cachedLooseKey, looseKey, normalizeName } from "./normalize.js";
import type { Mention } from "./recognize.js";
import { memoPerObject } from "../util/memo.js";

/** Prior weight of a feature code (countries and provinces are named far more often than same-named towns). */
const TYPE_PRIOR: Readonly<Record<string, number>> = {
  PCLI: 3.2,
  PCLD: 2.6,
  PCLS: 2.6,
  PCLF: 2.6,
  TERR: 2.2,
  CONT: 4.5,
  RGN: 2.4,
  ADM1: 2.4,
  ADM2: 0.9,
  PPLC: 1.2,
  PPLA: 0.7,
  PPLA2: 0.3,
  PPLA3: 0.1,
  PPLX: -0.3,
};

/**
 * GeoNames writes 0 for a population it does not know, and cities500 keeps such a place only as a seat of
 * government: it counts as the least a seat of its rank holds (a district seat such as Al Qāmishlī is no hamlet).
 */
const UNKNOWN_POPULATION: Readonly<Record<string, number>> = {
  PPLC: 100_000,
  PPLA: 50_000,
  PPLA2: 10_000,
};

/** A place's population, or for an unknown one (0), the least its rank of seat holds. */
const populationOf = (p: Place): number =>
  p.population > 0 ? p.population : (UNKNOWN_POPULATION[p.feature_code] ?? 0);

/** Prior for curated sites (air bases, crossings): their names are specific. */
const SITE_PRIOR = 2;

/** Weights of the context features. */
const W = {
  population: 0.38,
  primaryName: 0.5,
  loose: -1,
  country: 3,
  countryAny: 0.6,
  admin1: 1.6,
  containedIn: 5,
  division: 4,
  near100: 1.2,
  near400: 0.5,
  hint: 2,
  sharesDivisionName: -1.5,
  capitalOfNamed: 2,
  support: 1,
  worldCity: 1,
} as const;

/** Evidence the article gives about where it is. */
export interface Context {
  /** Country code → votes of the article's mentions (softmax of each distinct name's priors). */
  readonly votes: ReadonlyMap<string, number>;
  /** Sum of the vote weights. */
  readonly total: number;
  /** Each name's own votes, left out when that name is scored (no self-reinforcement). */
  readonly own: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Provinces named or containing unambiguous mentions: their admin1 names by country code. */
  readonly admin1s: ReadonlyMap<string, ReadonlySet<string>>;
  /** Points of confidently resolved mentions. */
  readonly points: readonly {
    readonly lat: number;
    readonly lon: number;
    readonly index: number;
    readonly key: string;
  }[];
  readonly hints: ReadonlySet<string>;
  /** Countries the article names (a mention whose best reading is the country itself). */
  readonly named?: ReadonlySet<string>;
  /** Countries of the provinces and districts the article names (a mention whose best reading is one). */
  readonly divisions?: ReadonlySet<string>;
}

/** The normalised name of a place, computed once per Place object. */
const keyOf = memoPerObject((p: Place): string => normalizeName(p.name));

/** The loose key of a place's own name, computed once per Place object. */
const looseOfPlace = memoPerObject((p: Place): string => looseKey(keyOf(p)));

/**
 * Prior score of a candidate for a mention, without article context. `mentionLoose` is the loose
 * key of the mention: in transliteration countries the place's own name counts as written when the
 * two agree loosely ("Hama" for Ḩamāh).
 */
export function prior(p: Place, m: Mention, mentionLoose?: string): number {
  let s = W.population * Math.log10(populationOf(p) + 1);
  s += p.feature_class === "S" ? SITE_PRIOR : (TYPE_PRIOR[p.feature_code] ?? 0);
  if (
    keyOf(p) === m.key ||
    (mentionLoose !== undefined &&
      LOOSE_COUNTRIES.has(p.country_code ?? "") &&
      looseOfPlace(p) === mentionLoose)
  )
    s += W.primaryName;
  if (m.loose) s += W.loose;
  if (m.division && p.feature_code === m.division) s += W.division;
  return s;
}

/** Priors of a candidate list for one reading of it: the name's key, loose match and division word. */
interface PriorsEntry {
  readonly key: string;
  readonly loose: boolean;
  readonly division: Mention["division"];
  readonly priors: Float64Array;
}

/** Priors kept per candidate list (lookups and their memos hand out the same lists), by reading. */
const priorsByList = new WeakMap<readonly Place[], PriorsEntry[]>();

/** Priors of every candidate of a mention, in candidate order (not to be written to: they are shared). */
export function priorsOf(m: Mention): Float64Array {
  let entries = priorsByList.get(m.candidates);
  if (!entries) {
    entries = [];
    priorsByList.set(m.candidates, entries);
  }
  for (const e of entries)
    if (e.key === m.key && e.loose === m.loose && e.division === m.division) return e.priors;
  const priors = computePriors(m);
  entries.push({ key: m.key, loose: m.loose, division: m.division, priors });
  return priors;
}

/** The priors of priorsOf, computed. */
function computePriors(m: Mention): Float64Array {
  const out = new Float64Array(m.candidates.length);
  // The loose key matters only for places in transliteration countries: made at the first one.
  let mentionLoose: string | undefined;
  for (let j = 0; j < out.length; j++) {
    const p = m.candidates[j] as Place;
    if (mentionLoose === undefined && LOOSE_COUNTRIES.has(p.country_code ?? ""))
      mentionLoose = cachedLooseKey(m.key);
    out[j] = prior(p, m, mentionLoose);
  }
  return out;
}

/** Full score of a candidate in context; `container` is the place an "X, Y" pattern puts the mention in. */
/** What `score` needs from a mention, computed once per mention. */
export interface MentionFacts {
  readonly mine: ReadonlyMap<string, number> | undefined;
  readonly rest: number;
  /** `CC|admin1` of the provinces among the candidates. */
  readonly provinces: ReadonlySet<string>;
  /** A country or province among the candidates has exactly this name. */
  readonly namesDivision: boolean;
  /** A country among the candidates has exactly this name ("Mexico", "Kuwait"). */
  readonly namesCountry: boolean;
}

function factsOf(m: Mention, ctx: Context): MentionFacts {
  const mine = ctx.own.get(m.key);
  let ownTotal = 0;
  if (mine) for (const v of mine.values()) ownTotal += v;
  const provinces = new Set<string>();
  let namesDivision = false;
  let namesCountry = false;
  for (const q of m.candidates) {
    if (q.feature_code === "ADM1") provinces.add(`${q.country_code}|${q.admin1}`);
    if ((q.feature_code === "ADM1" || q.feature_code.startsWith("PCL")) && keyOf(q) === m.key)
      namesDivision = true;
    if (q.feature_code.startsWith("PCL") && keyOf(q) === m.key) namesCountry = true;
  }
  return { mine, rest: ctx.total - ownTotal, provinces, namesDivision, namesCountry };
}

const CAPITAL = /^PPL(A|C)$/;
const AREA = /^(PCL|CONT|RGN|ADM)/;

/** Federations whose English-language press means the province by its bare name ("Quebec"). */
const PROVINCE_FIRST: ReadonlySet<string> = new Set(["US", "CA", "AU"]);

/**
 * A capital that the bare name of its division means ("Tehran", "Idlib", "Kandahar"); not in a federation whose
 * press names its provinces bare ("Quebec"). "X province" is how the rest of the press names the province.
 */
function namesakeCapital(p: Place): boolean {
  if (p.feature_code === "PPLC") return true;
  return p.feature_code === "PPLA" && !PROVINCE_FIRST.has(p.country_code ?? "");
}

/** Full score of a candidate in context; `container` is the place an "X, Y" pattern puts the mention in. */
export function score(
  p: Place,
  m: Mention,
  ctx: Context,
  self: number,
  container: Place | null,
  facts: MentionFacts = factsOf(m, ctx),
  priorScore: number = prior(p, m),
): number {
  let s = priorScore;
  const cc = p.country_code ?? "";
  const share =
    facts.rest > 0.5 ? Math.max(0, (ctx.votes.get(cc) ?? 0) - (facts.mine?.get(cc) ?? 0)) / facts.rest : 0;
  if (share >= 0.15) s += W.countryAny;
  s += W.country * share;
  if (ctx.hints.has(cc)) s += W.hint;
  if (p.feature_code === "PPLC") {
    // The capital of a country the article names ("France ... Paris"); a world capital.
    if (ctx.named?.has(cc)) s += W.capitalOfNamed;
    if (p.population >= 1_000_000) s += W.worldCity;
  }
  if (ctx.admin1s.size > 0 && p.admin1 && ctx.admin1s.get(cc)?.has(p.admin1)) {
    // A town inside a named province, unless the province itself is the other reading of the name
    // ("New York") and the town is not its capital; a province named in the article.
    if (p.feature_code === "ADM1") s += W.admin1;
    else if (CAPITAL.test(p.feature_code) || !facts.provinces.has(`${cc}|${p.admin1}`)) s += W.admin1;
  }
  // A town that shares its name with a country or province is rarely meant by it ("California, Md."),
  // unless it is that division's capital (Aleppo, Idlib, Kirkuk).
  // A city named like its country ("Mexico", "Kuwait") is rarely meant by the bare name.
  if (facts.namesCountry && p.feature_class === "P") s += W.sharesDivisionName;
  else if (facts.namesDivision && p.feature_class === "P" && !namesakeCapital(p)) s += W.sharesDivisionName;
  if (container && contains(container, p)) s += W.containedIn;
  if (ctx.points.length > 0 && !AREA.test(p.feature_code)) {
    let best = Number.POSITIVE_INFINITY;
    for (const q of ctx.points) {
      // More than 4° of latitude apart is beyond 400 km: no bonus, no need for the distance.
      if (q.index === self || q.key === m.key || Math.abs(q.lat - p.lat) > 4) continue;
      best = Math.min(best, distanceKm(p, q));
    }
    if (best <= 100) s += W.near100;
    else if (best <= 400) s += W.near400;
  }
  return s;
}

/** True when `outer` (a country or province) contains `inner`. */
export function contains(outer: Place, inner: Place): boolean {
  if (outer.id === inner.id || !outer.country_code || outer.country_code !== inner.country_code) return false;
  if (outer.feature_code.startsWith("PCL")) return true;
  if (outer.feature_code === "ADM1") return inner.admin1 === outer.admin1 && inner.feature_code !== "ADM1";
  if (outer.feature_code === "ADM2") return inner.admin2 === outer.admin2 && inner.feature_code !== "ADM2";
  // A province capital stands for its province ("Imam Sahib, Kunduz").
  if (CAPITAL.test(outer.feature_code))
    return (
      !!outer.admin1 && inner.admin1 === outer.admin1 && !/^(?:PCL|ADM1|CONT|RGN)/.test(inner.feature_code)
    );
  return false;
}

/** Candidates ranked by score, best first. */
export function rank(
  m: Mention,
  ctx: Context,
  self: number,
  container: Place | null,
  priors?: Float64Array,
  support?: Uint8Array,
): { place: Place; score: number }[] {
  const facts = factsOf(m, ctx);
  const out: { place: Place; score: number }[] = new Array(m.candidates.length);
  for (let j = 0; j < out.length; j++) {
    const place = m.candidates[j] as Place;
    const s = score(place, m, ctx, self, container, facts, priors?.[j] ?? prior(place, m));
    out[j] = { place, score: support?.[j] ? s + W.support : s };
  }
  return out.sort((a, b) => b.score - a.score);
}
