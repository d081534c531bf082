/**
 * Casualty counts: killed and injured figures with who the victims were and who reported them.
 *
 * Forms, tried in this order per sentence (an earlier form's span blocks later overlapping ones):
 *   casualties/none         "no casualties were reported", "no one was hurt"          → 0..0
 *   casualties/perpetrator  "In addition to the bomber, ..."                           → 1 "perpetrator"
 *   casualties/sum + part   "3 militants and 1-2 policemen were killed"               → 4..5 "mixed", and
 *                           each group as its own mention with rule "casualties/part". Callers add up either
 *                           the sums or the parts, never both: `countedMentions()` keeps the sums.
 *   casualties/toll         "the death toll rose to 57", "a toll of 12"
 *   casualties/passive      "at least six militia members were killed", "X people died", "10 injured"
 *   casualties/left         "leaving three dead", "left 5 people wounded"
 *   casualties/active       "killing 4 policemen", "killed a civilian", "wounding 10", "shot two men to death"
 *   casualties/singular     "the Sahwa member was killed", "Al-Jubouri, a mayor, was killed", "the soldier died"
 *   casualties/noun         "resulting in 3 fatalities", "1 fatality", "two deaths"
 *   casualties/perpetrator  "killed himself", "blew himself up"                        → 1 "perpetrator"
 * "no immediate reports of casualties" states nothing: it yields no mention (the count is unknown, not zero).
 * Meta-text ("Fatalities coded as 4", "[size=...]") is skipped. Conflicting figures stay separate mentions.
 *
 * The expressions match words generically; which words may form a victim noun phrase, and which group a
 * noun names, is decided in code against data/lexicons/casualties.json (big alternations inside the
 * expressions made every attempt slow).
 */
import { z } from "zod";
import table from "../../data/lexicons/casualties.json" with { type: "json" };
import type { CasualtyMention, Outcome, Span } from "../model.js";
import {
  COUNT_PHRASE_SOURCE,
  type CountReading,
  NUMBER_WORDS,
  parseCount,
  VAGUE_COUNTS,
} from "../nlp/numbers.js";
import { memoBounded } from "../util/memo.js";
import { continuesAttribution, findReporter } from "./reporters.js";

const CasualtiesSchema = z.object({
  victims: z.array(z.object({ who: z.string().nullable(), pattern: z.string() })),
  phrase_stop: z.string(),
  not_victims: z.string(),
  killed_passive: z.string(),
  injured_passive: z.string(),
  killed_active: z.string(),
  injured_active: z.string(),
  left_active: z.string(),
  toll_lead: z.string(),
  toll_verb: z.string(),
  killed_nouns: z.string(),
  injured_nouns: z.string(),
  none: z.array(z.object({ outcome: z.enum(["killed", "injured"]), pattern: z.string() })),
  unknown: z.string(),
  ignore: z.string(),
  appositive: z.string(),
  perpetrator_extra: z.string(),
  to_death: z.string(),
});

const T = CasualtiesSchema.parse(table);

/** Table patterns are spliced into larger expressions, so a capturing group in one would shift every group after it. */
function assertNoCaptures(where: string, source: string): void {
  const groups = (new RegExp(`${source}|`).exec("")?.length ?? 1) - 1;
  if (groups > 0)
    throw new Error(`extract/casualties: expected no capturing groups in ${where}, found ${groups}`);
}
for (const [key, value] of Object.entries(T)) {
  if (typeof value === "string") assertNoCaptures(key, value);
}
for (const v of T.victims) assertNoCaptures(`victims "${v.who}"`, v.pattern);
for (const n of T.none) assertNoCaptures(`none "${n.outcome}"`, n.pattern);

// ---------------------------------------------------------------- building blocks

const B = "(?<![\\w.,$€£-])";
const E = "(?![\\w-])";
const ONE = "an?|another|one";
const COUNT = `(${COUNT_PHRASE_SOURCE}|${ONE})(?![\\w-])`;
/** In object position a definite article or possessive counts one ("killing the soldier"). */
const OBJECT_COUNT = `(?:the\\s+)?(${COUNT_PHRASE_SOURCE}|${ONE}|the|his|her|their)(?![\\w-])`;
/** Up to `n` words after a count (lazy): the victim noun phrase, judged in code. */
const words = (min: number, max: number) => `((?:\\s+[\\w'’()-]+){${min},${max}}?)`;
const AUX_WORDS =
  "were|was|have\\s+been|has\\s+been|had\\s+been|have|has|had|are|is|got|reportedly|also|later|allegedly|all|both|subsequently|been|being|apparently|eventually|[a-z]+ed\\s+and";
