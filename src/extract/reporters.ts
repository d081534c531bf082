/**
 * Who reported a figure: "according to the Syrian Observatory for Human Rights", "state media said",
 * "the health ministry said", "X told Reuters", "Reuters reported". Patterns live in data/lexicons/reporters.json.
 *
 * The search starts from the cue words ("according to", "said", "told"), which are rare, and reads the name
 * next to each one: known reporters in any case, other names only when written with capitals.
 */
import { z } from "zod";
import table from "../../data/lexicons/reporters.json" with { type: "json" };
import type { Span } from "../model.js";

const ReportersSchema = z.object({
  reporters: z.array(z.object({ name: z.string(), pattern: z.string() })),
  said: z.string(),
  according_to: z.string(),
  continuation: z.string(),
});

const REPORTERS = ReportersSchema.parse(table);

/** A source named for a figure, with its span in the article text. */
export interface ReporterMention {
  readonly name: string;
  readonly span: Span;
  readonly rule: string;
}

const KNOWN = REPORTERS.reporters.map((r) => ({ name: r.name, re: new RegExp(`^(?:${r.pattern})$`, "i") }));
const KNOWN_SOURCE = REPORTERS.reporters.map((r) => `(?:${r.pattern})`).join("|");
/** A proper name: capitalised words, with "of/for/the/al-" joiners ("Syrian Observatory for Human Rights"). */
const PROPER = "(?:[A-Z][\\w'’.-]*)(?:\\s+(?:(?:of|for|the|and|de|al)\\s+)?(?:[A-Z][\\w'’.-]*)){0,6}";

/** The cue words; group 1 names the kind of cue. */
const CUES = new RegExp(`\\b(?:(${REPORTERS.according_to})|(told)|(${REPORTERS.said}))\\b`, "gi");
/** A name right after a cue ("according to state media"). */
const KNOWN_AFTER = new RegExp(`\\s+(${KNOWN_SOURCE})(?![\\w])`, "iy");
const PROPER_AFTER = new RegExp(`\\s+((?:the\\s+)?${PROPER})`, "y");
/** Any reporter name from the table, matched whole. */
const KNOWN_EXACT = new RegExp(`^(?:${KNOWN_SOURCE})$`, "i");
/** An appositive between a name and its cue ("SOHR, a Britain-based monitor, said"). */
const TRAILING_APPOSITIVE = /\s*,[^,]{1,60},\s*$/;
const CAPITALISED = /^[A-Z][\w'’.-]*$/;
const JOINERS = new Set(["of", "for", "the", "and", "de", "al"]);
const WINDOW = 100;
const MAX_NAME_WORDS = 7;
const NOT_REPORTERS = /^(?:the|a|an|he|she|it|they|this|that|there|on|in|at|but|and|it\s+was)$/i;
const CONTINUATION = new RegExp(REPORTERS.continuation, "i");

/** The canonical name of a reporter text ("the SOHR" → "Syrian Observatory for Human Rights"), else the text itself. */
export function reporterName(text: string): string {
  const trimmed = text.replace(/^the\s+/i, "").trim();
  return KNOWN.find((k) => k.re.test(text.trim()) || k.re.test(trimmed))?.name ?? trimmed;
}

/** The reporter named around one cue, or null. */
function aroundCue(sentence: Span, cue: RegExpExecArray): ReporterMention | null {
  const text = sentence.text;
  const make = (raw: string, offset: number, rule: string): ReporterMention | null => {
    const name = raw.replace(/\s+$/, "");
    if (name === "" || NOT_REPORTERS.test(name)) return null;
    const start = sentence.start + offset;
    return { name: reporterName(name), span: { start, end: start + name.length, text: name }, rule };
  };
  const after = cue.index + cue[0].length;
  const readAfter = (rule: string, proper: boolean) => {
    for (const re of proper ? [KNOWN_AFTER, PROPER_AFTER] : [KNOWN_AFTER]) {
      re.lastIndex = after;
      const m = re.exec(text);
      if (m?.[1]) return make(m[1], after + m[0].indexOf(m[1]), rule);
    }
    return null;
  };
  if (cue[1]) return readAfter("reporter/according-to", true);
  // "X told Reuters" and "X said": the name sits before the cue
  const rule = cue[2] ? "reporter/told" : "reporter/said";
  const before = nameBefore(text, cue.index);
  if (before) {
    const found = make(before.name, before.offset, rule);
    if (found) return found;
  }
  return cue[3] ? readAfter("reporter/said-inverted", false) : null;
}

/**
 * The name ending just before offset `end` (an appositive in between allowed): the longest run of up to seven
 * words that is a known reporter, else the longest capitalised run ("Colonel Amadou Keita"); null otherwise.
 */
function nameBefore(text: string, end: number): { name: string; offset: number } | null {
  let window = text.slice(Math.max(0, end - WINDOW), end);
  const appositive = TRAILING_APPOSITIVE.exec(window);
  if (appositive) window = window.slice(0, appositive.index);
  const from = Math.max(0, end - WINDOW);
  const trimmed = window.replace(/\s+$/, "");
  const words: { word: string; at: number }[] = [];
  const re = /\S+/g;
  for (let m = re.exec(trimmed); m !== null; m = re.exec(trimmed)) words.push({ word: m[0], at: m.index });
  const last = words.slice(-MAX_NAME_WORDS);
  // known names, longest first
  for (let i = 0; i < last.length; i++) {
    const first = last[i] as { word: string; at: number };
    const candidate = trimmed.slice(first.at);
    if (/[,;:.!?"“”()]/.test(candidate.slice(0, -1))) continue;
    if (KNOWN_EXACT.test(candidate)) return { name: candidate, offset: from + first.at };
  }
  // capitalised runs ("Human Rights Watch", "Colonel Amadou Keita"), joiners allowed inside
  let start = -1;
  for (let i = last.length - 1; i >= 0; i--) {
    const w = (last[i] as { word: string }).word;
    if (CAPITALISED.test(w)) start = i;
    else if (!(JOINERS.has(w.toLowerCase()) && i > 0 && start !== -1)) break;
  }
  if (start < 0) return null;
  const firstWord = last[start] as { word: string; at: number };
  // a lone capitalised word opening the sentence ("Gunmen said") is no source unless it is a known one
  const isOpening = from + firstWord.at === 0 && start === last.length - 1;
  if (isOpening) return null;
  // a run may open with "The" ("The Norwegian Refugee Council"), never with another joiner
  if (JOINERS.has(firstWord.word.toLowerCase()) && firstWord.word.toLowerCase() !== "the") return null;
  if (firstWord.word.toLowerCase() === "the" && start === last.length - 1) return null;
  return { name: trimmed.slice(firstWord.at), offset: from + firstWord.at };
}

/** The first reporter named in a sentence, or null. */
export function findReporter(sentence: Span): ReporterMention | null {
  CUES.lastIndex = 0;
  for (let cue = CUES.exec(sentence.text); cue !== null; cue = CUES.exec(sentence.text)) {
    const found = aroundCue(sentence, cue);
    if (found) return found;
  }
  return null;
}

/** True when a sentence carries on the previous sentence's attribution ("It said...", "..., he added."). */
export function continuesAttribution(sentence: Span): boolean {
  return CONTINUATION.test(sentence.text);
}
