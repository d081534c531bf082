/**
 * Toponym recognition: finds candidate place mentions (longest gazetteer match over capitalised
 * word runs, abbreviations, demonyms, Arabic and Cyrillic words) and drops the ones the context
 * says are not places (common words, person names, organisation names).
 */
import type { Place } from "../model.js";
import {
  CALENDAR_WORDS,
  CURRENCY_WORDS,
  DIVISION_WORDS,
  FIRST_NAMES,
  FACILITY_AFTER,
  NAME_HEADS,
  NAME_HEADS_BEFORE,
  NAME_PREFIXES,
  NEVER_ALONE,
  OUTLET_AFTER,
  PERSON_TITLES,
  PLACE_NOUNS_OF,
  PLACE_PREPOSITIONS,
  PLACE_WORDS_AFTER,
  QUARTER_AFTER,
  WEAPON_AFTER,
  STOP_PHRASES,
  STOPWORDS,
} from "./cues.js";
import type { Gazetteer } from "./gazetteer.js";
import { cachedLooseKey, normalizeName } from "./normalize.js";
import { allCapitals, type Token } from "./tokens.js";
import { memoBounded, memoPerObject, SpanMemo } from "../util/memo.js";
import { isSpace } from "../util/chars.js";
import { tailPattern } from "../util/tail.js";
import { mostlyCapitalised } from "../util/title-case.js";

/** A candidate toponym before disambiguation. */
export interface Mention {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly key: string;
  readonly kind: "name" | "abbreviation" | "demonym";
  readonly candidates: readonly Place[];
  /** Matched through the transliteration-tolerant key. */
  readonly loose: boolean;
  /** "province", "county" ... right after the name, as the level it implies. */
  readonly division: "ADM1" | "ADM2" | null;
  /** Preceded by a locative preposition ("in", "near"). */
  readonly prep: boolean;
  /** Followed by a place word ("X town") or inside a container's parentheses ("(X, Y)"). */
  readonly typed: boolean;
  /** Index of the first and last token. */
  readonly first: number;
  readonly last: number;
}

/** Lower-case connectors allowed inside a multi-word name ("Isle of Man", "Deir ez-Zor", "Ras al Ain"). */
const CONNECTORS = new Set(
  "of de du des la le les al el ez es ed ad as ash az an ar at on upon the da do dos das del della di sur en am im bin ibn bani abu um umm".split(
    " ",
  ),
);

/** Lower-case words that end the name of a site ("T-4 airbase", "Tishrin dam"). */
const SITE_WORDS = new Set(
  "airbase air base airport airfield base camp crossing border dam field oil gas garrison refinery plant bridge".split(
    " ",
  ),
);

/** (First letter, last letter) pairs of a word list's words: a check that spares most other words a hash lookup. */
function endsOf(...lists: Iterable<string>[]): Uint8Array {
  const out = new Uint8Array(128 * 128);
  for (const words of lists)
    for (const w of words) out[(w.charCodeAt(0) & 127) * 128 + (w.charCodeAt(w.length - 1) & 127)] = 1;
  return out;
}

/** False when no word of the list has this word's first and last letters. */
function mayHold(ends: Uint8Array, w: string): boolean {
  return ends[(w.charCodeAt(0) & 127) * 128 + (w.charCodeAt(w.length - 1) & 127)] === 1;
}

const JOINER_ENDS = endsOf(CONNECTORS, SITE_WORDS);
const PREPOSITION_ENDS = endsOf(PLACE_PREPOSITIONS);
const PERSON_ENDS = endsOf(FIRST_NAMES, PERSON_TITLES);
const DIVISION_ENDS = endsOf(DIVISION_WORDS.keys());

/** The level a division word gives the name before it ("province" → ADM1), or null. */
function divisionWord(w: string): "ADM1" | "ADM2" | null {
  return mayHold(DIVISION_ENDS, w) ? (DIVISION_WORDS.get(w) ?? null) : null;
}

/** A locative preposition ("in", "near") or a place noun with "of" ("the town of") right before token i. */
function placeCue(text: string, tokens: readonly Token[], i: number): boolean {
  const prev = tokens[i - 1];
  if (!prev || prev.cap) return false;
  if (mayHold(PREPOSITION_ENDS, prev.lower) && PLACE_PREPOSITIONS.has(prev.lower)) return true;
  if (prev.lower !== "of") return false;
  // The tokeniser keeps one lower-case word before a name: the noun is read from the text.
  const noun = nounBefore(text, prev.start);
  return noun !== null && PLACE_NOUNS_OF.has(noun.toLowerCase());
}

/**
 * What NOUN_BEFORE captures in the 16 characters before `at` (the letters before the spaces that end them), or
 * null; read from character codes when they are ASCII, else with the pattern.
 */
function nounBefore(text: string, at: number): string | null {
  const from = Math.max(0, at - 16);
  let k = at;
  while (k > from && text.charCodeAt(k - 1) < 128 && isSpace(text.charCodeAt(k - 1))) k--;
  const end = k;
  while (k > from && isAsciiLetter(text.charCodeAt(k - 1))) k--;
  // A non-ASCII character where the scan stopped: the pattern decides.
  if (k > from && text.charCodeAt(k - 1) >= 128) return NOUN_BEFORE.exec(text.slice(from, at))?.[1] ?? null;
  return end < at && k < end ? text.slice(k, end) : null;
}

