/**
 * One regular expression over many table rows, arranged as a first-letter trie. A plain alternation of hundreds of
 * rows makes the engine try every row at every word start; grouping the rows' branches under their first letter
 * ("a(?:ttacks?|ir ?strikes?)|b(?:ombings?|...)") makes it try one letter group there. The rows' order is kept
 * inside each group, so at any position the first row that matches is the same one; branches that start with a
 * class or an escape ("\\d+ ?mm mortars", "\\w+-led jets") cannot be grouped and are tried after the groups.
 */

/** One regular expression over many table rows, and per row a whole-text test to tell which row matched. */
export interface Alternation {
  readonly pattern: RegExp;
  /**
   * The pattern without its ungrouped branches ("\\w+-led jets" is tried at every word start and backtracks
   * over the word), for texts where `ungroupedHint` finds none of their literal words: there the two patterns
   * find the same matches. The pattern itself when every branch is grouped.
   */
  readonly lean: RegExp;
  /** Finds, in any case, a literal run of every ungrouped branch ("-led ", "mm mortars"); null when `lean` is `pattern`. */
  readonly ungroupedHint: RegExp | null;
  readonly rows: readonly RegExp[];
  /**
   * Rows that look ahead past their match ("regime(?= bombing)"): their whole-text test cannot pass, so they are
   * tried where the match stands in its text (sticky), by row index.
   */
  readonly inContext: ReadonlyMap<number, RegExp>;
}

/**
 * Walks a pattern source from `from`, calling `visit` on every character outside escapes and character classes
 * with the group depth after it; stops where `visit` returns true and gives that index, else -1.
 */
