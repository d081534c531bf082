/** A fast word tokeniser for the geoparser (letters and digits, with inner hyphens, apostrophes and dots). */
import { scriptOf } from "./normalize.js";

/** One word of the text. */
export interface Token {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** The text in lower case (the same string when it has no capital). */
  readonly lower: string;
  /** First letter is upper case (or the script has no case: Arabic). */
  readonly cap: boolean;
  /** Every letter is upper case and there are at least two. */
  readonly upper: boolean;
  readonly script: "latin" | "arabic" | "cyrillic" | "other";
  /** First word of a sentence, a line or a quotation. */
  readonly sentenceStart: boolean;
}

/** A Token whose lower-case text is made when first read (most capitalised words are never read so). */
class Word implements Token {
  private lowered: string | undefined = undefined;

  readonly end: number;

  constructor(
    readonly start: number,
    readonly text: string,
    readonly cap: boolean,
    readonly upper: boolean,
    readonly script: Token["script"],
    readonly sentenceStart: boolean,
  ) {
    this.end = start + text.length;
  }

  get lower(): string {
    if (this.lowered === undefined) this.lowered = lowerOf(this.text);
    return this.lowered;
  }
}

/** A name with a lower-case Arabic article glued on ("al-Bukamal", "ez-Zor") counts as capitalised. */
const ARTICLE_PREFIXED = /^(?:al|el|ad|ed|ash|as|es|az|ez|ar|at|an|ul)-\p{Lu}/u;

/** `ARTICLE_PREFIXED`, with the cheap check first: a hyphen third or fourth. */
function articlePrefixed(word: string): boolean {
  return (word.charCodeAt(2) === 45 || word.charCodeAt(3) === 45) && ARTICLE_PREFIXED.test(word);
}

const CONTRACTION = /['’](?:s|re|ve|ll|d|m|t)$/i;
const ABBREVIATED = /^(?:[A-Z]|Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sgt|Capt|Rev|Gov|Sen|Rep|No|vs|Jr|Sr)$/;

const WORD_AT = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:[-'’.][\p{L}\p{N}][\p{L}\p{M}\p{N}]*)*/uy;

/** 1 for ASCII letters and digits. */
const ALNUM = new Uint8Array(128);
for (let c = 0; c < 128; c++)
  ALNUM[c] = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) ? 1 : 0;

/** ASCII letter or digit. */
function alnum(c: number): boolean {
  return c < 128 && ALNUM[c] === 1;
}

/**
 * End of the ASCII word starting at i, or -1 when a non-ASCII character may continue it (then the
 * Unicode pattern decides).
 */
function asciiWordEnd(text: string, i: number): number {
  const n = text.length;
  let j = i + 1;
  for (;;) {
    while (j < n && alnum(text.charCodeAt(j))) j++;
    if (j >= n) return j;
    const d = text.charCodeAt(j);
    if (d === 45 || d === 39 || d === 46 || d === 0x2019) {
      if (j + 1 >= n) return j;
      const e = text.charCodeAt(j + 1);
      if (alnum(e)) {
        j += 2;
        continue;
      }
      return e >= 128 ? -1 : j;
    }
    return d >= 128 ? -1 : j;
  }
}

/** Every letter upper case, at least one letter (ASCII checked without copying the word). */
export function allCapitals(word: string): boolean {
  let letters = false;
  for (let k = 0; k < word.length; k++) {
    const c = word.charCodeAt(k);
    if (c >= 97 && c <= 122) return false;
    if (c >= 65 && c <= 90) letters = true;
    else if (c >= 128) return word === word.toUpperCase() && word !== word.toLowerCase();
  }
  return letters;
}

/** The word in lower case: the word itself when it has no capital (ASCII checked without copying). */
function lowerOf(word: string): string {
  for (let k = 0; k < word.length; k++) {
    const c = word.charCodeAt(k);
    if ((c >= 65 && c <= 90) || c >= 128) return word.toLowerCase();
  }
  return word;
}

/** A plain lower-case word token. */
function plain(start: number, word: string): Token {
  return new Word(start, word, false, false, "latin", false);
}

/**
 * Whether the gap between two words opens a sentence: "!", "?", a line break or an opening quote
 * in it, a period after a word that is not an abbreviation, or a lone dash or colon.
 */
function startsSentence(text: string, from: number, to: number, prevWord: string): boolean {
  let last = -1;
  let lastAt = -1;
  let nonSpace = 0;
  let firstNonSpace = -1;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === 33 || c === 63 || c === 10 || c === 0x201c || c === 34) return true;
    if (c === 32 || c === 9 || c === 13 || c === 0xa0 || c === 11 || c === 12) continue;
    if (nonSpace === 0) firstNonSpace = c;
    nonSpace++;
    last = c;
    lastAt = k;
  }
  if (last === 46 && lastAt >= 0 && !ABBREVIATED.test(prevWord)) return true;
  return (
    nonSpace === 1 &&
    (firstNonSpace === 45 || firstNonSpace === 0x2014 || firstNonSpace === 0x2013 || firstNonSpace === 58)
  );
}

/**
 * Offset of the next character that may start or sit in a token other than a plain lower-case
 * word (a capital, a digit, a non-ASCII character), or -1.
 */
