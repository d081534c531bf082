import winkNLP from "wink-nlp";
import model from "wink-eng-lite-web-model";
import type { Span } from "../model.js";

const nlp = winkNLP(model, ["sbd"]);
const its = nlp.its;

/** A sentence with the paragraph it belongs to (paragraphs are separated by line breaks). */
export interface Sentence extends Span {
  readonly paragraph: number;
  readonly index: number;
}

/** The shared wink-nlp instance (sentence boundaries only), for benchmarks that compare against bare tokenisation. */
export const winkTokenizer = nlp;

/** Offsets of each token of `line` in order: wink reports tokens and their preceding spaces; we locate them in the text. */
function sentenceSpans(text: string, lineStart: number, line: string): Span[] {
  const doc = nlp.readDoc(line);
  const tokens = doc.tokens().out();
  const ranges = doc.sentences().out(its.span) as unknown as [number, number][];
  const starts: number[] = [];
  const ends: number[] = [];
  let cursor = 0;
  for (const token of tokens) {
    const at = line.indexOf(token, cursor);
    const start = at >= 0 ? at : cursor;
    starts.push(start);
    ends.push(at >= 0 ? at + token.length : cursor);
    cursor = at >= 0 ? at + token.length : cursor;
  }
  const spans: Span[] = [];
  for (const [first, last] of ranges) {
    const start = lineStart + (starts[first] ?? 0);
    const end = lineStart + (ends[last] ?? line.length);
    if (end > start) spans.push({ start, end, text: text.slice(start, end) });
  }
  return spans;
}

/** Splits an article text into sentences with exact offsets; every line break ends a sentence and a blank line a paragraph. */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let paragraph = 0;
  let lineStart = 0;
  let previousBlank = false;
  const lines = text.split("\n");
  for (const raw of lines) {
    const line = raw.replace(/\s+$/, "");
    if (line.trim() === "") {
      if (!previousBlank && out.length > 0) paragraph++;
      previousBlank = true;
    } else {
      if (!previousBlank && out.length > 0) paragraph++;
      previousBlank = false;
      for (const span of sentenceSpans(text, lineStart, line)) {
        out.push({ ...span, paragraph, index: out.length });
      }
    }
    lineStart += raw.length + 1;
  }
  return out;
}