/** An ASCII letter, by code. */
function isAsciiLetter(c: number): boolean {
  return (c | 32) >= 97 && (c | 32) <= 122;
}

/**
 * A place cue around tokens first..last: a place word right after ("Badah town", "Lashkargah city"), or a
 * container's parentheses around the name ("(Hodan, Banadir)"), or null.
 */
function cueAround(
  text: string,
  tokens: readonly Token[],
  first: number,
  last: number,
): "word" | "paren" | null {
  const end = tokens[last] as Token;
  const next = tokens[last + 1];
  if (next && !next.cap && joinable(text, end, next) && PLACE_WORDS_AFTER.has(next.lower)) return "word";
  const start = (tokens[first] as Token).start;
  const paren = closesAt(text, end.end) && PAREN_BEFORE.test(text.slice(Math.max(0, start - 40), start));
  return paren ? "paren" : null;
}

/** A name closes a parenthesis or a list inside one: spaces, then a comma or a closing parenthesis, within three characters. */
function closesAt(text: string, at: number): boolean {
  const to = Math.min(text.length, at + 3);
  for (let k = at; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === 44 || c === 41) return true;
    if (!isSpace(c)) return false;
  }
  return false;
}

/** A name opens a parenthesis or follows a comma inside one ("(Bosso, Diffa)"). */
const PAREN_BEFORE = tailPattern(/\(\s*(?:[^()\n,]{1,30},\s*)?$/);

/** The word right before a position (for "<noun> of X"). */
const NOUN_BEFORE = /(\p{L}+)\s+$/u;

const MAX_TOKENS = 6;
/** Candidates kept per name: the most populous towns plus every division, country and site. */
const MAX_CANDIDATES = 25;

/** The candidates kept of a long list (memoised per list: gazetteer lookups return the same arrays). */
const shortlist = memoPerObject((candidates: readonly Place[]): readonly Place[] =>
  candidates.filter((p, i) => i < MAX_CANDIDATES || p.feature_class !== "P"),
);
const WELL_KNOWN = new Set(["PCLI", "PCLD", "PCLS", "PCLF", "PCL", "TERR", "ADM1", "CONT", "RGN"]);

/** True when a place is a country, a province, a continent or a region, or a city of a million. */
export function isWellKnown(p: Place): boolean {
  return WELL_KNOWN.has(p.feature_code) || p.population >= 1_000_000;
}

/**
 * A place as a candidate list of its own, the same list each time (memoised per Place): mentions of it share a
 * reading and its priors.
 */
const asCandidates = memoPerObject((p: Place): readonly Place[] => [p]);

/** Some candidate is well known (memoised per list: lookups return the same arrays). */
const anyWellKnown = memoPerObject((candidates: readonly Place[]): boolean => candidates.some(isWellKnown));

/** Abbreviated name parts that a period and a space separate from the rest ("St. Louis", "Mt. Hermon"). */
const SHORT_PARTS = new Set(["St", "Ste", "Mt", "Ft", "Pt"]);

/** text[from, to) is one space. */
function oneSpace(text: string, from: number, to: number): boolean {
  return to - from === 1 && text.charCodeAt(from) === 32;
}

/** text[from, to) is a period and a space. */
function periodSpace(text: string, from: number, to: number): boolean {
  return to - from === 2 && text.charCodeAt(from) === 46 && text.charCodeAt(from + 1) === 32;
}

function joinable(text: string, a: Token, b: Token): boolean {
  const gap = b.start - a.end;
  if (gap === 1) return text.charCodeAt(a.end) === 32;
  return gap === 2 && SHORT_PARTS.has(a.text) && periodSpace(text, a.end, b.start);
}

/** Surnames of the people an article names ("Bob Jones", "Mr. Jones", "Jones said"): not places there. */
function personNames(text: string, tokens: readonly Token[]): Set<string> {
  const out = new Set<string>();
  for (let k = 1; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    const prev = tokens[k - 1] as Token;
    if (!t.cap || t.upper || !prev.cap) continue;
    const p = prev.lower;
    if (!mayHold(PERSON_ENDS, p)) continue;
    const space = oneSpace(text, prev.end, t.start);
    if (
      (space && FIRST_NAMES.has(p)) ||
      ((space || periodSpace(text, prev.end, t.start)) && PERSON_TITLES.has(p))
    ) {
      // The surname is the last capitalised word of the name ("Bob A. Jones").
      let j = k;
      while (
        j + 1 < tokens.length &&
        (tokens[j + 1] as Token).cap &&
        joinable(text, tokens[j] as Token, tokens[j + 1] as Token)
      )
        j++;
      out.add((tokens[j] as Token).text);
    }
  }
  return out;
}

/** Case-normalised view of a word for table lookups (a token ends in a letter or digit, never a period). */
const low = (t: Token | undefined): string => (t ? t.lower : "");

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const WORD_AT = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:[-'’.][\p{L}\p{N}][\p{L}\p{M}\p{N}]*)*/uy;
const CONTRACTION = /['’](?:s|re|ve|ll|d|m|t)$/i;

/** True when a lower-case word occurs in the text as a whole word (as the tokeniser would cut it). */
function hasLowerWord(text: string, word: string): boolean {
  // An ASCII word is whole when an ASCII character that cannot continue a word follows it.
  const ascii = simpleWord(word);
  let at = text.indexOf(word);
  while (at >= 0) {
    if (!joinedBefore(text, at)) {
      const after = text.charCodeAt(at + word.length);
      const ends = Number.isNaN(after) || (after < 128 && !isWordCode(after) && !JOINS_WORDS.has(after));
      const runsOn = after < 128 && isWordCode(after);
      if (ascii && ends) return true;
      if (!(ascii && runsOn) && wholeAt(text, at, word)) return true;
    }
    at = text.indexOf(word, at + 1);
  }
  return false;
}

/** The characters that join two words into one token ("al-Bab", "O'Neil", "U.S"), by code. */
const JOINS_WORDS = new Set([45, 39, 46, 0x2019]);

/** An ASCII letter or digit. */
function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
}

/** What WORD_CHAR matches, for the UTF-16 code unit at k. */
function wordCharAt(text: string, k: number): boolean {
  const c = text.charCodeAt(k);
  if (c < 128) return isWordCode(c);
  return WORD_CHAR.test(text[k] ?? "");
}

/** The word at `at` continues one that starts before it (a letter, or a joining character after one). */
function joinedBefore(text: string, at: number): boolean {
  if (at === 0) return false;
  if (wordCharAt(text, at - 1)) return true;
  return JOINS_WORDS.has(text.charCodeAt(at - 1)) && at > 1 && wordCharAt(text, at - 2);
}

/** The tokeniser's word at `at`, without a contraction, is `word`. */
function wholeAt(text: string, at: number, word: string): boolean {
  WORD_AT.lastIndex = at;
  const m = WORD_AT.exec(text);
  return !!m && m[0].replace(CONTRACTION, "") === word;
}

/** Finds candidate mentions in reading order, without overlaps. */
export function findMentions(text: string, tokens: readonly Token[], gaz: Gazetteer): Mention[] {
  const out: Mention[] = [];
  // Whether a word also appears in lower case in the article (asked rarely: a sentence-initial candidate).
  const lowerSeen = new Map<string, boolean>();
  const lowerWords = {
    has(word: string): boolean {
      let hit = lowerSeen.get(word);
      if (hit === undefined) {
        hit = hasLowerWord(text, word);
        lowerSeen.set(word, hit);
      }
      return hit;
    },
  };
  const persons = personNames(text, tokens);
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i] as Token;
    const info = t.cap || t.script === "arabic" ? wordInfo(gaz, t.text) : null;
    const m = info ? matchAt(text, tokens, i, gaz, info) : null;
    if (m && info && keep(text, tokens, m, info, lowerWords, persons)) {
      out.push(m);
      i = m.last + 1;
    } else i++;
  }
  return out;
}

