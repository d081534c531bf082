/**
 * The geocode stage: `geoparse(text, gazetteer)` finds the places an article names and ties each to
 * a gazetteer entry. Pure and deterministic. Order: tokenise → recognise (longest match, context
 * filters) → build article context from unambiguous mentions → resolve with context → relative
 * phrases and precision.
 */
import type { GeoPrecision, Place, Resolution } from "../model.js";
import {
  AGENCY_AFTER,
  DATELINE,
  RELATIVE_AFTER,
  RELATIVE_BEFORE,
  GOVERNMENT_AFTER,
  GOVERNMENT_BEFORE,
  PLACE_BEFORE,
  ROLE_BEFORE,
  RURAL_BEFORE,
  UNIT_WORDS,
} from "./cues.js";
import { type Gazetteer, LOOSE_COUNTRIES } from "./gazetteer.js";
import { findMentions, isWellKnown, type Mention, withCandidates } from "./recognize.js";
import { cachedLooseKey, normalizeName } from "./normalize.js";
import { type Context, contains, priorsOf, rank } from "./resolve.js";
import { tokenize } from "./tokens.js";
import { isSpace } from "../util/chars.js";
import { distanceKm } from "../util/geo.js";
import { tailPattern } from "../util/tail.js";

export type { Gazetteer } from "./gazetteer.js";
export { createMemoryGazetteer } from "./gazetteer.js";

/** Options of `geoparse`. */
export interface GeoparseOptions {
  /** ISO alpha-2 codes of countries the article is known to be about (feed, outlet); favoured in ties. */
  readonly countryHints?: readonly string[];
  /** Also return demonyms ("Syrian") as toponyms of their country (rule `demonym`); default false. */
  readonly includeDemonyms?: boolean;
  /** How many alternatives to keep on each resolution (default 5). */
  readonly maxAlternatives?: number;
  /** Texts longer than this many characters are geoparsed only up to it (default 1,000,000). */
  readonly maxLength?: number;
}

const AREA_CODES = /^(PCL|CONT|RGN|ADM1|ADM2|TERR)/;
const BROAD = /^(PCL|CONT|RGN)/;
/** Score added to the reading of Y that contains X in "X, Y". */
const CONTAINER_BONUS = 3;
/** Score added to the province reading of Y in "X district, Y": a province, not its namesake capital ("Gulran district, Herat"). */
const DISTRICT_BONUS = 8;

/** X is a district ("X district", or only district readings inside Y) and Y a province or country that contains it. */
function districtIn(x: Mention, outer: Place): boolean {
  if (!/^(?:ADM1|PCL)/.test(outer.feature_code)) return false;
  const inside = x.candidates.filter((p) => contains(outer, p));
  return x.division === "ADM2" || (inside.length > 0 && inside.every((p) => p.feature_code === "ADM2"));
}

function precisionOf(p: Place, relative: boolean): GeoPrecision {
  // A district is a small area (ACLED codes it 2); provinces, countries and regions are 3.
  if (p.feature_code === "ADM2") return 2;
  if (AREA_CODES.test(p.feature_code)) return 3;
  return relative ? 2 : 1;
}

const provinceKeys = new WeakMap<Place, string | null>();
/** `CC|admin1` of a place inside a province (not a country, continent or region), or null; memoised per Place. */
function provinceKey(p: Place): string | null {
  let k = provinceKeys.get(p);
  if (k === undefined) {
    k = p.country_code && p.admin1 && !BROAD.test(p.feature_code) ? `${p.country_code}|${p.admin1}` : null;
    provinceKeys.set(p, k);
  }
  return k;
}

/** Reused buffer of the softmax terms of one mention's priors. */
const scratch = new Float64Array(64);

/**
 * Builds the article context: every mention votes for countries and provinces with the softmax of
 * its candidates' priors (so twenty US-only town names vote US even when each is ambiguous inside
 * the US); mentions whose reading is clear without context also give points for proximity.
 */