function walk(
  source: string,
  from: number,
  visit: (c: string, at: number, depth: number) => boolean,
): number {
  let depth = 0;
  let inClass = false;
  for (let i = from; i < source.length; i++) {
    const c = source[i] as string;
    if (c === "\\") {
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") inClass = true;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    if (visit(c, i, depth)) return i;
  }
  return -1;
}

/** The top-level alternatives of a pattern source ("a|(?:b|c)d" → ["a", "(?:b|c)d"]). */
export function topLevelBranches(source: string): string[] {
  const cuts: number[] = [];
  walk(source, 0, (c, at, depth) => {
    if (c === "|" && depth === 0) cuts.push(at);
    return false;
  });
  return [-1, ...cuts].map((cut, k) => source.slice(cut + 1, cuts[k] ?? source.length));
}

/** Index of the parenthesis that closes the group opening at `open`, or -1. */
function groupEnd(source: string, open: number): number {
  return walk(source, open, (c, _at, depth) => c === ")" && depth === 0);
}

/** A branch split into its literal first character (lower case) and the rest, or kept whole (`first` null). */
export interface Split {
  readonly first: string | null;
  readonly rest: string;
}

const QUANTIFIER = /^[?*+{]/;
const LITERAL_FIRST = /^[a-zA-Z0-9 '\u2019-]/;

/**
 * Splits a branch by its first character, opening a leading non-capturing group into one branch per alternative
 * ("(?:roadside|car) bombs?" → "r"+"oadside bombs?", "c"+"ar bombs?"; an optional group also gives the branch
 * without it). A branch that starts with anything else is kept whole.
 */
export function splitFirst(branch: string): Split[] {
  if (branch.startsWith("(?:")) {
    const end = groupEnd(branch, 0);
    const after = branch[end + 1] ?? "";
    if (end < 0 || /^[*+{]/.test(after)) return [{ first: null, rest: branch }];
    const optional = after === "?";
    const rest = branch.slice(end + (optional ? 2 : 1));
    const inner = topLevelBranches(branch.slice(3, end)).flatMap((alt) => splitFirst(alt + rest));
    return optional ? [...inner, ...splitFirst(rest)] : inner;
  }
  const c = branch[0];
  if (c === undefined || !LITERAL_FIRST.test(c) || QUANTIFIER.test(branch.slice(1)))
    return [{ first: null, rest: branch }];
  return [{ first: c.toLowerCase(), rest: branch.slice(1) }];
}

/** Escapes a first character for use as a literal in a pattern. */
function literal(c: string): string {
  return /[a-z0-9 ]/.test(c) ? c : `\\${c}`;
}

/** The trie source of the fragments (rows in order), without word boundaries. */
export function trieSource(fragments: readonly string[]): string {
  const { grouped, whole } = trieParts(fragments);
  return [...grouped, ...whole].join("|");
}

/** The trie's first-letter groups, and the branches that cannot be grouped (tried after them), in order. */
function trieParts(fragments: readonly string[]): { grouped: string[]; whole: string[] } {
  const groups = new Map<string, string[]>();
  const whole: string[] = [];
  for (const fragment of fragments)
    for (const branch of topLevelBranches(fragment))
      for (const { first, rest } of splitFirst(branch)) {
        if (first === null) {
          whole.push(rest);
          continue;
        }
        const group = groups.get(first);
        if (group) group.push(rest);
        else groups.set(first, [rest]);
      }
  const grouped = [...groups].map(([first, rests]) => `${literal(first)}(?:${rests.join("|")})`);
  return { grouped, whole };
}

const PLAIN_CHAR = /[a-zA-Z0-9 '\u2019-]/;

/**
 * The longest run of literal characters a branch must contain: plain characters outside groups and classes, none
 * made optional or repeated by a quantifier; "" when it has none of two characters or more.
 */
export function requiredLiteral(branch: string): string {
  let best = "";
  let run = "";
  let last = -1;
  let inBraces = false;
  walk(branch, 0, (c, at, depth) => {
    // An escape or a class between two characters (skipped by the walk) ends the run, as does a counted repeat.
    const next = at === last + 1;
    last = at;
    if (c === "{") inBraces = true;
    const plain = !inBraces && depth === 0 && c !== "(" && PLAIN_CHAR.test(c);
    if (c === "}") inBraces = false;
    // A quantifier after a character takes it out of the run ("s?": the "s" is optional).
    if (plain && next && !QUANTIFIER.test(branch.slice(at + 1))) run += c;
    else {
      if (run.length > best.length) best = run;
      run = plain && !QUANTIFIER.test(branch.slice(at + 1)) ? c : "";
    }
    return false;
  });
  if (run.length > best.length) best = run;
  return best.length >= 2 ? best : "";
}

/** Escapes a literal for use in a pattern. */
function escaped(text: string): string {
  return text.replace(/[-\\^$.*+?()[\]{}|]/g, "\\$&");
}

/** Builds the alternation of the fragments: one scan finds every entry, `rows` tell which one matched. */
export function alternation(fragments: readonly string[]): Alternation {
  const { grouped, whole } = trieParts(fragments);
  const wrap = (branches: readonly string[]) => new RegExp(`\\b(?:${branches.join("|")})(?![\\w-])`, "gi");
  const pattern = wrap([...grouped, ...whole]);
  const literals = whole.map(requiredLiteral);
  const leanable = whole.length > 0 && grouped.length > 0 && literals.every((l) => l !== "");
  return {
    pattern,
    lean: leanable ? wrap(grouped) : pattern,
    ungroupedHint: leanable ? new RegExp(literals.map(escaped).join("|"), "i") : null,
    rows: fragments.map((f) => new RegExp(`^(?:${f})$`, "i")),
    inContext: new Map(
      fragments.flatMap((f, i) => (f.includes("(?=") ? [[i, new RegExp(`(?:${f})`, "iy")] as const] : [])),
    ),
  };
}

/** The alternation's pattern to scan a text with: the lean one when no ungrouped branch can match in it. */
export function patternFor(alt: Alternation, text: string): RegExp {
  return alt.ungroupedHint === null || alt.ungroupedHint.test(text) ? alt.pattern : alt.lean;
}
