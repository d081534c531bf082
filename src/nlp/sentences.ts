import winkNLP from "wink-nlp";
import model from "wink-eng-lite-web-model";
import type { Span } from "../model.js";

const nlp = winkNLP(model, ["sbd"]);
const its = nlp.its;

/** A sentence with the paragraph it belongs to (every line is a paragraph: news puts one on each line). */
export interface Sentence extends Span {
  readonly paragraph: number;
  readonly index: number;
}

/** The shared wink-nlp instance (sentence boundaries only), for benchmarks that compare against bare tokenisation. */
export const winkTokenizer = nlp;

/** Sentence spans as wink-nlp finds them in the whole text, located by walking its tokens through the text. */
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

/** Splits an article text into sentences with exact offsets; every line break also ends a sentence. */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let paragraph = -1;
  let lastLine = Number.NaN;
  for (const span of winkSentences(text)) {
    let start = span.start;
    while (start < span.end) {
      const newline = text.indexOf("\n", start);
      const stop = newline >= 0 && newline < span.end ? newline : span.end;
      const piece = text.slice(start, stop);
      const lead = piece.length - piece.trimStart().length;
      const trimmed = piece.trim();
      if (trimmed !== "") {
        const at = start + lead;
        const line = lineOf(text, at);
        if (line !== lastLine) {
          paragraph++;
          lastLine = line;
        }
        out.push({ start: at, end: at + trimmed.length, text: trimmed, paragraph, index: out.length });
      }
      start = stop + 1;
    }
  }
  return out;
}

/** The start offset of the line holding `offset` (sentences on one line share a paragraph). */
function lineOf(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1);
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