function contextOf(
  mentions: readonly Mention[],
  priors: readonly Float64Array[],
  hints: ReadonlySet<string>,
): Context {
  const votes = new Map<string, number>();
  const provinceVotes = new Map<string, number>();
  const points: { lat: number; lon: number; index: number; key: string }[] = [];
  const own = new Map<string, Map<string, number>>();
  let total = 0;
  const seen = new Set<string>();
  const named = new Set<string>();
  const divisions = new Set<string>();
  for (let index = 0; index < mentions.length; index++) {
    const m = mentions[index] as Mention;
    const ps = priors[index] as Float64Array;
    const cands = m.candidates;
    if (cands.length === 0) continue;
    let top = 0;
    let topS = Number.NEGATIVE_INFINITY;
    let secondS = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < ps.length; j++) {
      const v = ps[j] as number;
      if (v > topS) {
        secondS = topS;
        topS = v;
        top = j;
      } else if (v > secondS) secondS = v;
    }
    const topPlace = cands[top] as Place;
    if (m.kind === "name" && topPlace.country_code && topPlace.feature_code.startsWith("PCL"))
      named.add(topPlace.country_code);
    if (
      m.kind === "name" &&
      topPlace.country_code &&
      (topPlace.feature_code === "ADM1" || topPlace.feature_code === "ADM2")
    )
      divisions.add(topPlace.country_code);
    // Each distinct name votes once: a town named ten times must not outvote the rest of the article.
    const first = !seen.has(m.key);
    if (first) {
      seen.add(m.key);
      const weight = m.kind === "demonym" ? 0.7 : 1;
      const ex = ps.length <= scratch.length ? scratch : new Float64Array(ps.length);
      let z = 0;
      for (let j = 0; j < ps.length; j++) {
        const e = Math.exp((ps[j] as number) - topS);
        ex[j] = e;
        z += e;
      }
      let mine: Map<string, number> | undefined;
      for (let j = 0; j < ps.length; j++) {
        const p = cands[j] as Place;
        const share = (weight * (ex[j] as number)) / z;
        const cc = p.country_code;
        if (!cc) continue;
        votes.set(cc, (votes.get(cc) ?? 0) + share);
        if (share > 0) {
          if (!mine) {
            mine = own.get(m.key) ?? new Map<string, number>();
            own.set(m.key, mine);
          }
          mine.set(cc, (mine.get(cc) ?? 0) + share);
        }
        const key = provinceKey(p);
        if (key !== null) provinceVotes.set(key, (provinceVotes.get(key) ?? 0) + share);
      }
      total += weight;
    }
    const clear = cands.length < 2 || topS - secondS >= 2 || m.kind !== "name";
    if (clear && m.kind === "name" && !AREA_CODES.test(topPlace.feature_code))
      points.push({ lat: topPlace.lat, lon: topPlace.lon, index, key: m.key });
  }
  const admin1s = new Map<string, Set<string>>();
  for (const [key, v] of provinceVotes) if (v >= 0.5) addProvince(admin1s, key);
  return { votes, total, own, admin1s, points, hints, named, divisions };
}

/** Adds a `CC|admin1` key to admin1 names by country code. */
function addProvince(byCountry: Map<string, Set<string>>, key: string): void {
  const bar = key.indexOf("|");
  const cc = key.slice(0, bar);
  const admin1 = key.slice(bar + 1);
  const names = byCountry.get(cc);
  if (names) names.add(admin1);
  else byCountry.set(cc, new Set([admin1]));
}

/**
 * For each mention, the index of the first mention with the same reading (name, kind, loose match,
 * division word): those share priors, support and ranking.
 */
function readingsOf(mentions: readonly Mention[]): number[] {
  const out: number[] = [];
  const byKey = new Map<string, number[]>();
  for (let i = 0; i < mentions.length; i++) {
    const m = mentions[i] as Mention;
    const list = byKey.get(m.key);
    let rep = i;
    if (list) {
      for (const j of list) {
        const o = mentions[j] as Mention;
        if (
          o.kind === m.kind &&
          o.loose === m.loose &&
          o.division === m.division &&
          o.candidates === m.candidates
        ) {
          rep = j;
          break;
        }
      }
      if (rep === i) list.push(i);
    } else byKey.set(m.key, [i]);
    out.push(rep);
  }
  return out;
}

/** Grid cell of a point (1° × 1°), as a number. */
function cell(lat: number, lon: number): number {
  return (Math.floor(lat) + 90) * 1000 + Math.floor(lon) + 180;
}

/** Distance below which two readings of different names support each other ("London" and "St. Thomas" in Ontario). */
const SUPPORT_KM = 60;

/**
 * For each mention, which of its candidates lie within SUPPORT_KM of a candidate of another name
 * of the article (1 = supported). Candidates of one name are looked up in a grid of the others'.
 */