function mention(
  text: string,
  tokens: readonly Token[],
  first: number,
  last: number,
  end: number,
  kind: Mention["kind"],
  candidates: readonly Place[],
  loose: boolean,
  key?: string,
  prep: boolean = placeCue(text, tokens, first),
): Mention {
  const a = tokens[first] as Token;
  const next = tokens[last + 1];
  const division = next && joinable(text, tokens[last] as Token, next) ? divisionWord(next.lower) : null;
  const span = text.slice(a.start, end);
  return {
    start: a.start,
    end,
    text: span,
    key: key ?? normalizeName(span),
    kind,
    candidates: candidates.length > MAX_CANDIDATES ? shortlist(candidates) : candidates,
    loose,
    division,
    prep,
    typed: cueAround(text, tokens, first, last) !== null,
    first,
    last,
  };
}

/** The mention with other candidates (an object of the same shape as every other mention). */
export function withCandidates(m: Mention, candidates: readonly Place[]): Mention {
  return {
    start: m.start,
    end: m.end,
    text: m.text,
    key: m.key,
    kind: m.kind,
    candidates,
    loose: m.loose,
    division: m.division,
    prep: m.prep,
    typed: m.typed,
    first: m.first,
    last: m.last,
  };
}

const ABBREVIATION = /(?:[A-Z][A-Za-z]{0,3}\.\s?){1,3}/y;

function abbreviationAt(text: string, tokens: readonly Token[], i: number, gaz: Gazetteer): Mention | null {
  const t = tokens[i] as Token;
  // The pattern opens with a capital and at most three letters before a period.
  if (text.indexOf(".", t.start) - t.start > 4) return null;
  ABBREVIATION.lastIndex = t.start;
  const m = ABBREVIATION.exec(text);
  if (!m) return null;
  // Longest first: "W. Va." before "W."
  const parts = m[0].trimEnd().split(/(?<=\.)\s?/);
  for (let n = parts.length; n >= 1; n--) {
    const written = parts.slice(0, n).join("");
    const place = gaz.abbreviation(written);
    if (!place) continue;
    const end = text.indexOf(parts[n - 1] as string, t.start) + (parts[n - 1] as string).length;
    let last = i;
    while (last + 1 < tokens.length && (tokens[last + 1] as Token).start < end) last++;
    const isState = place.feature_code === "ADM1";
    const afterComma = /,\s*$/.test(text.slice(Math.max(0, t.start - 3), t.start));
    if (isState && !afterComma && !/\../.test(written)) return null;
    return mention(text, tokens, i, last, end, "abbreviation", asCandidates(place), false);
  }
  return null;
}