const AUX = `((?:\\s+(?:${AUX_WORDS})(?![\\w-])){0,3})`;
const MORE = "(?:\\s+(?:more|others?|other\\s+people))?";
const APPOS = `(?:${T.appositive})?`;
const VERB_PASSIVE = `(?:(${T.killed_passive})|(${T.injured_passive}))${E}`;
/**
 * Words that may end an object noun phrase ("killing 4 policemen in ..."), also a source named right after it
 * or a lapse of time when commas are missing ("killing four civilians residents said", "killing two men a day
 * after ...").
 */
const OBJECT_END =
  '(?=\\s*(?:[,.;:)("“”]|$|(?:(?:the|an?)\\s+(?:[\\w-]+\\s+){1,3}|[\\w-]+\\s+)(?:said|says|reported|told)(?![\\w-])|[\\w-]+\\s+of\\s+(?:them|whom)(?![\\w-])|(?:an?|one|two|three|\\d+)\\s+(?:hours?|days?|weeks?)\\s+(?:after|before|later|earlier)(?![\\w-])|(?:and|in|on|at|near|during|when|while|as|after|before|including|among|with|from|inside|outside|across|overnight|but|who|which|that|by|since|for|to|last|this|early|late|amid|following|as)(?![\\w-])))';

// ---------------------------------------------------------------- expressions

/** A count, its group, then a passive verb: "six militia members were killed", "10 injured". */
const PASSIVE = new RegExp(
  `${B}(?:the\\s+)?${COUNT}${MORE}${words(0, 7)}${APPOS}${AUX}\\s+${VERB_PASSIVE}`,
  "iy",
);
/** Two groups summed: "3 militants and 1-2 policemen were killed". */
const COORDINATED_PASSIVE = new RegExp(
  `${B}${COUNT}${words(1, 4)}\\s*(?:,|,?\\s*and|,?\\s*as\\s+well\\s+as)\\s+${COUNT}${words(1, 4)}${AUX}\\s+${VERB_PASSIVE}`,
  "iy",
);
/** "killing 3 militants and 1-2 policemen". */
const COORDINATED_ACTIVE = new RegExp(
  `\\b(?:(${T.killed_active})|(${T.injured_active}))\\s+${COUNT}${words(1, 4)}\\s*(?:,|,?\\s*and|,?\\s*as\\s+well\\s+as)\\s+${COUNT}${words(1, 4)}${OBJECT_END}`,
  "iy",
);
/** A verb then its object: "killing 4 policemen", "wounding 10", "killed a civilian", "killing eight of them". */
const ACTIVE = new RegExp(
  `\\b(?:(${T.killed_active})|(${T.injured_active}))\\s+${OBJECT_COUNT}${MORE}(?:\\s+of\\s+(?:them|those|whom|the\\s+[\\w-]+))?${words(0, 5)}${OBJECT_END}`,
  "iy",
);
/** Where an active casualty verb starts: the active forms are tried only there. */
const ACTIVE_ANCHOR = new RegExp(`\\b(?:${T.killed_active}|${T.injured_active})`, "gi");
/** A source named right after an object ("... residents said"): it ends only a known victim noun phrase. */
const SOURCE_AFTER =
  /^\s*(?:(?:the|an?)\s+(?:[\w-]+\s+){1,3}|[\w-]+\s+)(?:said|says|reported|told)(?![\w-])/i;
