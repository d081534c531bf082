// Character classes by character code, for scans that would otherwise cut a string to test it with a pattern.

/** What `\s` matches in a regular expression, by character code. */
export function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** A character past Latin-1 (a curly quote, a dash): V8 stores a text holding one two bytes a character. */
const WIDE = /[\u0100-\uffff]/;

/** True when V8 stores the text, and every slice of it, two bytes a character. */
export function isWide(text: string): boolean {
  return WIDE.test(text);
}

/**
 * The same text in V8's narrowest storage (a JSON round trip gives it back one byte a character when its
 * characters allow). V8 compiles a regular expression's one-byte and two-byte code apart, and the two-byte code,
 * compiled late (once the process holds much machine code), runs several times slower: a sentence of an article
 * with one curly quote elsewhere is read faster from its own narrow copy.
 */
export function narrowest(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}