/** A word with an Arabic article ("al-Numan", "Al-Hasakah"). */
const ARTICLED = /^(?:al|el|ad|ash|as|az|ar|at|an|ed|es|ez)[-\s]/i;

/** `ARTICLED` for a token (no spaces inside), with the cheap check first: a hyphen third or fourth. */
function articledToken(word: string): boolean {
  return (word.charCodeAt(2) === 45 || word.charCodeAt(3) === 45) && ARTICLED.test(word);
}

/** Only ASCII letters: the key is the word in lower case. */
function simpleWord(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) | 32;
    if (c < 97 || c > 122) return false;
  }
  return true;
}

/** Normalised keys of words and runs seen so far (bounded; the same names recur across articles). */
const normalizedKey = memoBounded(normalizeName, 50_000);
function keyOfText(text: string): string {
  return simpleWord(text) ? text.toLowerCase() : normalizedKey(text);
}

/** What a single capitalised word gives on its own, computed once per spelling and gazetteer. */
interface WordInfo {
  /** The word as written. */
  readonly word: string;
  readonly key: string;
  /** First word of the key. */
  readonly head: string;
  readonly calendar: boolean;
  readonly stop: boolean;
  /** The country the word names as a demonym ("Syrian"), or null. */
  readonly demonym: Place | null;
  /** Exact candidates of the word alone (a division-only name also offers its capital). */
  readonly exact: readonly Place[];
  readonly articled: boolean;
  /** Most words of a name starting with this word's first word. */
  readonly maxWords: number;
  /** Some demonym of several words opens with the word. */
  readonly opensDemonym: boolean;
  /** A compass or position word ("Eastern", "Upper"). */
  readonly compass: boolean;
  /** What the word is in lower case, as ALONE_* flags: checks on a single-word name. */
  readonly alone: number;
  /** What the word gives as "City-Quarter", made on first use (undefined until then). */
  quarter: Quarter | null | undefined;
  /** The abbreviation the word is as written, when all capitals or dotted inside ("UK", "U.K"), or null. */
  readonly bare: Place | null;
  /** The abbreviation the word is with a period after it ("Ala."), or null. */
  readonly dotted: Place | null;
  /** A period inside the word ("U.K"). */
  readonly dottedInside: boolean;
}

/** The key, exact candidates and demonym of a multi-word span. */
interface SpanInfo {
  readonly key: string;
  readonly exact: readonly Place[];
  /** The country the span names as a demonym ("South Sudanese"), or null. */
  readonly demonym: Place | null;
}

/** The memos kept per gazetteer (each emptied when it passes MEMO_MAX entries). */
interface Memos {
  /** By the word as written. */
  readonly words: Map<string, WordInfo>;
  /** By the span as written. */
  readonly spans: SpanMemo<SpanInfo>;
  /** Loose candidates by exact key, countries left out. */
  readonly loose: Map<string, readonly Place[]>;
}
const MEMO_MAX = 50_000;
const memosByGazetteer = new WeakMap<Gazetteer, Memos>();
let lastGaz: Gazetteer | null = null;
let lastMemos: Memos = newMemos();

function newMemos(): Memos {
  return { words: new Map(), spans: new SpanMemo(MEMO_MAX), loose: new Map() };
}

/** The memos of a gazetteer (the last one asked for is kept at hand). */
function memosOf(gaz: Gazetteer): Memos {
  if (gaz === lastGaz) return lastMemos;
  let m = memosByGazetteer.get(gaz);
  if (!m) {
    m = newMemos();
    memosByGazetteer.set(gaz, m);
  }
  lastGaz = gaz;
  lastMemos = m;
  return m;
}

/** Stores a value in a bounded memo and returns it. */
function remember<V>(memo: Map<string, V>, key: string, value: V): V {
  if (memo.size > MEMO_MAX) memo.clear();
  memo.set(key, value);
  return value;
}

/** The key and exact candidates of text[start, end) (looked up without slicing it). */
function spanInfo(gaz: Gazetteer, text: string, start: number, end: number): SpanInfo {
  const memo = memosOf(gaz).spans;
  const hit = memo.get(text, start, end);
  if (hit) return hit;
  const span = text.slice(start, end);
  const key = normalizeName(span);
  const code = gaz.demonym(span);
  return memo.set(span, { key, exact: exactCandidates(gaz, key), demonym: code ? gaz.country(code) : null });
}

/**
 * Candidates of a key through the transliteration-tolerant key, countries left out: a country is always written
 * by its name, an alias or a demonym, so a transliteration guess never names one ("Assad" is no spelling of Chad).
 */
function looseCandidates(gaz: Gazetteer, key: string): readonly Place[] {
  const memo = memosOf(gaz).loose;
  const hit = memo.get(key);
  if (hit) return hit;
  const loose = cachedLooseKey(key);
  // A loose key of four letters or fewer ("sina", "saba") is a spelling guess shared by many unrelated names:
  // by it, a place is found by its own name ("al-Rai") or if it is a city ("Hillah"), not by a village's
  // other names ("al-Sinaa" is no Shin).
  const short = loose.length < MIN_LOOSE_KEY;
  const sure = (p: Place) =>
    !short || p.population >= SHORT_KEY_POPULATION || cachedLooseKey(normalizeName(p.name)) === loose;
  return remember(
    memo,
    key,
    gaz.lookupLoose(loose).filter((p) => !p.feature_code.startsWith("PCL") && sure(p)),
  );
}

