/**
 * Counts as news copy writes them: digits ("1,200"), words ("twenty-three"), ranges ("between 10 and 12",
 * "1-2"), bounds ("at least six", "more than 20", "up to 12") and vague quantities ("dozens", "hundreds").
 * Pure and table-driven; the casualty recogniser and the date recogniser both read these tables.
 *
 * Readings chosen (and tested):
 * - "at least N" / "N or more" / "N+"   → N..null
 * - "more than N" / "over N"            → N+1..null (strictly more)
 * - "nearly N" / "almost N" / "close to N" → N..N (the figure as given, as a coder writes it down)
 * - "fewer than N" / "less than N" / "under N" → 1..N-1
 * - "about N" / "around N" / "some N" / "approximately N" / "roughly N" → N..N (rule "approx")
 * - "up to N" / "as many as N"          → 1..N (the text says there were some, at most N)
 * - "between A and B" / "A to B" / "A-B" / "A or B" → A..B
 * - "a" / "an" / "one" / "a single" → 1..1
 * - "a dozen" 12..12, "dozens" 24..null, "tens of thousands" 20000..null, "hundreds of thousands" 200000..null, "tens" 20..null, "scores" 40..null (a score is twenty, "scores" at
 *   least two of them), "hundreds" 200..null, "thousands" 2000..null, "several" 3..null, "a few" 2..null,
 *   "a number of" 2..null, "many" / "some" (no figure) → null.
 * - "no" / "none" / "no one" / "nobody" → 0..0
 */
import type { VagueQuantity } from "../model.js";

/** Number words, "zero" to "ninety", plus "a"/"an"/"single" as one. */
export const NUMBER_WORDS: Readonly<Record<string, number>> = Object.freeze({
  zero: 0,
  no: 0,
  a: 1,
  an: 1,
  one: 1,
  single: 1,
  lone: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  // multiplicative words that stand alone as counts
  dozen: 12,
  couple: 2,
  pair: 2,
});

/**
 * Vague quantity words with the low bound read from them (high stays open), the vague quantity they name and,
 * when the bare word is not how it is said, the pattern of the phrase ("a few", "a number", "a handful").
 */
export const VAGUE_COUNTS: Readonly<Record<string, { low: number; vague: VagueQuantity; source?: string }>> =
  Object.freeze({
    several: { low: 3, vague: "several" },
    tens: { low: 20, vague: "tens" },
    dozens: { low: 24, vague: "dozens" },
    scores: { low: 40, vague: "scores" },
    hundreds: { low: 200, vague: "hundreds" },
    thousands: { low: 2000, vague: "thousands" },
    few: { low: 2, vague: "several", source: "(?:a\\s+)?few" },
    number: {
      low: 2,
      vague: "several",
      source: "a\\s+(?:(?:large|great|big|small|significant|considerable)\\s+)?number",
    },
    handful: { low: 2, vague: "several", source: "a\\s+handful" },
  });

/** The source of one vague quantity phrase ("dozens", "a few"), from VAGUE_COUNTS. */
const VAGUE_SOURCE = `(?:${Object.entries(VAGUE_COUNTS)
  .map(([word, v]) => v.source ?? word)
  .join("|")})`;
/** The vague word of a matched vague phrase, a key of VAGUE_COUNTS. */
const VAGUE_WORD = new RegExp(Object.keys(VAGUE_COUNTS).join("|"), "i");

const UNIT_WORDS = "zero|one|two|three|four|five|six|seven|eight|nine";
const TEEN_WORDS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen";
const TENS_WORDS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety";

/** A single number: digits with thousands separators, or number words up to "ninety-nine" (with "hundred"). */
export const NUMBER_SOURCE =
  `(?:\\d{1,3}(?:,\\d{3})+|\\d+|` +
  `(?:(?:${UNIT_WORDS}|${TEEN_WORDS}|${TENS_WORDS})(?:[- ](?:${UNIT_WORDS}))?)` +
  `(?:\\s+hundred(?:\\s+(?:and\\s+)?(?:(?:${TENS_WORDS})(?:[- ](?:${UNIT_WORDS}))?|${TEEN_WORDS}|${UNIT_WORDS}))?)?(?:\\s+thousand)?|` +
  `a\\s+hundred|a\\s+thousand|a\\s+dozen|a\\s+couple\\s+of|a\\s+pair\\s+of|dozen)`;

