// Telling a title-case headline from prose: most words capitalised, the small words a headline leaves in lower
// case aside. Used by the extractor (another story's headline glued into the text) and the geoparser (a common
// word capitalised in a headline).

/** Short words a headline leaves in lower case ("Strikes on the Town of X Kill Five"). */
const SMALL_WORDS: ReadonlySet<string> = new Set(
  "a an the of in on at to for and or as by with from after over near into amid".split(" "),
);

/** Length of the longest small word. */
const SMALL_MAX = Math.max(...[...SMALL_WORDS].map((w) => w.length));

/** Share of capitalised words (small words aside) from which a run is a headline, not prose. */
const TITLE_SHARE = 0.75;

/**
 * True when, of the words given that open with a letter and are not small words, at least `minWords` remain
 * and three in four of them are capitalised.
 */
export function mostlyCapitalised(words: readonly string[], minWords: number): boolean {
  let counted = 0;
  let caps = 0;
  for (const w of words) {
    // An ASCII letter first is the first letter (no pattern needed); a small word is short.
    const c = w.charCodeAt(0);
    const ascii = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (!(ascii || /^\P{L}*\p{L}/u.test(w))) continue;
    if (w.length <= SMALL_MAX && SMALL_WORDS.has(w.toLowerCase())) continue;
    counted++;
    if (ascii ? c <= 90 : /^\P{L}*\p{Lu}/u.test(w)) caps++;
  }
  return counted >= minWords && caps / counted >= TITLE_SHARE;
}