/** The shortest loose key that finds any place by spelling alone. */
const MIN_LOOSE_KEY = 5;
/** The population a place found by a shorter loose key must have. */
const SHORT_KEY_POPULATION = 100_000;

function exactCandidates(gaz: Gazetteer, key: string): readonly Place[] {
  const exact = gaz.lookup(key);
  // A name known only as a division ("Hasakah") may be its capital written without the article.
  if (
    exact.length > 0 &&
    key.length >= 5 &&
    exact.every((p) => p.feature_class === "A" && /^ADM/.test(p.feature_code))
  ) {
    const extra = gaz
      .lookupLoose(cachedLooseKey(key))
      .filter((p) => p.feature_class === "P" && /^PPL(A|C)$/.test(p.feature_code));
    if (extra.length > 0) return [...exact, ...extra];
  }
  return exact;
}

/** The WordInfo of a word as written. */
function wordInfo(gaz: Gazetteer, word: string): WordInfo {
  const memo = memosOf(gaz).words;
  const hit = memo.get(word);
  if (hit) return hit;
  const key = keyOfText(word);
  const sp = key.indexOf(" ");
  const head = sp < 0 ? key : key.slice(0, sp);
  const code = gaz.demonym(word);
  const dottedInside = word.includes(".");
  const info: WordInfo = {
    word,
    key,
    head,
    calendar: CALENDAR_WORDS.has(head),
    stop: STOPWORDS.has(head),
    demonym: code ? gaz.country(code) : null,
    exact: exactCandidates(gaz, key),
    articled: ARTICLED.test(word),
    maxWords: gaz.maxWords(head),
    opensDemonym: gaz.opensDemonym(word),
    compass: COMPASS_WORDS.has(key),
    alone: aloneFlags(word.toLowerCase()),
    quarter: undefined,
    bare: dottedInside || (word.length >= 2 && allCapitals(word)) ? gaz.abbreviation(word) : null,
    dotted: gaz.abbreviation(`${word}.`),
    dottedInside,
  };
  return remember(memo, word, info);
}

/** Flags of a word in lower case: the tables keep reads for a single-word name. */
const ALONE_NEVER = 1;
const ALONE_PREFIX = 2;
const ALONE_CURRENCY = 4;
const ALONE_STOPWORD = 8;
const ALONE_TITLE = 16;
const ALONE_FIRST_NAME = 32;
/** A possessive that lost its apostrophe ("Assads"): a stopword and an "s". */
const ALONE_POSSESSIVE = 64;

/** The ALONE_* flags of a word in lower case. */
function aloneFlags(lower: string): number {
  return (
    (NEVER_ALONE.has(lower) ? ALONE_NEVER : 0) |
    (NAME_PREFIXES.has(lower) ? ALONE_PREFIX : 0) |
    (CURRENCY_WORDS.has(lower) ? ALONE_CURRENCY : 0) |
    (STOPWORDS.has(lower) ? ALONE_STOPWORD : 0) |
    (PERSON_TITLES.has(lower) ? ALONE_TITLE : 0) |
    (FIRST_NAMES.has(lower) ? ALONE_FIRST_NAME : 0) |
    (lower.length > 4 && lower.endsWith("s") && STOPWORDS.has(lower.slice(0, -1)) ? ALONE_POSSESSIVE : 0)
  );
}