const NUMBER_RE = new RegExp(`^${NUMBER_SOURCE}$`, "i");

/** Reads one number (digits or words); null when the phrase is not a single number. */
export function parseNumber(phrase: string): number | null {
  const p = phrase.trim().toLowerCase();
  if (!NUMBER_RE.test(p)) return null;
  if (/^[\d,]+$/.test(p)) return Number(p.replace(/,/g, ""));
  if (/^a\s+(?:couple|pair)\s+of$/.test(p)) return 2;
  if (/^(?:a\s+)?dozen$/.test(p)) return 12;
  let total = 0;
  let current = 0;
  for (const word of p.split(/[\s-]+/)) {
    if (word === "and") continue;
    if (word === "hundred") current = (current || 1) * 100;
    else if (word === "thousand") {
      total += (current || 1) * 1000;
      current = 0;
    } else {
      const value = NUMBER_WORDS[word];
      if (value === undefined) return null;
      current += value;
    }
  }
  return total + current;
}

/** A count read from a phrase: its bounds (high null = open) and the rule that read it. */
export interface CountReading {
  readonly low: number;
  readonly high: number | null;
  readonly rule: string;
  /** Set for vague quantities ("dozens"), so exports can apply ACLED's conventions. */
  readonly vague?: VagueQuantity;
}

const N = `(${NUMBER_SOURCE})`;

/**
 * Count phrase forms, tried in order (more specific first). Each reads the captured numbers into bounds.
 * `n` is the parsed first number, `m` the second.
 */
const COUNT_FORMS: readonly {
  readonly rule: string;
  readonly re: RegExp;
  readonly read: (n: number, m: number | null) => { low: number; high: number | null } | null;
}[] = [
  {
    rule: "count/between",
    re: new RegExp(`^(?:between|from)\\s+${N}\\s+(?:and|to)\\s+${N}$`, "i"),
    read: (n, m) => (m !== null && m >= n ? { low: n, high: m } : null),
  },
  {
    rule: "count/range",
    re: new RegExp(`^(?:some\\s+|about\\s+|around\\s+)?${N}\\s*(?:-|–|to|or)\\s*${N}$`, "i"),
    read: (n, m) => (m !== null && m >= n ? { low: n, high: m } : null),
  },
  {
    rule: "count/at-least",
    re: new RegExp(
      `^(?:at\\s+least|a\\s+minimum\\s+of|no\\s+(?:fewer|less)\\s+than|not\\s+less\\s+than)\\s+${N}$`,
      "i",
    ),
    read: (n) => ({ low: n, high: null }),
  },
  {
    rule: "count/or-more",
    re: new RegExp(`^${N}\\s*(?:\\+|or\\s+more|and\\s+more)$`, "i"),
    read: (n) => ({ low: n, high: null }),
  },
  {
    rule: "count/more-than",
    re: new RegExp(
      `^(?:(?:well|just)\\s+)?(?:more\\s+than|over|upwards\\s+of|in\\s+excess\\s+of|above)\\s+${N}$`,
      "i",
    ),
    read: (n) => ({ low: n + 1, high: null }),
  },
  {
    rule: "count/up-to",
    re: new RegExp(`^(?:up\\s+to|as\\s+many\\s+as|at\\s+most|no\\s+more\\s+than)\\s+${N}$`, "i"),
    read: (n) => (n >= 1 ? { low: 1, high: n } : null),
  },
  {
    rule: "count/nearly",
    re: new RegExp(`^(?:nearly|almost|close\\s+to|approaching)\\s+${N}$`, "i"),
    read: (n) => (n >= 1 ? { low: n, high: n } : null),
  },
  {
    rule: "count/fewer-than",
    re: new RegExp(`^(?:fewer\\s+than|less\\s+than|just\\s+under|under)\\s+${N}$`, "i"),
    read: (n) => (n >= 2 ? { low: 1, high: n - 1 } : null),
  },
  {
    rule: "count/approx",
    re: new RegExp(
      `^(?:about|around|some|approximately|roughly|an\\s+estimated|estimated|about\\s+|nearly\\s+)\\s*${N}$`,
      "i",
    ),
    read: (n) => ({ low: n, high: n }),
  },
  {
    rule: "count/exact",
    re: new RegExp(`^(?:exactly\\s+|a\\s+total\\s+of\\s+|all\\s+)?${N}$`, "i"),
    read: (n) => ({ low: n, high: n }),
  },
];

