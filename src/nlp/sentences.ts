import winkNLP from "wink-nlp";
import model from "wink-eng-lite-web-model";
import type { Span } from "../model.js";
import { isWide, narrowest } from "../util/chars.js";

const nlp = winkNLP(model, ["sbd"]);
const its = nlp.its;

/** A sentence with the paragraph it belongs to (every line is a paragraph: news puts one on each line). */
export interface Sentence extends Span {
  readonly paragraph: number;
  readonly index: number;
}

/** Sentence spans as wink-nlp finds them in a stretch of text, located by walking its tokens through the text. */
function winkSentences(text: string): Span[] {
  const doc = nlp.readDoc(text);
  const tokens = doc.tokens().out();
  const ranges = doc.sentences().out(its.span) as unknown as [number, number][];
  const starts = new Array<number>(tokens.length);
  const ends = new Array<number>(tokens.length);
  let cursor = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? "";
    const at = text.indexOf(token, cursor);
    starts[i] = at >= 0 ? at : cursor;
    cursor = at >= 0 ? at + token.length : cursor;
    ends[i] = cursor;
  }
  const spans: Span[] = [];
  for (const [first, last] of ranges) {
    const start = starts[first] ?? 0;
    const end = ends[last] ?? text.length;
    if (end > start) spans.push({ start, end, text: text.slice(start, end) });
  }
  return spans;
}

/** A line of the text (its offsets). */
interface Line {
  readonly start: number;
  readonly end: number;
}

/** Lower-case words that wink reads as abbreviations before a period ("approx. 20", "etc."): wink decides there. */
const LOWER_ABBREVIATIONS = new Set(
  "approx est etc vs incl excl govt dept no nos fig al viz cf ca mt st jr sr co corp inc ltd".split(" "),
);

/**
 * A candidate boundary: a period, "!", "?" or ellipsis with closing quotes or brackets, then spaces and the next
 * character; or glued to what follows ("killed.The", "reported.4 dead") when that is a capitalised word, a digit
 * or a bracket.
 */