function matchAt(
  text: string,
  tokens: readonly Token[],
  i: number,
  gaz: Gazetteer,
  info: WordInfo,
): Mention | null {
  const t = tokens[i] as Token;
  const dotAfter = text.charCodeAt(t.end) === 46;
  const dottedHit = dotAfter ? abbreviationAt(text, tokens, i, gaz) : null;
  if (dottedHit) return dottedHit;
  // Abbreviations are matched exactly as written ("U.S.", "W.Va.", "UK").
  // (The dotted abbreviations of the table have at most five characters before their last period.)
  // Undotted abbreviations are all capitals ("UK", "UAE"); "U.K" may have lost its last period.
  const { bare, dotted, dottedInside } = info;
  const dottedHere = dotAfter && (t.upper || t.text.length <= 5) ? dotted : null;
  const abbr = dottedHere || bare || (dottedInside ? dotted : null);
  if (abbr) {
    const end = dottedHere ? t.end + 1 : t.end;
    const isState = abbr.feature_code === "ADM1";
    const afterComma = /,\s*$/.test(text.slice(Math.max(0, t.start - 3), t.start));
    if (!isState || afterComma || dottedInside || t.upper)
      return mention(text, tokens, i, i, end, "abbreviation", asCandidates(abbr), false);
  }
  // The longest run of capitalised words (with connectors inside) that the gazetteer knows.
  let run = 1;
  while (run < MAX_TOKENS && i + run < tokens.length) {
    const prev = tokens[i + run - 1] as Token;
    const next = tokens[i + run] as Token;
    if (!joinable(text, prev, next)) break;
    if (!next.cap) {
      const w = next.lower;
      if (!(mayHold(JOINER_ENDS, w) && (CONNECTORS.has(w) || SITE_WORDS.has(w)))) break;
    }
    if (next.script !== t.script) break;
    run++;
  }
  // Pre-checks that keep lookups cheap: how many words names starting with this word have, and
  // capitalised function words that are dropped anyway.
  const firstKey = info.key;
  const prep = placeCue(text, tokens, i);
  if (run === 1 && (info.calendar || (info.stop && (t.sentenceStart || !prep)))) return null;
  // A single word is looked up directly (the lookup is memoised as well as the pre-check).
  const maxN = run === 1 ? 1 : info.maxWords;
  // Loose (transliteration) matching only where a transliterated name is likely: non-Latin script,
  // a glued Arabic article, or a locative preposition before the run.
  let articledRun = info.articled;
  for (let k = i + 1; k < i + run && !articledRun; k++)
    articledRun = articledToken((tokens[k] as Token).text);
  // Otherwise a place word after the run or a container's parentheses around it (read when first needed);
  // the parentheses license only a loose province or district ("(Hodan, Banadir)").
  const cued = t.script !== "latin" || articledRun || prep;
  let around: "word" | "paren" | null | undefined = cued ? null : undefined;
  for (let n = run; n >= 1; n--) {
    const last = tokens[i + n - 1] as Token;
    if (!last.cap && !(n > 1 && SITE_WORDS.has(last.lower))) continue;
    if (n === 1) {
      if (info.demonym)
        return mention(
          text,
          tokens,
          i,
          i,
          t.end,
          "demonym",
          asCandidates(info.demonym),
          false,
          firstKey,
          prep,
        );
      if (t.text.length <= 2 || (t.upper && t.text.length <= 3)) continue;
      // A compass word opening a longer name the gazetteer lacks ("Eastern Ghouta") is no place alone.
      if (run > 1 && info.compass) continue;
      if (info.exact.length > 0)
        return mention(text, tokens, i, i, t.end, "name", info.exact, false, firstKey, prep);
      if (firstKey.length >= 5) {
        if (around === undefined) around = cueAround(text, tokens, i, i + run - 1);
        if (!cued && around === null) continue;
        const loose = looseWithin(looseCandidates(gaz, firstKey), around);
        if (loose.length > 0) return mention(text, tokens, i, i, t.end, "name", loose, true, firstKey, prep);
      }
      continue;
    }
    const exactOk = n <= maxN;
    let looseOk = false;
    if (n === run) {
      if (around === undefined) around = cueAround(text, tokens, i, i + run - 1);
      looseOk = cued || around !== null;
    }
    // Two words may still be a demonym ("South Sudanese").
    if ((n !== 2 || !info.opensDemonym) && !exactOk && !looseOk) continue;
    const si = n === 2 || exactOk ? spanInfo(gaz, text, t.start, last.end) : null;
    if (n === 2 && si?.demonym)
      return mention(
        text,
        tokens,
        i,
        i + n - 1,
        last.end,
        "demonym",
        asCandidates(si.demonym),
        false,
        si.key,
        prep,
      );
    if (!exactOk && !looseOk) continue;
    const key = si ? si.key : keyOfText(text.slice(t.start, last.end));
    const exact = exactOk && si ? si.exact : [];
    if (exact.length > 0)
      return mention(text, tokens, i, i + n - 1, last.end, "name", exact, false, key, prep);
    if (looseOk && key.length >= 5) {
      const loose = looseWithin(looseCandidates(gaz, key), around);
      if (loose.length > 0)
        return mention(text, tokens, i, i + n - 1, last.end, "name", loose, true, key, prep);
    }
  }
  return cityOfQuarter(text, tokens, i, gaz, info, prep);
}

/** Loose candidates as the cue allows them: a container's parentheses only a province or district. */
function looseWithin(found: readonly Place[], around: "word" | "paren" | null | undefined): readonly Place[] {
  return around === "paren" ? found.filter((p) => /^ADM[12]$/.test(p.feature_code)) : found;
}

/** Tokens either side of a word read to tell a title-case headline from prose. */
const TITLE_REACH = 6;

/** The words around token i in its sentence are mostly capitalised (small words and figures aside): a headline. */
function inTitleRun(tokens: readonly Token[], i: number): boolean {
  const words: string[] = [];
  const keep = (t: Token) => {
    if (t.script === "latin") words.push(t.text);
  };
  for (let k = i - 1; k >= Math.max(0, i - TITLE_REACH) && !(tokens[k + 1] as Token).sentenceStart; k--)
    keep(tokens[k] as Token);
  for (let k = i + 1; k <= Math.min(tokens.length - 1, i + TITLE_REACH); k++) {
    const t = tokens[k] as Token;
    if (t.sentenceStart) break;
    keep(t);
  }
  return mostlyCapitalised(words, 3);
}

/** Compass and position words that open region names ("Eastern Ghouta", "Northern Rural Homs", "Upper Nile"). */
const COMPASS_WORDS: ReadonlySet<string> = new Set([
  "eastern",
  "western",
  "northern",
  "southern",
  "central",
  "upper",
  "lower",
  "north",
  "south",
  "east",
  "west",
  "northeastern",
  "northwestern",
  "southeastern",
  "southwestern",
]);