function nextNotable(text: string, from: number): number {
  NOTABLE.lastIndex = from;
  return NOTABLE.test(text) ? NOTABLE.lastIndex - 1 : -1;
}
/** A capital, a digit or a non-ASCII character (a pattern scans faster than a loop over character codes). */
const NOTABLE = /[0-9A-Z\u0080-\uffff]/g;

/** Space, tab, line break: tokens never span it. */
function space(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/**
 * Where plain-word scanning may resume after `from`: the start of the space-separated chunk before
 * the chunk that holds the next notable character (a chunk with a letter, so its last word is the
 * word before that character's token), the text's end when none follows, or `from` when no safe
 * jump exists.
 */
function resumeAt(text: string, from: number): number {
  const at = nextNotable(text, from);
  if (at < 0) return text.length;
  let k = at;
  while (k > from && !space(text.charCodeAt(k - 1))) k--;
  // Chunks back from the notable one, until one holds a letter.
  while (k > from) {
    let w = k;
    while (w > from && space(text.charCodeAt(w - 1))) w--;
    let s = w;
    let letter = false;
    while (s > from && !space(text.charCodeAt(s - 1))) {
      s--;
      const c = text.charCodeAt(s);
      if (c >= 97 && c <= 122) letter = true;
    }
    if (s <= from || w === s) return from;
    if (letter && space(text.charCodeAt(s - 1))) return s;
    k = s;
  }
  return from;
}

/**
 * Splits text into word tokens with case, script and sentence-start flags. Plain lower-case words
 * are kept only next to another kind of token (the word before and the two words after a
 * capitalised word, where connectors, prepositions and place-type words are read); the others carry nothing
 * the recogniser reads, and skipping them saves most of the allocations.
 */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let prevEnd = 0;
  // The previous word when it was a plain lower-case word not yet kept: start, end (-1 if none).
  let pendStart = -1;
  let pendEnd = -1;
  // Words since the last word that was not a plain lower-case word (kept: up to two after it, for
  // names ending in two lower-case words such as "Hmeimim air base").
  let sinceNotPlain = 3;
  // Scanning may not jump before this offset (a jump was found impossible up to here).
  let noJumpBefore = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    let end: number;
    if (c < 128) {
      if (!alnum(c)) {
        i++;
        continue;
      }
      end = asciiWordEnd(text, i);
      if (end < 0) {
        WORD_AT.lastIndex = i;
        end = WORD_AT.exec(text) ? WORD_AT.lastIndex : i + 1;
      }
    } else {
      WORD_AT.lastIndex = i;
      if (!WORD_AT.exec(text)) {
        i++;
        continue;
      }
      end = WORD_AT.lastIndex;
    }
    const start = i;
    i = end;
    const c0 = text.charCodeAt(start);
    // "Aleppo's" → "Aleppo"; "We're" → "We".
    let wordEnd = end;
    const ap = end - start > 2 ? text.charCodeAt(end - 2) : 0;
    const ap3 = end - start > 3 ? text.charCodeAt(end - 3) : 0;
    if (ap === 39 || ap === 0x2019 || ap3 === 39 || ap3 === 0x2019)
      wordEnd = start + text.slice(start, end).replace(CONTRACTION, "").length;
    if (
      c0 >= 97 &&
      c0 <= 122 &&
      !(
        (c0 === 97 || c0 === 101 || c0 === 117) &&
        (text.charCodeAt(start + 2) === 45 || text.charCodeAt(start + 3) === 45) &&
        ARTICLE_PREFIXED.test(text.slice(start, wordEnd))
      )
    ) {
      // Fast path: a lower-case ASCII word (most words of English text), cut only when kept.
      if (sinceNotPlain < 2) {
        out.push(plain(start, text.slice(start, wordEnd)));
        pendStart = -1;
      } else {
        pendStart = start;
        pendEnd = wordEnd;
      }
      sinceNotPlain++;
      prevEnd = end;
      if (sinceNotPlain >= 2 && i >= noJumpBefore) {
        // Nothing but plain words can be kept before the next capital, digit or non-ASCII character:
        // jump to the word before the one that holds it.
        const to = resumeAt(text, i);
        if (to > i) {
          i = to;
          prevEnd = to;
          pendStart = -1;
        } else noJumpBefore = nextNotable(text, i) + 1;
      }
      continue;
    }
    const word = text.slice(start, wordEnd);
    if (pendStart >= 0) {
      out.push(plain(pendStart, text.slice(pendStart, pendEnd)));
      pendStart = -1;
    }
    sinceNotPlain = 0;
    const script = c0 < 128 ? "latin" : scriptOf(word);
    const first = word[0] ?? "";
    const cap =
      (c0 >= 65 && c0 <= 90) ||
      script === "arabic" ||
      (c0 >= 128 && first !== first.toLowerCase() && first === first.toUpperCase()) ||
      ((first === "a" || first === "e" || first === "u") && articlePrefixed(word));
    const upper = cap && word.length >= 2 && allCapitals(word);
    const prev = out[out.length - 1];
    let sentenceStart = prev === undefined;
    if (!sentenceStart && cap) sentenceStart = startsSentence(text, prevEnd, start, prev?.text ?? "");
    out.push(new Word(start, word, cap, upper, script, sentenceStart));
    prevEnd = end;
  }
  return out;
}