const VAGUE_RE = new RegExp(
  `^(?:(?:at\\s+least|more\\s+than|over|some|about|around)\\s+)?${VAGUE_SOURCE}(?:\\s+of)?$`,
  "i",
);
const VAGUE_THOUSANDS =
  /^(?:(?:at\s+least|more\s+than|over|some|about|around)\s+)?(tens|hundreds)\s+of\s+thousands(?:\s+of)?$/i;
const ONE_RE = /^(?:an?|one|a\s+single|single)$/i;
const PLAIN_DIGITS = /^\d{1,9}$/;
const NONE_RE = /^(?:no|none|no\s+one|nobody|zero|not\s+a\s+single|not\s+one)$/i;

/** Reads a count phrase into bounds; null when the phrase gives no figure ("some", "many") or is not a count. */
export function parseCount(phrase: string): CountReading | null {
  const p = phrase.trim().replace(/\s+/g, " ");
  if (p === "") return null;
  // fast paths: plain digits and single number words are most counts
  if (PLAIN_DIGITS.test(p)) return { low: Number(p), high: Number(p), rule: "count/exact" };
  const word = NUMBER_WORDS[p.toLowerCase()];
  if (word !== undefined && word > 1 && !/^(?:dozen|couple|pair)$/i.test(p)) {
    return { low: word, high: word, rule: "count/exact" };
  }
  if (NONE_RE.test(p)) return { low: 0, high: 0, rule: "count/none" };
  if (ONE_RE.test(p)) return { low: 1, high: 1, rule: "count/one" };
  const bulk = VAGUE_THOUSANDS.exec(p);
  if (bulk) {
    const tens = (bulk[1] ?? "").toLowerCase() === "tens";
    return { low: tens ? 20_000 : 200_000, high: null, rule: "count/vague-thousands", vague: "thousands" };
  }
  if (VAGUE_RE.test(p)) {
    const word = (p.match(VAGUE_WORD)?.[0] ?? "").toLowerCase();
    const vague = VAGUE_COUNTS[word];
    return vague ? { low: vague.low, high: null, rule: `count/vague-${word}`, vague: vague.vague } : null;
  }
  for (const form of COUNT_FORMS) {
    const m = form.re.exec(p);
    if (!m) continue;
    const n = parseNumber(m[1] ?? "");
    const second = m[2] === undefined ? null : parseNumber(m[2]);
    if (n === null) continue;
    const bounds = form.read(n, second);
    if (bounds) return { ...bounds, rule: form.rule };
  }
  return null;
}

/** The source of a count phrase (bound words + a number, a range, or a vague quantity), for building larger patterns. */
export const COUNT_PHRASE_SOURCE =
  `(?:(?:between|from)\\s+${NUMBER_SOURCE}\\s+(?:and|to)\\s+${NUMBER_SOURCE}` +
  `|(?:(?:at\\s+least|a\\s+minimum\\s+of|no\\s+(?:fewer|less)\\s+than|not\\s+less\\s+than|more\\s+than|over|upwards\\s+of|in\\s+excess\\s+of|up\\s+to|as\\s+many\\s+as|at\\s+most|no\\s+more\\s+than|nearly|almost|close\\s+to|approaching|just\\s+under|under|fewer\\s+than|less\\s+than|about|around|some|approximately|roughly|an\\s+estimated|estimated|exactly|a\\s+total\\s+of|(?:well|just)\\s+(?:over|above|more\\s+than))\\s+)?` +
  `(?:${NUMBER_SOURCE}(?:\\s*(?:-|–|to|or)\\s*${NUMBER_SOURCE})?(?:\\s*\\+|\\s+or\\s+more)?` +
  `|(?:(?:tens|hundreds)\\s+of\\s+thousands|${VAGUE_SOURCE})(?:\\s+of)?))`;