function supportOf(mentions: readonly Mention[], readings: readonly number[]): (Uint8Array | null)[] {
  const none: (Uint8Array | null)[] = new Array(mentions.length).fill(null);
  if (mentions.length < 2) return none;
  // The first mention of each distinct name (demonyms aside), by its name index.
  const nameOf = new Map<string, number>();
  const firsts: Mention[] = [];
  let ambiguous = false;
  for (const m of mentions) {
    if (m.kind === "demonym" || nameOf.has(m.key)) continue;
    nameOf.set(m.key, firsts.length);
    firsts.push(m);
    if (m.candidates.length > 1) ambiguous = true;
  }
  if (firsts.length < 2 || !ambiguous) return none;
  // Grid of the readings of each distinct name: cell → flat [lat, lon, name index, ...].
  const grid = new Map<number, number[]>();
  for (let id = 0; id < firsts.length; id++)
    for (const p of (firsts[id] as Mention).candidates) {
      if (p.feature_class === "A") continue;
      const c = cell(p.lat, p.lon);
      const list = grid.get(c);
      if (list) list.push(p.lat, p.lon, id);
      else grid.set(c, [p.lat, p.lon, id]);
    }
  // Mentions of one reading share the first one's answer.
  const out: (Uint8Array | null)[] = [];
  for (let i = 0; i < mentions.length; i++) {
    const m = mentions[i] as Mention;
    const rep = readings[i] as number;
    const id = nameOf.get(m.key);
    out.push(
      rep < i
        ? (out[rep] as Uint8Array | null)
        : m.kind !== "demonym" && m.candidates.length > 1 && id !== undefined
          ? supportedCandidates(grid, m.candidates, id)
          : null,
    );
  }
  return out;
}

/** Which of a name's candidates lie within SUPPORT_KM of another name's (1 = supported); divisions never. */
function supportedCandidates(
  grid: ReadonlyMap<number, readonly number[]>,
  candidates: readonly Place[],
  id: number,
): Uint8Array {
  const out = new Uint8Array(candidates.length);
  for (let j = 0; j < candidates.length; j++) {
    const p = candidates[j] as Place;
    if (p.feature_class !== "A" && supported(grid, p.lat, p.lon, id)) out[j] = 1;
  }
  return out;
}

/** True when a reading of another name lies within SUPPORT_KM of the point. */
function supported(
  grid: ReadonlyMap<number, readonly number[]>,
  lat: number,
  lon: number,
  self: number,
): boolean {
  const k = Math.cos((lat * Math.PI) / 180);
  const c0 = cell(lat, lon);
  const limit = (SUPPORT_KM / 111.2) ** 2;
  for (let dl = -1000; dl <= 1000; dl += 1000)
    for (let dn = -1; dn <= 1; dn++) {
      const list = grid.get(c0 + dl + dn);
      if (!list) continue;
      for (let q = 0; q < list.length; q += 3) {
        if (list[q + 2] === self) continue;
        const dy = (list[q] as number) - lat;
        const dx = ((list[q + 1] as number) - lon) * k;
        if (dx * dx + dy * dy <= limit) return true;
      }
    }
  return false;
}

/** What comes between a name and its container: "X, Y", "X district, Y", "X (Y)". */
const UNIT = `(?:${UNIT_WORDS.join("|")})`;
const CONTAINER_GAP = new RegExp(
  [
    `^(\\s+${UNIT}(?:\\s+(?:${UNIT}|center|centre|headquarters|seat))?)?`,
    "(?:\\s*(\\()\\s*",
    "|\\s*,\\s*(?:(?:in|near)\\s+(?:the\\s+)?)?",
    "|\\s+(?:in|near|of)\\s+(?:the\\s+)?(?:(countryside|outskirts|suburbs?|province|governorate|district|area)\\s+of\\s+)?(?:the\\s+)?)$",
  ].join(""),
  "i",
);
const OUTER = /^(?:PCL|ADM1|ADM2|PPLA$|PPLC$)/;
const DIVISION = /^(?:PCL|ADM1|ADM2)/;

/** 0 for a country or division, 1 for a town (a capital standing for its province). */
function divisionFirst(p: Place): number {
  return DIVISION.test(p.feature_code) ? 0 : 1;
}

/**
 * "X, Y" where none of X's candidates lies in Y: X's namesakes inside Y that the shortlist left out
 * ("Oleksandrivka, Donetsk" among dozens of Oleksandrivkas), added to X's candidates.
 */