const BOUNDARY = /[.!?\u2026]+["'\u201d\u2019)\]]*(?:[ \t\u00a0]+(?=\S)|(?=[A-Z][a-z]|[0-9[]))/g;

/** The word just before `at` (back to the previous space), without the quotes or brackets around it. */
function wordBefore(text: string, at: number): string {
  let k = at;
  while (k > 0) {
    const c = text.charCodeAt(k - 1);
    if (c === 32 || c === 9 || c === 10 || c === 0xa0 || c === 13) break;
    k--;
  }
  return text.slice(k, at).replace(/^["'\u201c\u2018([]+|["'\u201d\u2019)\]]+$/g, "");
}

/** Abbreviations a period may follow mid-sentence: capitalised of four letters or more ("Calif.", "Sept.") and in capitals ("ST. JOHN'S"). */
const CAPITAL_ABBREVIATIONS = new Set(
  "Ariz Blvd Brig Bros Calif Capt Cmdr Colo Comdr Conn Corp Dept Gens Govt Kans Lieut Mass Mich Minn Mont Nebr Okla Oreg Penn Prof Sept Tenn Univ Wash Wisc ST MT FT PT DR MR MRS MS JR SR GEN LT COL SGT GOV REP SEN CAPT".split(
    " ",
  ),
);

/** True for a plain lower-case word of two letters or more that is no abbreviation ("town."). */
function plainLower(word: string): boolean {
  return /^[a-z]{2,}$/.test(word) && !LOWER_ABBREVIATIONS.has(word);
}

/**
 * True for a word after which a period before a capital ends the sentence: a plain lower-case word, a number, a
 * capitalised name of four letters or more that is no abbreviation ("Syria."), an acronym ("UN."), or nothing
 * (a period after a space).
 */
function endsBeforeCapital(word: string): boolean {
  if (word === "" || plainLower(word) || /^\d+$/.test(word)) return true;
  if (/^[A-Z]{2,}$/.test(word)) return !CAPITAL_ABBREVIATIONS.has(word);
  return /^[A-Z][a-z]{3,}$/.test(word) && !CAPITAL_ABBREVIATIONS.has(word);
}

/**
 * Where a candidate boundary ends its sentence, or -1 when it does not. Before a capital: "!" or "?", or a period
 * after a word that is no abbreviation (most boundaries in news); before a list bullet, any stop. Glued to a digit or bracket: only a period after
 * a plain word ("reported.4 dead"; "3.20pm" is no boundary). Everything else (abbreviations, initials, "U.S.",
 * quotes and brackets, a lower-case next word) is decided by wink-nlp on a window of text around it.
 */
function sentenceEnd(text: string, punct: number, next: number, glued: boolean, line: Line): number {
  const c = text.charCodeAt(next);
  const capital = c >= 65 && c <= 90;
  const p = text.charCodeAt(punct);
  const period = p === 46 && text.charCodeAt(punct + 1) !== 46;
  if (glued && !capital) return period && plainLower(wordBefore(text, punct)) ? next : -1;
  if (capital && (p === 33 || p === 63)) return next;
  // A list bullet after the stop opens the next item ("... plaques. - On July 31 ...").
  if ((period || p === 33 || p === 63) && BULLET.test(text.slice(next, next + 2))) return next;
  if ((capital || c === 34 || c === 0x201c) && period && endsBeforeCapital(wordBefore(text, punct)))
    return next;
  return winkEnd(text, punct, next, line);
}

/** A list bullet and its space ("- ", "* ", "• "). */
const BULLET = /^[-*•–] $/;

/** Characters of context wink-nlp reads on each side of a boundary it is asked about. */
const WINDOW = 48;

/** Where wink-nlp, reading the text around a candidate, ends a sentence at it (a closing quote after the space may go with it), or -1. */
function winkEnd(text: string, punct: number, next: number, line: Line): number {
  let from = Math.max(line.start, punct - WINDOW);
  while (from > line.start && !/\s/.test(text[from - 1] ?? "")) from--;
  let to = Math.min(line.end, next + WINDOW);
  while (to < line.end && !/\s/.test(text[to] ?? "")) to++;
  const spans = winkSentences(text.slice(from, to));
  for (let k = 0; k + 1 < spans.length; k++) {
    const end = from + (spans[k] as Span).end;
    if (end > punct && end <= next + 2) return end;
  }
  return -1;
}

/** Splits an article text into sentences with exact offsets; every line break also ends a sentence. */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let paragraph = -1;
  const push = (from: number, to: number, newParagraph: boolean) => {
    const piece = text.slice(from, to);
    const trimmed = piece.trim();
    if (trimmed === "") return newParagraph;
    if (newParagraph) paragraph++;
    const at = from + piece.length - piece.trimStart().length;
    out.push({ start: at, end: at + trimmed.length, text: trimmed, paragraph, index: out.length });
    return false;
  };
  // One pass over the candidates: a candidate never spans a line break, so each belongs to the line it starts in.
  BOUNDARY.lastIndex = 0;
  let m = BOUNDARY.exec(text);
  let lineStart = 0;
  for (;;) {
    const newline = text.indexOf("\n", lineStart);
    const line: Line = { start: lineStart, end: newline < 0 ? text.length : newline };
    let fresh = true;
    let from = line.start;
    for (; m !== null && m.index < line.end; m = BOUNDARY.exec(text)) {
      const next = m.index + m[0].length;
      const end = sentenceEnd(text, m.index, next, !/\s$/.test(m[0]), line);
      if (end <= from) continue;
      fresh = push(from, end, fresh);
      from = end;
      if (BOUNDARY.lastIndex < end) BOUNDARY.lastIndex = end;
    }
    push(from, line.end, fresh);
    if (newline < 0) break;
    lineStart = newline + 1;
  }
  // Page chrome glued into a sentence (tag lists, share widgets, captions) is cut out; cheap tests pick the cutters.
  const cutters = CUTTERS.filter((c) => c.present(text)).map((c) => c.cuts);
  const cut =
    cutters.length === 0
      ? out
      : cutSentences(text, out, (s) => [...new Set(cutters.flatMap((c) => c(s)))].sort((a, b) => a - b));
  const sentences = cutFooter(text, cut);
  // Every later stage reads the sentences' texts: in an article with a wide character they get narrow copies.
  return isWide(text) ? sentences.map((s) => ({ ...s, text: narrowest(s.text) })) : sentences;
}

/** A page footer's opening: from here on, links to other stories ("Related News", "You may also like"). */
const FOOTER =
  /\b(?:Related (?:News|Articles|Stories|Posts|Content|Coverage)|More (?:Stories|News|from [A-Z][\w ]{0,20})|Most (?:Read|Popular)|You (?:may|might) also like|Recommended (?:for you|Stories))\b/;
/** A footer opens in the second half of the text; earlier, the words are the article's own. */
const FOOTER_FROM = 0.5;

/** Everything from a page footer to the end is one sentence that opens with the footer's words (page junk). */
function cutFooter(text: string, sentences: readonly Sentence[]): Sentence[] {
  const from = Math.floor(text.length * FOOTER_FROM);
  const m = FOOTER.exec(text.slice(from));
  const last = sentences[sentences.length - 1];
  if (!m || !last) return [...sentences];
  const at = from + m.index;
  const out: Sentence[] = [];
  for (const s of sentences) {
    if (s.end <= at) out.push(s);
    else if (s.start < at) {
      const head = text.slice(s.start, at).trimEnd();
      if (head !== "") out.push({ ...s, end: s.start + head.length, text: head });
    }
  }
  const paragraph = sentences.find((s) => s.end > at)?.paragraph ?? last.paragraph;
  out.push({ start: at, end: last.end, text: text.slice(at, last.end), paragraph, index: out.length });
  return out.map((s, index) => ({ ...s, index }));
}

/**
 * A page's tag list or link teaser glued into the text ("... province. Tags Syria Idlib airstrike At least 18 ...",
 * "READ MORE WATCH <another story's title> In a separate ...").
 */
const TAG_LIST =
  /(?<=^|[.!?"\u201d]\s+)(?:Tags|Related|READ MORE|Read [Mm]ore|Read [Aa]lso|Also [Rr]ead|WATCH)\s+|(?<=^|\s)(?:Get short URL(?: \d+)? )?Topic\s+(?=\p{Lu})/gu;
/** Where a glued tag list gives way to prose: a sentence opener then a lower-case word or a figure. */
const PROSE_AFTER_TAGS =
  /\s(?=(?:A|An|The|At|In|On|More|Some|Several|Dozens|Hundreds|Scores|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|\d[\d,]*)\s+(?:\p{Lu}[\p{L}-]*\s+)?[a-z0-9])/u;
/** Cheap pre-check for TAG_LIST. */
const GLUED_OPENER = /Tags |Related |READ MORE |Read [Mm]ore |Read [Aa]lso |Also [Rr]ead |WATCH |Topic /;
/** How far a tag list may run before prose resumes. */
const TAG_LIST_CHARS = 200;

/** Where tag lists glued into a sentence start and end (each one a sentence of its own: page junk to the extractor). */
function tagListCuts(s: Sentence): number[] {
  const cuts: number[] = [];
  TAG_LIST.lastIndex = 0;
  for (let m = TAG_LIST.exec(s.text); m !== null; m = TAG_LIST.exec(s.text)) {
    const rest = s.text.slice(m.index, m.index + TAG_LIST_CHARS);
    const prose = PROSE_AFTER_TAGS.exec(rest);
    if (!prose) continue;
    cuts.push(m.index, m.index + prose.index + 1);
  }
  return cuts;
}

/**
 * A photo credit in parentheses that a capitalised word follows: the caption ends there and the story goes on
 * ("A man walks past rubble in Aleppo on May 1 (Reuters Photo) Ten civilians were killed ...").
 */
const CREDIT_THEN_CAPITAL =
  /\((?:[\w ]{0,30}\b)?(?:agencies|reuters|afp|ap|associated press|getty(?: images)?|epa|anadolu(?: agency)?)(?: photo)?\)[ \t]+(?=\p{Lu})/giu;
/** Cheap pre-check for CREDIT_THEN_CAPITAL. */
const CREDIT_CLOSE = /(?:agencies|reuters|afp|ap|press|getty|images|epa|anadolu|agency|photo)\)/i;

/** A share widget with its counters ("Get short URL 0 214"): a line of its own (with a topic link, TAG_LIST cuts it). */
const SHORT_URL = /(?<=^|\s)Get short URL(?![ \d]*Topic)(?: \d+)*/g;

/** Where share widgets start and end. */
function widgetCuts(s: Sentence): number[] {
  const cuts: number[] = [];
  SHORT_URL.lastIndex = 0;
  for (let m = SHORT_URL.exec(s.text); m !== null; m = SHORT_URL.exec(s.text))
    cuts.push(m.index, m.index + m[0].length);
  return cuts;
}

/** Where captions that end in a photo credit give way to the story. */
function creditCuts(s: Sentence): number[] {
  const cuts: number[] = [];
  CREDIT_THEN_CAPITAL.lastIndex = 0;
  for (let m = CREDIT_THEN_CAPITAL.exec(s.text); m !== null; m = CREDIT_THEN_CAPITAL.exec(s.text)) {
    cuts.push(m.index + m[0].length);
  }
  return cuts;
}

/** Where glued page chrome is cut from a sentence, each with a cheap test for the text that may hold it. */
const CUTTERS: readonly { present(text: string): boolean; cuts(s: Sentence): number[] }[] = [
  { present: (text) => GLUED_OPENER.test(text), cuts: tagListCuts },
  { present: (text) => text.includes("Get short URL"), cuts: widgetCuts },
  { present: (text) => CREDIT_CLOSE.test(text), cuts: creditCuts },
];

/** Splits sentences where `cutsOf` says (offsets in the sentence's text, ascending); the pieces keep exact offsets. */
function cutSentences(
  text: string,
  sentences: readonly Sentence[],
  cutsOf: (s: Sentence) => number[],
): Sentence[] {
  const out: Sentence[] = [];
  for (const s of sentences) {
    let from = 0;
    for (const to of [...cutsOf(s), s.text.length]) {
      const piece = s.text.slice(from, to);
      const lead = piece.length - piece.trimStart().length;
      const trimmed = piece.trim();
      if (trimmed !== "") {
        const start = s.start + from + lead;
        out.push({
          start,
          end: start + trimmed.length,
          text: text.slice(start, start + trimmed.length),
          paragraph: s.paragraph,
          index: out.length,
        });
      }
      from = to;
    }
  }
  return out;
}

/** The sentence holding `offset` (binary search over sentences in text order), or null between sentences. */
export function sentenceAt(sentences: readonly Sentence[], offset: number): Sentence | null {
  let lo = 0;
  let hi = sentences.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = sentences[mid] as Sentence;
    if (offset < s.start) hi = mid - 1;
    else if (offset >= s.end) lo = mid + 1;
    else return s;
  }
  return null;
}