/** "Mogadishu-Hodan", "Donetsk-Kirovskyi": a city, a hyphen and a quarter the gazetteer lacks. */
const CITY_QUARTER = /^(\p{Lu}[\p{L}\p{M}]{3,})-\p{Lu}[\p{L}\p{M}]{2,}$/u;

/** The city a "City-Quarter" word stands for: its readings, the length and key of the city part. */
interface Quarter {
  readonly cities: readonly Place[];
  readonly length: number;
  readonly key: string;
}

/**
 * The city of a "City-Quarter" word that the gazetteer does not know as a whole: the city (a capital or a
 * town of 100,000) when the part after the hyphen is no place of its own ("Kabul-Jalalabad" is a road,
 * "Moscow-Kyiv" two capitals; "Belgrade-Stari" is Belgrade's old town, not a hamlet in Croatia).
 */
function cityOfQuarter(
  text: string,
  tokens: readonly Token[],
  i: number,
  gaz: Gazetteer,
  info: WordInfo,
  prep: boolean,
): Mention | null {
  if (info.quarter === undefined) info.quarter = quarterOf(gaz, info.word);
  const q = info.quarter;
  if (!q) return null;
  const t = tokens[i] as Token;
  return mention(text, tokens, i, i, t.start + q.length, "name", q.cities, false, q.key, prep);
}

/** The word-level part of cityOfQuarter, or null. */
function quarterOf(gaz: Gazetteer, word: string): Quarter | null {
  const g = CITY_QUARTER.exec(word);
  if (!g?.[1]) return null;
  const head = wordInfo(gaz, g[1]);
  const tail = wordInfo(gaz, word.slice(g[1].length + 1));
  const cities = head.exact.filter((p) => /^PPL[AC]$/.test(p.feature_code) || p.population >= 100_000);
  if (cities.length === 0 || tail.demonym) return null;
  // The part after the hyphen is a place of its own when it is a big one or lies in the city's country.
  const own = (p: Place) =>
    isWellKnown(p) ||
    /^PPL[AC]$/.test(p.feature_code) ||
    p.population >= 100_000 ||
    cities.some((c) => c.country_code === p.country_code);
  if (tail.exact.some(own)) return null;
  return { cities, length: g[1].length, key: head.key };
}

const primaryKeys = new WeakMap<Place, string>();
/** The normalised primary name of a place (memoised per Place object). */
function primaryKey(p: Place): string {
  let k = primaryKeys.get(p);
  if (k === undefined) {
    k = normalizeName(p.name);
    primaryKeys.set(p, k);
  }
  return k;
}