/** "shot two men to death". */
const TO_DEATH = new RegExp(`\\b(?:${T.to_death})\\s+${OBJECT_COUNT}${words(0, 4)}\\s+to\\s+death${E}`, "gi");
/** "leaving three dead", "left 5 people wounded". */
const LEFT = new RegExp(
  `\\b(?:${T.left_active})\\s+${COUNT}${words(0, 4)}\\s+(?:(dead|killed)|(injured|wounded|hurt))${E}`,
  "gi",
);
/** "the death toll rose to 57", "a toll of 12". */
const TOLL = new RegExp(
  `\\b(?:(?:${T.toll_lead})\\s+(?:[\\w'’-]+\\s+){0,3}?(?:${T.toll_verb})|put\\s+(?:it|the\\s+figure|the\\s+number)\\s+at)\\s+${COUNT}${E}`,
  "gi",
);
/** "3 fatalities", "two deaths", "12 dead", "6 rebel fatalities". */
const NOUN = new RegExp(
  `${B}${COUNT}${words(0, 2)}\\s+(?:(${T.killed_nouns})|(${T.injured_nouns}))${E}`,
  "iy",
);
/** A word after a casualty noun that makes it a figure's name ("death toll", "casualty count"). */
const FIGURE_AFTER = /^\s+(?:tolls?|counts?|figures?|tall(?:y|ies)|rates?)\b/i;
/** A singular subject: "the Sahwa member was killed", "Al-Jubouri was shot and killed". */
const SINGULAR_PASSIVE = new RegExp(
  `\\b(?:was|has\\s+been|had\\s+been)((?:\\s+(?:${AUX_WORDS})(?![\\w-])){0,2})\\s+${VERB_PASSIVE}`,
  "gi",
);
/** The subject just before a singular passive: up to three words, an appositive comma allowed. */
const SUBJECT_BEFORE = /((?:[\w'’-]+,?\s+){1,3})$/;
/** Others counted with a singular victim: "along with two other people", "together with three others". */
const ALONG_WITH = new RegExp(
  `^,?\\s+(?:along|together)\\s+with\\s+${COUNT}(?:\\s+(?:other|more))?${words(1, 3)}${OBJECT_END}`,
  "i",
);
/** "The assailant died", "the soldier later died". */
const SINGULAR_DIED = new RegExp(
  `\\b(?:the|his|her|their)${words(1, 4)}(?:\\s+(?:later|also|reportedly|subsequently))?\\s+died${E}`,
  "gi",
);
/** The attacker among the dead: "killing himself", "blew himself up". */
const PERPETRATOR = /\b(?:kill(?:ed|ing|s)|blew|blowing|blows)\s+(?:himself|herself)(?:\s+up)?\b/gi;
/** The attacker counted on top of the others: "In addition to the bomber, five people were killed". */
const PERPETRATOR_EXTRA = new RegExp(`\\b(?:${T.perpetrator_extra})\\b`, "gi");

const IGNORE = new RegExp(T.ignore, "i");
const UNKNOWN = new RegExp(T.unknown, "gi");
const NONE = T.none.map((n) => ({ outcome: n.outcome, re: new RegExp(`\\b(?:${n.pattern})${E}`, "gi") }));
/** After a verb with no auxiliary, an object shows the verb was active ("militants shot and killed a civilian"). */
const OBJECT_AFTER = new RegExp(
  `^\\s+(?:${COUNT_PHRASE_SOURCE}|an?|the|his|her|their|its|another)(?![\\w-])`,
  "i",
);
const PASSIVE_ANCHOR = new RegExp(`\\b(?:${T.killed_passive}|${T.injured_passive})`, "gi");
const NOUN_ANCHOR = new RegExp(`\\b(?:${T.killed_nouns}|${T.injured_nouns})`, "gi");
/** How far after a count its verb or noun may sit, for the count-led forms to be tried at all. */
const PASSIVE_REACH = 170;
const NOUN_REACH = 50;
const COORDINATION = /,|\band\b|\bas\s+well\s+as\b/;

/** Quick gate: sentences with none of these words hold no casualty figure. */
const GATE =
  /\b(?:kill|dead|death|die[sd]?\b|dying|injur|wound|hurt|casualt|fatal|toll|lives|slain|perish|murder|assassinat|execut|behead|massacr|lynch|maim|hospitali|bodies|himself|herself|harmed|shot|stabbed|beaten|beat)/i;

// ---------------------------------------------------------------- noun phrases

const VICTIMS = T.victims.map((v) => ({ who: v.who, re: new RegExp(`^(?:${v.pattern})$`, "i") }));
const STOP = new RegExp(`^(?:${T.phrase_stop})$`, "i");
const NOT_VICTIM = new RegExp(`^(?:${T.not_victims})$`, "i");
const NUMBER_LIKE = new RegExp(`^(?:${COUNT_PHRASE_SOURCE})$`, "i");
/** Words that count exactly one person only with a singular noun after them. */
const SINGULAR = /^(?:an?|another|one|the|his|her|their|its)$/i;
const DETERMINER = /^(?:the|his|her|their|its)$/i;
/** A year is not a count ("On 29 April 2020, gunmen ... killed"). */
const YEAR = /^(?:1[89]|20)\d\d$/;
/** Subjects that are not one person ("No one", pronouns for groups, clause words). */
const NOT_SINGULAR_SUBJECT =
  /(?:^|\s)(?:no|nobody|none|not|they|them|who|which|that|people|many|several|some|others|and)\s*$/i;

/** The victim group named by the last one to three words of `ws` (ending at index `end`), or undefined. */
function groupOf(ws: readonly string[], end: number): string | null | undefined {
  for (let k = Math.min(3, end + 1); k >= 1; k--) {
    const candidate = ws.slice(end - k + 1, end + 1).join(" ");
    const found = VICTIMS.find((v) => v.re.test(candidate));
    if (found) return found.who;
  }
  return undefined;
}

function isPlural(noun: string): boolean {
  return (
    /(?:s|men|children|people|police|troops|personnel|staff)$/i.test(noun) && !/(?:ss|us|is)$/i.test(noun)
  );
}

/** What a victim noun phrase says: its head noun, the group, and whether the head is a known victim noun. */
interface Phrase {
  readonly head: string | null;
  readonly who: string | null;
  readonly known: boolean;
  readonly conjoined: boolean;
}

/**
 * Judges the words after a count as a victim noun phrase ("Taliban militants", "members of his family",
 * "JTF and Kamuku militiamen"); null when they cannot be one (a stop word, a unit, another count).
 */
function readPhrase(phrase: string, allowAnd: boolean): Phrase | null {
  const all = phrase.trim() === "" ? [] : phrase.trim().split(/\s+/);
  // A partitive apposition ends the phrase: "people two of them children" is "people".
  const partitive = all.findIndex(
    (w, i) =>
      i > 0 && NUMBER_LIKE.test(w) && all[i + 1] === "of" && /^(?:them|whom)$/i.test(all[i + 2] ?? ""),
  );
  const ws = partitive > 0 ? all.slice(0, partitive) : all;
  if (ws.length === 0) return { head: null, who: null, known: false, conjoined: false };
  const heads: number[] = [];
  let ofAt = -1;
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i] as string;
    const lower = w.toLowerCase();
    if (STOP.test(w)) return null;
    // Another figure inside the phrase is its own count ("2440 Over 100 civilians": a page counter, then the toll;
    // "2016 Ninety civilians": a date line's year, then the toll).
    if (/^\d+$/.test(w) && i < ws.length - 1) return null;
    // A count word before the head is the figure of another count ("2016 (Reuters Photo) Ten civilians").
    if (ws.length > 1 && i < ws.length - 1 && ofAt < 0 && ws[i + 1] !== "of" && NUMBER_LIKE.test(w))
      return null;
    if (lower === "and") {
      if (!allowAnd || i === 0 || i === ws.length - 1 || NUMBER_LIKE.test(ws[i + 1] ?? "")) return null;
      if (ofAt < 0) heads.push(i - 1);
      continue;
    }
    if (lower === "of" && ofAt < 0) ofAt = i;
  }
  const headAt = ofAt > 0 ? ofAt - 1 : ws.length - 1;
  const head = ws[headAt] as string;
  // A count as the head ("a further nine"): the figure is that count's, read at its own start.
  if (NOT_VICTIM.test(head) || NOT_VICTIM.test(ws[0] as string) || /^\d/.test(head) || NUMBER_LIKE.test(head))
    return null;
  heads.push(headAt);
  const groups = heads.map((h) => groupOf(ws, h)).filter((g) => g !== undefined);
  const named = new Set(groups.filter((g): g is string => g !== null));
  const who = named.size > 1 ? "mixed" : named.size === 1 ? ([...named][0] ?? null) : null;
  return { head, who, known: groups.length > 0, conjoined: heads.length > 1 };
}

/** A count with a determiner must agree with its noun: "a civilian" yes, "a soldiers" / bare "the" no. */
function countFits(countText: string, phrase: Phrase, bareAllowed: boolean): boolean {
  const t = countText.trim();
  if (DETERMINER.test(t) && !phrase.known) return false;
  if (!SINGULAR.test(t)) return true;
  if (!phrase.head) return bareAllowed && /^(?:another|one)$/i.test(t);
  return !isPlural(phrase.head) && !phrase.conjoined;
}

/** A count phrase's bounds (the same phrases recur across articles: read once each). */
const reading = memoBounded((countText: string): CountReading | null => {
  const t = countText.trim();
  if (SINGULAR.test(t)) return { low: 1, high: 1, rule: "count/one" };
  return parseCount(t);
}, 10_000);

/** Words that open a count phrase on their own (numbers, vague quantities, "between", "a"). */
const COUNT_OPENERS = new Set([
  ...Object.keys(NUMBER_WORDS),
  ...Object.keys(VAGUE_COUNTS),
  ..."another one zero dozens between from exactly approximately roughly estimated nearly almost".split(" "),
]);

const OPENER_SOURCE = [...COUNT_OPENERS].sort((a, b) => b.length - a.length).join("|");
/** Where a count phrase may start: a digit, a number or vague word, or a bound word before its partner. */
const COUNT_START = new RegExp(
  `\\b(?:\\d|(?:${OPENER_SOURCE})\\b|(?:at\\s+(?:least|most)|in\\s+excess|as\\s+many|up\\s+to|not\\s+(?:less|a|one)|close\\s+to|just\\s+under|(?:more|less|fewer)\\s+than|upwards\\s+of)\\b|(?:the|some|about|around|over|an|under|approaching)\\s+(?=\\d|(?:${OPENER_SOURCE})\\b))`,
  "gi",
);

/** Offsets of the words a count phrase may start with. */
function countStartOffsets(text: string): number[] {
  const out: number[] = [];
  COUNT_START.lastIndex = 0;
  for (let m = COUNT_START.exec(text); m !== null; m = COUNT_START.exec(text)) {
    if (out[out.length - 1] !== m.index) out.push(m.index);
    // a digit run is one start ("1,200" is not three)
    if (/\d/.test(m[0])) {
      const rest = /^[\d,.]*/.exec(text.slice(m.index + 1));
      COUNT_START.lastIndex = m.index + 1 + (rest?.[0].length ?? 0);
    }
  }
  return out;
}

/** Start offsets of every match of a global expression. */
function offsetsOf(re: RegExp, text: string): number[] {
  const out: number[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) out.push(m.index);
  return out;
}

/** True when some offset lies in (from, from + reach]. */
function within(offsets: readonly number[], from: number, reach: number): boolean {
  for (const o of offsets) if (o > from && o <= from + reach) return true;
  return false;
}

// ---------------------------------------------------------------- per sentence

function spanOf(sentence: Span, from: number, to: number): Span {
  const start = sentence.start + from;
  return { start, end: sentence.start + to, text: sentence.text.slice(from, to) };
}

/** Offset of group `g` of a match inside the sentence (first occurrence at or after `after` within the match). */
function groupAt(m: RegExpExecArray, g: number, after = 0): number {
  return m.index + m[0].indexOf(m[g] ?? "", after);
}

/** Words some forms need; each form runs only when its words occur (one scan instead of one per form). */
const FORM_CUES =
  /\b(?:(no|nobody|neither|nor|without|non|not)|(unknown|unclear)|(bomber|attacker|assailant|gunman)|(toll|number\s+of|put\s+(?:it|the))|(left|leaving|leaves)|(to\s+death)|(was|been)|(died)|(himself|herself)|(and|as\s+well\s+as))\b|(,)/gi;
const CUE_NAMES = [
  "negated",
  "unknown",
  "attacker",
  "toll",
  "left",
  "toDeath",
  "was",
  "died",
  "self",
  "coordination",
  "coordination",
] as const;

type FormCues = Record<(typeof CUE_NAMES)[number], boolean>;

function formCues(text: string): FormCues {
  const cues: FormCues = {
    negated: false,
    unknown: false,
    attacker: false,
    toll: false,
    left: false,
    toDeath: false,
    was: false,
    died: false,
    self: false,
    coordination: false,
  };
  FORM_CUES.lastIndex = 0;
  for (let m = FORM_CUES.exec(text); m !== null; m = FORM_CUES.exec(text)) {
    for (let g = 1; g < m.length; g++) {
      const name = CUE_NAMES[g - 1];
      if (m[g] !== undefined && name) cues[name] = true;
    }
  }
  // "no immediate reports" is both a negation and a stated unknown
  if (cues.negated) cues.unknown = true;
  return cues;
}

/** Every casualty mention of one sentence (without reporters), in text order. */
function sentenceCasualties(sentence: Span): CasualtyMention[] {
  const text = sentence.text;
  const hits: CasualtyMention[] = [];
  const blocked: [number, number][] = [];
  const free = (a: number, b: number) => blocked.every(([s, e]) => b <= s || a >= e);
  const mention = (
    from: number,
    to: number,
    outcome: Outcome,
    count: { low: number; high: number | null },
    who: string | null,
    rule: string,
  ): CasualtyMention => ({
    span: spanOf(sentence, from, to),
    outcome,
    low: count.low,
    high: count.high,
    who,
    reportedBy: null,
    reporterSpan: null,
    rule,
  });
  const add = (m: CasualtyMention, block: [number, number]) => {
    hits.push(m);
    blocked.push(block);
  };
  // Each form runs only when a word it needs occurs in the sentence (cheap substring tests first).
  const cues = formCues(text);
  const scan = (re: RegExp, each: (m: RegExpExecArray) => void) => {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) each(m);
  };
  /** Tries a sticky form at each offset, left to right, never inside an earlier match. */
  const scanAt = (re: RegExp, offsets: readonly number[], each: (m: RegExpExecArray) => boolean) => {
    let consumedTo = 0;
    for (const at of offsets) {
      if (at < consumedTo) continue;
      re.lastIndex = at;
      const m = re.exec(text);
      if (m && each(m)) consumedTo = m.index + m[0].length;
    }
  };
  const actives = offsetsOf(ACTIVE_ANCHOR, text);
  // Count-led forms are tried only where a count can start and their verb or noun follows close enough.
  let starts: number[] | null = null;
  let passives: number[] | null = null;
  let nouns: number[] | null = null;
  const scanCounts = (
    re: RegExp,
    anchors: readonly number[],
    reach: number,
    each: (m: RegExpExecArray) => boolean,
    coordinated = false,
  ) => {
    if (anchors.length === 0) return;
    starts ??= countStartOffsets(text);
    let consumedTo = 0;
    for (let i = 0; i < starts.length; i++) {
      const at = starts[i] as number;
      if (at < consumedTo || !within(anchors, at, reach)) continue;
      if (coordinated) {
        // a second count must follow shortly, joined by "and" or a comma
        const second = starts.find(
          (s2) => s2 > at + 1 && s2 - at <= 80 && COORDINATION.test(text.slice(at, s2)),
        );
        if (second === undefined) continue;
      }
      re.lastIndex = at;
      const m = re.exec(text);
      if (m && each(m)) consumedTo = m.index + m[0].length;
    }
  };
  const passiveAnchors = () => {
    passives ??= offsetsOf(PASSIVE_ANCHOR, text);
    return passives;
  };
  const nounAnchors = () => {
    nouns ??= offsetsOf(NOUN_ANCHOR, text);
    return nouns;
  };

  // Stated unknowns block the counts they mention ("no immediate reports of casualties").
  if (cues.unknown) {
    scan(UNKNOWN, (m) => blocked.push([m.index, m.index + m[0].length]));
  }
  const negated = cues.negated;

  const zero = { low: 0, high: 0 };
  for (const { outcome, re } of negated ? NONE : []) {
    scan(re, (m) => {
      const [a, b] = [m.index, m.index + m[0].length];
      if (!free(a, b) || hits.some((h) => h.outcome === outcome)) return;
      hits.push(mention(a, b, outcome, zero, null, "casualties/none"));
    });
  }
  // the none-spans block only after both outcomes had their turn ("no one was killed or injured")
  for (const h of hits) blocked.push([h.span.start - sentence.start, h.span.end - sentence.start]);

  const one = { low: 1, high: 1 };
  if (cues.attacker)
    scan(PERPETRATOR_EXTRA, (m) => {
      const [a, b] = [m.index, m.index + m[0].length];
      if (free(a, b)) add(mention(a, b, "killed", one, "perpetrator", "casualties/perpetrator"), [a, b]);
    });

  const coordinated = (m: RegExpExecArray, base: number, outcome: Outcome): boolean => {
    const [a, b] = [m.index, m.index + m[0].length];
    if (!free(a, b)) return false;
    const firstAt = groupAt(m, base);
    const firstEnd = m[0].indexOf(m[base + 1] ?? "", firstAt - m.index) + (m[base + 1] ?? "").length;
    const parts = [
      { count: m[base] ?? "", words: m[base + 1] ?? "", at: firstAt },
      { count: m[base + 2] ?? "", words: m[base + 3] ?? "", at: groupAt(m, base + 2, firstEnd) },
    ].map((p) => ({ ...p, phrase: readPhrase(p.words, false), r: reading(p.count) }));
    for (const p of parts) {
      const phrase = p.phrase;
      if (!p.r || !phrase?.head || !countFits(p.count, phrase, false)) return false;
      if (!phrase.known && SOURCE_AFTER.test(text.slice(b))) return false;
    }
    for (const p of parts) {
      const end = m.index + m[0].indexOf(p.words, p.at - m.index) + p.words.length;
      hits.push(mention(p.at, end, outcome, p.r ?? one, p.phrase?.who ?? null, "casualties/part"));
    }
    const whos = new Set(parts.map((p) => p.phrase?.who ?? null));
    const low = parts.reduce((sum, p) => sum + (p.r?.low ?? 0), 0);
    const high = parts.some((p) => p.r?.high === null)
      ? null
      : parts.reduce((sum, p) => sum + (p.r?.high ?? 0), 0);
    const who = whos.size === 1 ? (parts[0]?.phrase?.who ?? null) : "mixed";
    add(mention(a, b, outcome, { low, high }, who, "casualties/sum"), [a, b]);
    return true;
  };
  if (cues.coordination) {
    scanCounts(
      COORDINATED_PASSIVE,
      passiveAnchors(),
      PASSIVE_REACH,
      (m) => coordinated(m, 1, m[6] ? "killed" : "injured"),
      true,
    );
    scanAt(COORDINATED_ACTIVE, actives, (m) => coordinated(m, 3, m[1] ? "killed" : "injured"));
  }

  if (cues.toll)
    scan(TOLL, (m) => {
      const r = reading(m[1] ?? "");
      const at = groupAt(m, 1);
      const [a, b] = [m.index, m.index + m[0].length];
      if (!r || !free(at, at + (m[1] ?? "").length) || SINGULAR.test(m[1] ?? "")) return;
      add(mention(a, b, "killed", r, null, "casualties/toll"), [a, b]);
    });

  scanCounts(PASSIVE, passiveAnchors(), PASSIVE_REACH, (m) => {
    const countText = m[1] ?? "";
    const phrase = readPhrase(m[2] ?? "", true);
    const aux = m[3] ?? "";
    const at = groupAt(m, 1);
    const [a, b] = [m.index, m.index + m[0].length];
    if (!phrase || !free(at, at + countText.length) || !countFits(countText, phrase, false)) return false;
    // no auxiliary and an object after the verb: the verb is active ("two militants shot and killed a man")
    if (aux.trim() === "" && OBJECT_AFTER.test(text.slice(b))) return false;
    if (YEAR.test(countText) && !phrase.head) return false;
    const r = reading(countText);
    if (!r) return false;
    add(mention(at, b, m[4] ? "killed" : "injured", r, phrase.who, "casualties/passive"), [a, b]);
    return true;
  });

  if (cues.left)
    scan(LEFT, (m) => {
      const countText = m[1] ?? "";
      const phrase = readPhrase(m[2] ?? "", false);
      const at = groupAt(m, 1);
      const r = reading(countText);
      const [a, b] = [m.index, m.index + m[0].length];
      if (!r || !phrase || !free(at, at + countText.length) || !countFits(countText, phrase, false)) return;
      add(mention(a, b, m[3] ? "killed" : "injured", r, phrase.who, "casualties/left"), [a, b]);
    });

  for (const [re, countGroup] of [
    [TO_DEATH, 1],
    [ACTIVE, 3],
  ] as const) {
    const each = (m: RegExpExecArray): boolean => {
      const countText = m[countGroup] ?? "";
      const phrase = readPhrase(m[countGroup + 1] ?? "", false);
      const at = groupAt(m, countGroup);
      const [a, b] = [m.index, m.index + m[0].length];
      if (!phrase || !free(at, at + countText.length) || !countFits(countText, phrase, true)) return false;
      if (phrase.head && !phrase.known && SOURCE_AFTER.test(text.slice(b))) return false;
      // a bare count must end the object ("wounding 10,"), not count weeks or attacks
      if (
        !phrase.head &&
        (YEAR.test(countText) || NOT_VICTIM.test(text.slice(b).trim().split(/\s/)[0] ?? ""))
      )
        return false;
      const r = reading(countText);
      if (!r) return false;
      const outcome: Outcome = re === TO_DEATH || m[1] ? "killed" : "injured";
      add(mention(a, b, outcome, r, phrase.who, "casualties/active"), [a, b]);
      return true;
    };
    if (re === ACTIVE) scanAt(ACTIVE, actives, each);
    else if (cues.toDeath) scan(re, (m) => void each(m));
  }

  if (cues.was)
    scan(SINGULAR_PASSIVE, (m) => {
      const verbAt = m.index;
      const subject = SUBJECT_BEFORE.exec(text.slice(Math.max(0, verbAt - 80), verbAt))?.[1] ?? "";
      const [a, b] = [verbAt - subject.length, m.index + m[0].length];
      if (subject === "" || !free(verbAt, b) || NOT_SINGULAR_SUBJECT.test(subject)) return;
      if (/\d/.test(subject) && !/\d{4}/.test(subject)) return;
      const last = subject.trim().replace(/,$/, "").split(/\s+/);
      const who = groupOf(last, last.length - 1) ?? null;
      // "He was killed along with two other people": one and the others counted with him.
      // (the others a victim phrase the casualty tables read, as for any count)
      const along = ALONG_WITH.exec(text.slice(b));
      const others = along && readPhrase(along[2] ?? "", false)?.head ? reading(along[1] ?? "") : null;
      if (along && others) {
        const total = { low: 1 + others.low, high: others.high === null ? null : 1 + others.high };
        const end = b + along[0].length;
        add(mention(a, end, m[2] ? "killed" : "injured", total, null, "casualties/singular-along"), [a, end]);
        return;
      }
      add(mention(a, b, m[2] ? "killed" : "injured", one, who, "casualties/singular"), [a, b]);
    });

  if (cues.died)
    scan(SINGULAR_DIED, (m) => {
      const phrase = readPhrase(m[1] ?? "", false);
      const [a, b] = [m.index, m.index + m[0].length];
      if (!phrase?.head || !phrase.known || isPlural(phrase.head) || !free(a, b)) return;
      add(mention(a, b, "killed", one, phrase.who, "casualties/singular"), [a, b]);
    });

  scanCounts(NOUN, nounAnchors(), NOUN_REACH, (m) => {
    const countText = m[1] ?? "";
    const phrase = readPhrase(m[2] ?? "", false);
    const r = reading(countText);
    const [a, b] = [m.index, m.index + m[0].length];
    if (!r || !phrase || !free(a, b) || /^(?:another|the|his|her|their)$/i.test(countText)) return false;
    if (SINGULAR.test(countText) && isPlural(m[3] ?? m[4] ?? "")) return false;
    // "a heavy death toll", "a casualty count": the noun names a figure, it counts nobody.
    if (FIGURE_AFTER.test(text.slice(b, b + 12))) return false;
    add(mention(a, b, m[3] ? "killed" : "injured", r, null, "casualties/noun"), [a, b]);
    return true;
  });

  if (cues.self)
    scan(PERPETRATOR, (m) => {
      const [a, b] = [m.index, m.index + m[0].length];
      // "blew himself up ..., killing himself": one attacker, however often the text says so
      if (hits.some((h) => h.rule === "casualties/perpetrator")) return;
      if (free(a, b)) add(mention(a, b, "killed", one, "perpetrator", "casualties/perpetrator"), [a, b]);
    });
  return hits.sort((x, y) => x.span.start - y.span.start);
}