function withinContainer(
  mentions: readonly Mention[],
  gaps: readonly (RegExpExecArray | null)[],
  i: number,
  gaz: Gazetteer,
): Mention {
  const m = mentions[i] as Mention;
  const n = mentions[i + 1];
  if (!n || m.kind !== "name" || !gaps[i]) return m;
  const outers = n.candidates.filter((o) => OUTER.test(o.feature_code));
  if (outers.length === 0) return m;
  if (m.candidates.some((p) => outers.some((o) => contains(o, p)))) return m;
  // Exact namesakes first, then transliterated spellings inside Y ("Khogyani" for Khugyani).
  const exact = m.loose ? [] : gaz.lookup(m.key);
  const inY = (p: Place) => !m.candidates.includes(p) && outers.some((o) => contains(o, p));
  let inside = exact.length > m.candidates.length ? exact.filter(inY) : [];
  if (
    inside.length === 0 &&
    m.key.length >= 5 &&
    outers.some((o) => LOOSE_COUNTRIES.has(o.country_code ?? ""))
  )
    inside = gaz.lookupLoose(cachedLooseKey(m.key)).filter(inY);
  return inside.length > 0 ? withCandidates(m, [...m.candidates, ...inside]) : m;
}

/**
 * What lies between mention i and the next as CONTAINER_GAP reads it ("X, Y", "X district, Y", "X (Y)"), or null:
 * none of the two a demonym, at most 40 characters apart.
 */
function containerGap(text: string, mentions: readonly Mention[], i: number): RegExpExecArray | null {
  const m = mentions[i] as Mention;
  const n = mentions[i + 1];
  if (!n || m.kind === "demonym" || n.kind === "demonym" || n.start - m.end > 40) return null;
  return CONTAINER_GAP.exec(text.slice(m.end, n.start));
}

/** Mention i followed by its administrative container (mention i + 1). */
interface Containment {
  /** Y's candidate that contains one of X's candidates, or null. */
  readonly outer: Place | null;
  /** A division word or parentheses mark Y as X's container, not the next item of a list. */
  readonly marked: boolean;
}

/** The container an "X, Y" / "X district, Y" / "X (Y)" pattern gives mention i, or null without the pattern. */
function containerOf(
  text: string,
  mentions: readonly Mention[],
  gaps: readonly (RegExpExecArray | null)[],
  priors: readonly Float64Array[],
  i: number,
): Containment | null {
  const m = mentions[i] as Mention;
  const n = mentions[i + 1] as Mention;
  const g = gaps[i];
  if (!g) return null;
  const paren = g[2] === "(";
  if (paren && !/^\s*\)/.test(text.slice(n.end, n.end + 4))) return null;
  const marked = paren || g[1] !== undefined || g[3] !== undefined || m.division !== null;
  const ps = priors[i + 1] as Float64Array;
  // A division before its capital ("Imam Sahib district, Kunduz" is in the province), then by prior.
  const order = n.candidates
    .map((_, j) => j)
    .sort(
      (x, y) =>
        divisionFirst(n.candidates[x] as Place) - divisionFirst(n.candidates[y] as Place) ||
        (ps[y] ?? 0) - (ps[x] ?? 0),
    );
  for (const j of order) {
    const outer = n.candidates[j] as Place;
    if (OUTER.test(outer.feature_code) && m.candidates.some((p) => contains(outer, p)))
      return { outer, marked };
  }
  return { outer: null, marked };
}

const NEAR_WORDS =
  /near|close|outside|around|outskirts|vicinity|countryside|suburb|environs|periphery|surroundings|rural|village|road/i;
const OF_WORD = / of /i;
/** "the road to/from/between X": along a road, not at or near one town. */
const ROAD_BEFORE = tailPattern(/\broad\s+(?:to|from|between)\s+(?:the\s+)?(?:city\s+of\s+|town\s+of\s+)?$/i);

/** The last word of every RELATIVE_BEFORE phrase. */
const RELATIVE_LAST = new Set([
  "of",
  "the",
  "near",
  "nearby",
  "to",
  "outside",
  "around",
  "rural",
  "between",
  "from",
]);

/** The ASCII word that ends right before `at` (spaces skipped), in lower case. */
function wordBefore(text: string, at: number): string {
  let e = at;
  while (e > 0 && text.charCodeAt(e - 1) <= 32) e--;
  let s = e;
  while (s > 0 && (text.charCodeAt(s - 1) | 32) >= 97 && (text.charCodeAt(s - 1) | 32) <= 122) s--;
  return e - s > 8 ? "" : text.slice(s, e).toLowerCase();
}

