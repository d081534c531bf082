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
/** A name right before a cue ("the health ministry said", "SOHR, a monitor, said"); tried on a short window. */
const KNOWN_BEFORE = new RegExp(`(?<![\\w])(${KNOWN_SOURCE})(?:\\s*,[^,]{1,60},)?\\s+$`, "i");
const PROPER_BEFORE = new RegExp(`(?<![\\w])(${PROPER})(?:\\s*,[^,]{1,60},)?\\s+$`);
const WINDOW = 100;

const NOT_REPORTERS = /^(?:the|a|an|he|she|it|they|this|that|there|on|in|at|but|and|it\s+was)$/i;
const CONTINUATION = new RegExp(REPORTERS.continuation, "i");

/** The canonical name of a reporter text ("the SOHR" → "Syrian Observatory for Human Rights"), else the text itself. */
export function reporterName(text: string): string {
  const trimmed = text.replace(/^the\s+/i, "").trim();
  return KNOWN.find((k) => k.re.test(text.trim()) || k.re.test(trimmed))?.name ?? trimmed;
}

function isKnown(text: string): boolean {
  const trimmed = text.replace(/^the\s+/i, "");
  return KNOWN.some((k) => k.re.test(text) || k.re.test(trimmed));
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
  const from = Math.max(0, cue.index - WINDOW);
  const before = text.slice(from, cue.index);
  const rule = cue[2] ? "reporter/told" : "reporter/said";
  const known = KNOWN_BEFORE.exec(before);
  if (known?.[1]) return make(known[1], from + known.index, rule);
  const proper = PROPER_BEFORE.exec(before);
  if (proper?.[1]) {
    const offset = from + proper.index;
    // a lone capitalised word opening the sentence ("Gunmen said") is no source unless it is a known one
    const lone = offset === 0 && !/\s/.test(proper[1]);
    if (!lone || isKnown(proper[1])) {
      const found = make(proper[1], offset, rule);
      if (found) return found;
    }
  }
  return cue[3] ? readAfter("reporter/said-inverted", false) : null;
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