// ---------------------------------------------------------------- public

/** Figures that are not a toll claim: an either-or count, or one the text says is unknown. */
const NOT_A_CLAIM =
  /\b(?:killed|dead) or (?:wounded|injured)|not (?:immediately )?clear|unclear|whether|\bif any\b/i;

/** True when a figure is a claim about a toll, judged on it and the words just around it. */
function isClaim(m: CasualtyMention, sentence: Span): boolean {
  const from = Math.max(0, m.span.start - sentence.start - 30);
  const to = m.span.end - sentence.start + 15;
  return !NOT_A_CLAIM.test(sentence.text.slice(from, to));
}

/**
 * Killed and injured counts in each sentence, with who the victims were and who reported the figure (in the
 * same sentence, or carried over from the previous sentence when this one continues its attribution).
 */
export function findCasualties(text: string, sentences: readonly Span[]): CasualtyMention[] {
  const out: CasualtyMention[] = [];
  let previous: Span | null = null;
  for (const sentence of sentences) {
    const s: Span =
      sentence.text.length === sentence.end - sentence.start
        ? sentence
        : { start: sentence.start, end: sentence.end, text: text.slice(sentence.start, sentence.end) };
    if (!GATE.test(s.text) || IGNORE.test(s.text)) {
      previous = s;
      continue;
    }
    const hits = sentenceCasualties(s).filter((m) => isClaim(m, s));
    if (hits.length > 0) {
      // reporters are looked for only where there is a figure: in its sentence, else in the one it continues
      const own = findReporter(s);
      const carried = !own && previous && continuesAttribution(s) ? findReporter(previous) : null;
      const reporter = own ?? carried;
      for (const m of hits)
        out.push(reporter ? { ...m, reportedBy: reporter.name, reporterSpan: reporter.span } : m);
    }
    previous = s;
  }
  return out;
}

/** The mentions to add up for a toll: summed groups stand in for their parts ("casualties/part" dropped). */
export function countedMentions(mentions: readonly CasualtyMention[]): CasualtyMention[] {
  return mentions.filter((m) => m.rule !== "casualties/part");
}

/**
 * One article's total for an outcome, as measured best on the dev sets: the counted mentions added up, except
 * that a summary figure ("4 fatalities", a toll) equal to the running total or to an earlier figure restates
 * it. Null when the article states no figure. Figures from different reporters that conflict are still added,
 * so callers who keep claims apart should use the mentions themselves.
 */
export function articleTotal(
  mentions: readonly CasualtyMention[],
  outcome: Outcome,
): { low: number; high: number | null } | null {
  let low = 0;
  let high: number | null = 0;
  let any = false;
  const seen: number[] = [];
  for (const m of countedMentions(mentions)) {
    if (m.outcome !== outcome) continue;
    any = true;
    const summary = m.rule === "casualties/noun" || m.rule === "casualties/toll";
    if (!(summary && (m.low === low || seen.includes(m.low)))) {
      low += m.low;
      high = high === null || m.high === null ? null : high + m.high;
    }
    seen.push(m.low);
  }
  return any ? { low, high } : null;
}
