// End-anchored patterns ("...\s+of\s+$") tried once, backwards from the end of the string.

/** Whether a string ends with what a pattern describes. */
export interface TailPattern {
  test(s: string): boolean;
}

/**
 * `re`, whose every branch ends in `$` (and without the `m` flag), as a lookbehind tried once at the end of the
 * string: the same answers as `re.test(s)`, without trying the pattern from every start position.
 */
export function tailPattern(re: RegExp): TailPattern {
  if (re.multiline || !re.source.endsWith("$"))
    throw new Error(`tailPattern: expected a pattern anchored at the end of the string, got ${re}`);
  const back = new RegExp(`(?<=${re.source})`, `${re.flags.replace(/[gy]/g, "")}y`);
  return {
    test(s) {
      back.lastIndex = s.length;
      return back.test(s);
    },
  };
}