/** The relative rule the words around a mention give it; `last` is the word before it (wordBefore). */
function relativeRule(text: string, m: Mention, last: string): string | null {
  // Cheap pre-checks: the phrases end in "of", "the", "near", "outside", "around", "rural", "to"...
  if (RELATIVE_LAST.has(last)) {
    const before = text.slice(Math.max(0, m.start - 60), m.start);
    // "north of (the) X": the word before is "of" or "the".
    if ((last === "of" || last === "the") && RELATIVE_BEFORE[0]?.test(before) && OF_WORD.test(before))
      return "relative/direction";
    if (RELATIVE_BEFORE[1]?.test(before) && NEAR_WORDS.test(before.slice(-45)))
      return RURAL_BEFORE.test(before)
        ? "relative/rural"
        : ROAD_BEFORE.test(before)
          ? "relative/road"
          : "relative/near";
  }
  if (mayBeRelativeAfter(text, m.end) && RELATIVE_AFTER.test(text.slice(m.end, m.end + 30)))
    return "relative/area";
  return null;
}

/** First letters of the RELATIVE_AFTER words (countryside, outskirts, suburbs, environs, ...). */
const AFTER_INITIALS = new Set([..."cosepbfdhar"].map((c) => c.charCodeAt(0)));

/**
 * False when RELATIVE_AFTER cannot match at `at`: no apostrophe, then not a space followed by the first letter
 * of one of its words (a cheap pre-check).
 */
function mayBeRelativeAfter(text: string, at: number): boolean {
  let c = text.charCodeAt(at);
  if (c === 39 || c === 0x2019) return true;
  if (!isSpace(c)) return false;
  let k = at + 1;
  while (k < text.length && isSpace(text.charCodeAt(k))) k++;
  c = text.charCodeAt(k);
  return c < 128 && AFTER_INITIALS.has(c | 32);
}

const BORDER_AFTER = /^\s+(?:border|borders|frontier)\b/i;

/** "border" or "frontier" right after `at` ("the Iraqi border"); spaces, then a "b" or an "f", checked first. */
function borderAfter(text: string, at: number): boolean {
  if (!isSpace(text.charCodeAt(at))) return false;
  let k = at + 1;
  while (k < at + 12 && isSpace(text.charCodeAt(k))) k++;
  const c = text.charCodeAt(k) | 32;
  return (c === 98 || c === 102) && BORDER_AFTER.test(text.slice(at, at + 12));
}