/** "according to " right before a name (read from the text: the tokens keep few lower-case words). */
const ACCORDING_TO = /\baccording\s+to\s+$/i;
/** A name that ends its clause ("... according to Haddad."), not one that opens an organisation's name. */
const CLAUSE_END = /^(?:[.,;:"”)]|$)/;

/** A word that ends like a possessive, its apostrophe kept or lost ("Syria's", "Syrias"). */
const POSSESSIVE_END = /(?:['’]s|[^s]s)$/;

/** Verbs after a name that make it a person speaking ("Jackson said"). */
const SPEECH_VERBS = new Set(["said", "says", "told", "added", "wrote", "asked", "replied", "explained"]);
/** Words before a name that give it as a person's ("who uses the name", "identified himself as"). */
const NAMED_AS =
  /\b(?:(?:uses?|using|used|goes by|went by|gave|giving) (?:the )?(?:name|pseudonym|alias|nom de guerre)|identified (?:himself|herself|themselves) (?:only )?as|(?:known|named|called) only as)\s+$/i;

/** Context checks that reject a gazetteer match as not a place. */
function keep(
  text: string,
  tokens: readonly Token[],
  m: Mention,
  info: WordInfo,
  lowerWords: { has(word: string): boolean },
  persons: ReadonlySet<string>,
): boolean {
  if (m.kind !== "name") return true;
  if (STOP_PHRASES.has(m.key) || CALENDAR_WORDS.has(m.key)) return false;
  const first = tokens[m.first] as Token;
  const prev = tokens[m.first - 1];
  const next = tokens[m.last + 1];
  const well = anyWellKnown(m.candidates);
  const cue = m.prep || m.division !== null;
  // A place word after or a container's parentheses license a loose match, not a name inside a longer one.
  const looseCue = cue || m.typed;
  const prevJoined = !!prev && joinable(text, prev, first);
  const nextJoined = !!next && joinable(text, tokens[m.last] as Token, next);
  const single = m.first === m.last;

  // A title or a first name right before: a person ("Mr. Jackson", "Andrew Jackson").
  if (prev && (prevJoined || periodSpace(text, prev.end, first.start))) {
    const p = low(prev);
    if (prev.cap && PERSON_TITLES.has(p)) return false;
    // (Not after "St.": "St. Joseph London" is a place.)
    if (
      prev.cap &&
      prevJoined &&
      FIRST_NAMES.has(p) &&
      (!well || single) &&
      !SHORT_PARTS.has(tokens[m.first - 2]?.text ?? "")
    )
      return false;
  }
  // A role word, then a name that runs on into another capitalised word: a person's full name ("the envoy
  // Maria Cristina Perceval"), not the town its first words spell.
  if (!well && !cue && prev && !prev.cap && PERSON_TITLES.has(low(prev)) && next?.cap && nextJoined)
    return false;
  // A person's surname matched loosely ("al-Assad" read as a country), or any loose match to a country
  // (countries are written in English).
  if (m.loose && (persons.has(first.text) || m.candidates.every((p) => p.feature_code.startsWith("PCL"))))
    return false;
  // Part of an organisation or a thing ("Washington Post", "Texas Rangers", "Cafe Milano").
  if (next && nextJoined && next.cap && NAME_HEADS.has(low(next))) return false;
  // A minor namesake before a lower-case facility word is the facility's name ("the Shahba hotel").
  if (!well && next && nextJoined && !next.cap && FACILITY_AFTER.has(next.lower)) return false;
  if (prev && prevJoined && prev.cap && NAME_HEADS_BEFORE.has(low(prev))) return false;
  // A weapon's model ("Grad rockets", "Tomahawk cruise missiles"): no town of that name is meant.
  if (next && WEAPON_AFTER.test(text.slice(m.end, m.end + 60))) return false;
  // A news outlet ("Mehr news agency").
  if (!well && next && nextJoined && !next.cap && OUTLET_AFTER.has(next.text)) return false;
  // A quarter of a town ("Sao Domingos neighborhood"): its namesake towns elsewhere are not meant.
  if (
    next &&
    nextJoined &&
    !next.cap &&
    QUARTER_AFTER.has(next.lower) &&
    !m.candidates.some((p) => p.feature_code === "PPLX")
  )
    return false;
  if (!well && !cue) {
    // A name given as a person's ("an activist who uses the name Abu Salem", "identified himself as ..."), or
    // one that speaks ("Abu Salem said"), however many words it has.
    if (NAMED_AS.test(text.slice(Math.max(0, m.start - 40), m.start))) return false;
    if (next && nextJoined && SPEECH_VERBS.has(next.text)) return false;
  }
  // A famous place's other name after a capitalised word is the tail of a name ("Faylaq al-Sham", not Damascus;
  // "Batang Kali", not Cali); after a possessive ("Syrias Deir Ezzor") it stays.
  if (
    well &&
    !POSSESSIVE_END.test(prev?.text ?? "") &&
    !cue &&
    prevJoined &&
    prev?.cap &&
    !prev.sentenceStart &&
    !m.candidates.some((p) => isWellKnown(p) && primaryKey(p) === m.key)
  )
    return false;
  if (single) {
    const alone = info.alone;
    if (alone & ALONE_NEVER) return false;
    // "Abu" of "Abu Dali", "Tal" alone: the first word of a name the gazetteer lacks.
    if (alone & ALONE_PREFIX && (!well || (nextJoined && next?.cap))) return false;
    // "the Syrian pound", "Lira" as money; "Lira, Uganda" stays.
    if (alone & ALONE_CURRENCY && !/^,\s*\p{Lu}/u.test(text.slice(m.end, m.end + 4))) return false;
    // An acronym ("SANA", "IRNA") is a place only under its own name ("ALEPPO" in a headline), not
    // through an alternate spelling or code.
    if (first.upper && (first.text.length <= 4 || !m.candidates.some((p) => primaryKey(p) === m.key)))
      return false;
    if (alone & (ALONE_STOPWORD | ALONE_TITLE) && !(cue && !first.sentenceStart)) return false;
    if (persons.has(first.text) && !well) return false;
    // A possessive that lost its apostrophe ("Assads forces", "Putins visit").
    if (alone & ALONE_POSSESSIVE && !well) return false;
    if (alone & ALONE_FIRST_NAME && !cue && !m.candidates.some((p) => p.feature_code.startsWith("PCL")))
      return false;
    if (m.loose && !looseCue) {
      // A loose match on a single word needs a place cue or an Arabic article.
      if (!/^(?:al|el|ad|ash|as|az|ar|at|an|ed|es|ez)[-\s]/i.test(first.text) && first.script === "latin")
        return false;
    }
    if (!well) {
      // A source named by surname at the end of its clause ("according to Winfield.") or the head of a title
      // ("the Shields of the Revolution", "the Law of Armed Conflict").
      if (
        prev &&
        low(prev) === "to" &&
        ACCORDING_TO.test(text.slice(Math.max(0, first.start - 16), first.start)) &&
        CLAUSE_END.test(text.slice(m.end, m.end + 1))
      )
        return false;
      if (
        prev &&
        low(prev) === "the" &&
        next &&
        nextJoined &&
        next.lower === "of" &&
        /^\s+(?:the\s+)?\p{Lu}/u.test(text.slice(next.end, next.end + 6))
      )
        return false;
      // A common English word at the start of a sentence ("Hope", "Reading"), or capitalised in a headline's
      // title-case run ("175 Members Killed in Week") while the article writes it in lower case.
      if (first.sentenceStart && (alone & ALONE_STOPWORD || lowerWords.has(first.lower))) return false;
      if (inTitleRun(tokens, m.first) && lowerWords.has(first.lower)) return false;
      // Inside a longer capitalised name the gazetteer does not know ("Jackson Browne", "Officer Smith").
      if (nextJoined && next?.cap && !next.upper && !DIVISION_WORDS.has(low(next)) && !cue) return false;
      if (prevJoined && prev?.cap && !prev.sentenceStart && !cue) return false;
    }
  }
  return true;
}
