/** A fast word tokeniser for the geoparser (letters and digits, with inner hyphens, apostrophes and dots). */
import { scriptOf } from "./normalize.js";

/** One word of the text. */
export interface Token {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** First letter is upper case (or the script has no case: Arabic). */
  readonly cap: boolean;
  /** Every letter is upper case and there are at least two. */
  readonly upper: boolean;
  readonly script: "latin" | "arabic" | "cyrillic" | "other";
  /** First word of a sentence, a line or a quotation. */
  readonly sentenceStart: boolean;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:[-'’.][\p{L}\p{N}][\p{L}\p{M}\p{N}]*)*/gu;

/** A name with a lower-case Arabic article glued on ("al-Bukamal", "ez-Zor") counts as capitalised. */
const ARTICLE_PREFIXED = /^(?:al|el|ad|ed|ash|as|es|az|ez|ar|at|an|ul)-\p{Lu}/u;

const CONTRACTION = /['’](?:s|re|ve|ll|d|m|t)$/i;
const ABBREVIATED = /^(?:[A-Z]|Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sgt|Capt|Rev|Gov|Sen|Rep|No|vs|Jr|Sr)$/;

/** Splits text into word tokens with case, script and sentence-start flags. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let prevEnd = 0;
  for (const m of text.matchAll(WORD)) {
    const start = m.index ?? 0;
    let word = m[0];
    // "Aleppo's" → "Aleppo"; "We're" → "We".
    const ap = word.length > 2 ? word.charCodeAt(word.length - 2) : 0;
    const ap3 = word.length > 3 ? word.charCodeAt(word.length - 3) : 0;
    if (ap === 39 || ap === 0x2019 || ap3 === 39 || ap3 === 0x2019) word = word.replace(CONTRACTION, "");
    const c0 = word.charCodeAt(0);
    if (c0 >= 97 && c0 <= 122 && !((c0 === 97 || c0 === 101 || c0 === 117) && ARTICLE_PREFIXED.test(word))) {
      // Fast path: a lower-case ASCII word (most words of English text).
      out.push({
        start,
        end: start + word.length,
        text: word,
        cap: false,
        upper: false,
        script: "latin",
        sentenceStart: false,
      });
      prevEnd = start + m[0].length;
      continue;
    }
    const script = scriptOf(word);
    const first = word[0] ?? "";
    const cap =
      script === "arabic" ||
      (first !== first.toLowerCase() && first === first.toUpperCase()) ||
      ((first === "a" || first === "e" || first === "u") && ARTICLE_PREFIXED.test(word));
    const upper = cap && word.length >= 2 && word === word.toUpperCase() && word !== word.toLowerCase();
    const prev = out[out.length - 1];
    let sentenceStart = prev === undefined;
    if (!sentenceStart && cap) {
      const gap = text.slice(prevEnd, start);
      sentenceStart =
        /[!?\n\u201c"]/.test(gap) ||
        (gap.trimEnd().endsWith(".") && !ABBREVIATED.test(prev?.text ?? "")) ||
        /^[-—–:]$/.test(gap.trim());
    }
    out.push({ start, end: start + word.length, text: word, cap, upper, script, sentenceStart });
    prevEnd = start + m[0].length;
  }
  return out;
}