/** Finds and resolves the toponyms of a text; [] when there are none. Pure and deterministic. */
export function geoparse(text: string, gazetteer: Gazetteer, options: GeoparseOptions = {}): Resolution[] {
  const body =
    text.length > (options.maxLength ?? 1_000_000) ? text.slice(0, options.maxLength ?? 1_000_000) : text;
  if (!/\S/.test(body)) return [];
  const found = findMentions(body, tokenize(body), gazetteer);
  // The gap between neighbours is read once: containers widen X's candidates, then place X inside Y.
  const gaps = found.map((_, i) => containerGap(body, found, i));
  const mentions = found.map((_, i) => withinContainer(found, gaps, i, gazetteer));
  // Mentions with the same reading (name, kind, loose, division word) share their priors and ranking.
  const readings = readingsOf(mentions);
  const priors: Float64Array[] = new Array(mentions.length);
  for (let i = 0; i < mentions.length; i++) {
    const r = readings[i] as number;
    priors[i] = r === i ? priorsOf(mentions[i] as Mention) : (priors[r] as Float64Array);
  }
  const rankMemo = new Map<
    number,
    { container: Place | null; pinned: Place | null; ranked: ReturnType<typeof rank> }[]
  >();
  const support = supportOf(mentions, readings);
  const ctx = contextOf(mentions, priors, new Set(options.countryHints ?? []));
  // "X, Y", "X (Y)": Y (a province, country or its capital) first, so X can be resolved inside it.
  const containers = mentions.map((_, i) => containerOf(body, mentions, gaps, priors, i));
  const maxAlt = options.maxAlternatives ?? 5;
  const dateline = datelineEnd(body);
  const rankedAll = mentions.map((m, i) => {
    if (m.kind === "demonym" && !options.includeDemonyms) {
      const border = borderAfter(body, m.end);
      if (!border) return null;
    }
    // A lone reading needs no score: scores are read only against a second one (margin, alternatives).
    if (m.candidates.length === 1) return [{ place: m.candidates[0] as Place, score: 0 }];
    // The score leaves out points of the same name, so equal readings in the same container rank alike.
    const container = containers[i]?.outer ?? null;
    const pinned = containers[i - 1]?.outer ?? null;
    const reading = readings[i] as number;
    const memo = rankMemo.get(reading);
    let ranked = memo?.find((e) => e.container === container && e.pinned === pinned)?.ranked;
    if (!ranked) {
      ranked = rank(m, ctx, i, container, priors[i], support[i] ?? undefined);
      // Y of "X, Y" is the reading that contains X.
      const bonus =
        pinned && districtIn(mentions[i - 1] as Mention, pinned) ? DISTRICT_BONUS : CONTAINER_BONUS;
      if (pinned)
        ranked = ranked
          .map((r) => (r.place === pinned ? { place: r.place, score: r.score + bonus } : r))
          .sort((x, y) => y.score - x.score);
      const entry = { container, pinned, ranked };
      if (memo) memo.push(entry);
      else rankMemo.set(reading, [entry]);
    }
    return ranked;
  });
  const out: Resolution[] = [];
  mentions.forEach((m, i) => {
    const ranked = rankedAll[i];
    const best = ranked?.[0];
    if (!ranked || !best) return;
    if (m.kind === "demonym") {
      if (borderAfter(body, m.end)) {
        out.push(resolution(m, best.place, 0.6, 2, "relative/border", []));
        return;
      }
    }
    const last = wordBefore(body, m.start);
    const relative = m.kind === "demonym" ? null : relativeRule(body, m, last);
    // "Zhari district, Kandahar", "As Sabaa (Tripoli)": a name the gazetteer does not have inside its
    // marked container resolves to the container, near (precision 2), not to a namesake abroad.
    // Unmarked ("Famale, Tillaberi") when Y is a province or district and X only a namesake abroad.
    const c = containers[i];
    const outerTop = c && !c.outer ? rankedAll[i + 1]?.[0]?.place : undefined;
    const outerBest =
      outerTop &&
      (c?.marked ||
        (/^ADM[12]$/.test(outerTop.feature_code) && unrelated(m, mentions[i + 1] as Mention)) ||
        (PROVINCE_LIKE.test(outerTop.feature_code) &&
          namesDivision(mentions[i + 1] as Mention) &&
          minorEverywhere(m)))
        ? outerTop
        : undefined;
    const role = roleOf(body, m, dateline, last);
    // A name the gazetteer lacks inside Y resolves to Y; so does one whose only readings are minor namesakes
    // elsewhere in Y's country ("Kamyanka, Donetsk": a hamlet in another province is not meant).
    if (
      outerBest &&
      (!m.candidates.some((p) => p.country_code === outerBest.country_code) ||
        (minorEverywhere(m) && m.candidates.every((p) => distanceKm(p, outerBest) > FAR_NAMESAKE_KM)))
    ) {
      out.push(
        resolution(
          m,
          outerBest,
          0.5,
          outerBest.feature_code === "ADM2" ? 2 : AREA_CODES.test(outerBest.feature_code) ? 3 : 2,
          "contained/fallback",
          [],
          role,
          seatOf(outerBest, gazetteer, body, m),
        ),
      );
      return;
    }
    // A transliteration guess abroad loses to the country the rest of the article is about.
    // So does a minor place named without a cue ("Twin car bombs" read as a Belgian town).
    if ((m.loose || minorUncued(m)) && abroad(m, ctx, best.place)) return;
    const second = ranked[1];
    const margin = second ? best.score - second.score : 4;
    const confidence = Math.round((1 / (1 + Math.exp(-margin))) * (m.loose ? 0.8 : 1) * 1000) / 1000;
    const rule =
      relative ??
      (m.kind === "demonym"
        ? "demonym"
        : m.kind === "abbreviation"
          ? "abbreviation"
          : m.loose
            ? "name/loose"
            : "name/exact");
    const alternatives = ranked.slice(1, 1 + maxAlt).map((r) => ({
      id: r.place.id,
      name: r.place.name,
      score: Math.round(r.score * 1000) / 1000,
    }));
    // "Hasakeh province" where only the capital carries that spelling: the province the capital heads.
    const province = m.division === "ADM1" ? provinceOfCapital(best.place, gazetteer) : null;
    if (province) {
      out.push(
        resolution(m, province, confidence, 3, "name/province-of-capital", alternatives, role, best.place),
      );
      return;
    }
    out.push(
      resolution(
        m,
        best.place,
        confidence,
        precisionOf(best.place, relative !== null),
        rule,
        alternatives,
        role ?? otherRole(body, m, best.place),
        seatOf(best.place, gazetteer, body, m),
      ),
    );
  });
  return out;
}

function resolution(
  m: Mention,
  place: Place,
  score: number,
  geo_precision: GeoPrecision,
  rule: string,
  alternatives: Resolution["alternatives"],
  role: Resolution["role"] | null = null,
  seat: Place | null = null,
): Resolution {
  const span = { start: m.start, end: m.end, text: m.text };
  // One literal per shape (no spread copy); the keys keep the order of the output.
  if (!seat)
    return role
      ? { span, place, score, geo_precision, rule, role, alternatives }
      : { span, place, score, geo_precision, rule, alternatives };
  const at = { id: seat.id, name: seat.name, lat: seat.lat, lon: seat.lon };
  return role
    ? { span, place, score, geo_precision, rule, role, alternatives, seat: at }
    : { span, place, score, geo_precision, rule, alternatives, seat: at };
}

/** A name, maybe a division word, then a comma or an opening parenthesis: what follows is that name's container. */
const CONTAINED_BEFORE = tailPattern(
  /\p{Lu}[\p{L}\p{M}'’-]*(?:\s+(?:district|province|county|region|area|village|town|city|LGA))?\s*(?:,|\()\s*$/u,
);

/** A comma or an opening parenthesis, then only spaces, right before `at` (what CONTAINED_BEFORE ends with). */
function commaOrParenBefore(text: string, at: number): boolean {
  let k = at - 1;
  while (k >= 0 && isSpace(text.charCodeAt(k))) k--;
  const c = text.charCodeAt(k);
  return c === 44 || c === 40;
}

/**
 * The seat of a province (its capital) when the text tells the province itself as the place, or null: not for
 * another place, nor for a province that only contains a name before it ("Krymske, Luhansk": the village may be
 * anywhere in it).
 */
function seatOf(p: Place, gazetteer: Gazetteer, text: string, m: Mention): Place | null {
  if (p.feature_code !== "ADM1" || !p.country_code || !p.admin1) return null;
  if (
    commaOrParenBefore(text, m.start) &&
    CONTAINED_BEFORE.test(text.slice(Math.max(0, m.start - 60), m.start))
  )
    return null;
  return gazetteer.seat(p.country_code, p.admin1);
}

/**
 * Every reading of X is a minor place (no capital, no town of 20,000) in a country none of Y's
 * readings lies in ("Dessa, Tillaberi": a hamlet abroad, not the Nigerien district).
 */
function unrelated(x: Mention, y: Mention): boolean {
  return !x.candidates.some(
    (p) =>
      isWellKnown(p) ||
      p.population >= 20_000 ||
      /^PPL[AC]$/.test(p.feature_code) ||
      y.candidates.some((q) => q.country_code === p.country_code),
  );
}

/** A namesake this far from the container Y of "X, Y" is not the X meant (one just across Y's border may be). */
const FAR_NAMESAKE_KM = 150;

/** A province, a district or a province capital standing for its province ("X, Donetsk"). */
const PROVINCE_LIKE = /^(?:ADM1|ADM2|PPLA)$/;

/** One reading of the name is a province or district ("Donetsk"). */
function namesDivision(m: Mention): boolean {
  return m.candidates.some((p) => p.feature_code === "ADM1" || p.feature_code === "ADM2");
}

/** Every reading of a name is a minor place: no capital, no town of 20,000, not a well-known name. */
function minorEverywhere(m: Mention): boolean {
  return (
    m.kind === "name" &&
    !m.candidates.some(
      (p) =>
        isWellKnown(p) ||
        p.population >= 20_000 ||
        /^PPL[AC]$/.test(p.feature_code) ||
        AREA_CODES.test(p.feature_code),
    )
  );
}

/** A single name without a place cue whose every reading is a minor town (no capital, under 50,000). */
function minorUncued(m: Mention): boolean {
  return (
    m.kind === "name" &&
    !m.prep &&
    !m.typed &&
    m.division === null &&
    m.first === m.last &&
    !m.candidates.some((p) => isWellKnown(p) || p.population >= 50_000 || /^PPL[AC]$/.test(p.feature_code))
  );
}

/** Share of the other names' votes a country needs to count as the article's country. */
const DOMINANT_SHARE = 0.6;

/**
 * True when the rest of the article is mostly about one country (its names' votes without this
 * name's own), this place lies elsewhere and no candidate of the name lies there.
 */
function abroad(m: Mention, ctx: Context, place: Place): boolean {
  const mine = ctx.own.get(m.key);
  let ownTotal = 0;
  if (mine) for (const v of mine.values()) ownTotal += v;
  const rest = ctx.total - ownTotal;
  // Two other names at least (one when a province or district is among them: "Korogo (Mahagi, Ituri)"), and
  // not a country the article names itself.
  if (rest < 0.9 || ctx.named?.has(place.country_code ?? "")) return false;
  for (const [cc, v] of ctx.votes) {
    const share = (v - (mine?.get(cc) ?? 0)) / rest;
    if (share >= DOMINANT_SHARE)
      return (
        (rest >= 1.9 || (ctx.divisions?.has(cc) ?? false)) &&
        place.country_code !== cc &&
        !m.candidates.some((p) => p.country_code === cc)
      );
  }
  return false;
}

/** A word every ROLE_BEFORE phrase holds (a cheap pre-check; stems leave out a first letter that may be a capital). */
const ROLE_WORDS =
  /taken|rushed|transferred|transported|evacuated|admitted|airlifted|brought|treated|peaking|poke|alk|reached|interviewed|contacted|told|fled|escaped|relocated|moved|refuge|exile|lives|living|resettled|sheltering|from (?:his|her|their|a) /;

/** The last word of every ROLE_BEFORE phrase. */
const ROLE_LAST = new Set(["in", "at", "of", "near", "to", "into", "from", "the", "a", "nearby"]);

/** End of the dateline header at the start of the text ("DAMASCUS (Reuters) -"), or -1. */
function datelineEnd(text: string): number {
  // The dateline opens the body: the first line, or the line after a headline.
  let from = 0;
  for (let line = 0; line < 3 && from < text.length && from < 400; line++) {
    const nl = text.indexOf("\n", from);
    const to = nl < 0 ? text.length : nl;
    const g = DATELINE.exec(text.slice(from, Math.min(to, from + 120)));
    if (g?.[1] && (/\(/.test(g[1]) || /^\s*\p{Lu}{3,}/u.test(g[1]))) return from + g[0].length;
    if (nl < 0) break;
    from = nl + 1;
  }
  return -1;
}

/** The first-order division a province capital heads, found by the division's name (null for any other place). */
function provinceOfCapital(p: Place, gazetteer: Gazetteer): Place | null {
  if (p.feature_code !== "PPLA" || !p.admin1 || !p.country_code) return null;
  return (
    gazetteer
      .lookup(normalizeName(p.admin1))
      .find((q) => q.feature_code === "ADM1" && q.country_code === p.country_code && q.admin1 === p.admin1) ??
    null
  );
}

/** Before a country: it is the neighbour across a border ("on the Syrian side of the border with Iraq"). */
const NEIGHBOUR_BEFORE = tailPattern(/\b(?:borders?|frontier)\s+with\s+(?:neighbou?ring\s+)?$/i);

/** The role a resolved place's words give it beyond roleOf's: a capital as its government, a neighbour country. */
function otherRole(text: string, m: Mention, place: Place): Resolution["role"] | null {
  if (standsForGovernment(text, m, place)) return "government";
  if (
    place.feature_code.startsWith("PCL") &&
    NEIGHBOUR_BEFORE.test(text.slice(Math.max(0, m.start - 40), m.start))
  )
    return "neighbour";
  return null;
}

/** A national capital written as its government ("Damascus denied", "prompted Washington to act"). */
function standsForGovernment(text: string, m: Mention, place: Place): boolean {
  if (place.feature_code !== "PPLC") return false;
  const before = text.slice(Math.max(0, m.start - 30), m.start);
  return (
    (GOVERNMENT_AFTER.test(text.slice(m.end, m.end + 50)) || GOVERNMENT_BEFORE.test(before)) &&
    !PLACE_BEFORE.test(before)
  );
}

/** The role the words around a mention give it (dateline, hospital, remote speaker); `last` is the word before it. */
function roleOf(text: string, m: Mention, dateline: number, last: string): Resolution["role"] | null {
  if (m.end <= dateline && text.lastIndexOf("\n", m.start) === text.lastIndexOf("\n", dateline - 1))
    return "dateline";
  // A dateline inside the text ("... on Tuesday. MOSCOW (Sputnik) The strike ...").
  if (text.charCodeAt(m.end + 1) === 40 || text.charCodeAt(m.end) === 44) {
    if (m.text === m.text.toUpperCase() && AGENCY_AFTER.test(text.slice(m.end, m.end + 40)))
      return "dateline";
  }
  if (!ROLE_LAST.has(last)) return null;
  const before = text.slice(Math.max(0, m.start - 70), m.start);
  const role = ROLE_BEFORE.find(([, re]) => re.test(before))?.[0] ?? null;
  return role !== null && ROLE_WORDS.test(before) ? role : null;
}
