/**
 * One regular expression over many table rows, arranged as a first-letter trie. A plain alternation of hundreds of
 * rows makes the engine try every row at every word start; grouping the rows' branches under their first letter
 * ("a(?:ttacks?|ir ?strikes?)|b(?:ombings?|...)") makes it try one letter group there. The rows' order is kept
 * inside each group, so at any position the first row that matches is the same one; branches that start with a
 * class or an escape ("\\d+ ?mm mortars", "\\w+-led jets") cannot be grouped and are tried after the groups.
 * The groups are cut into parts of a few kilobytes each, scanned together (`matchAll`).
 */

/** Table rows as a few regular expressions scanned together, and per row a whole-text test to tell which row matched. */
export interface Alternation {
  /**
   * The first-letter groups, in order, cut into expressions of at most `MAX_PART_SOURCE` characters (global). V8
   * compiles an expression of more than 20 KB of source without its optimisations, so one expression over a large
   * table would make every scan several times slower, and a table could not grow.
   */
  readonly parts: readonly RegExp[];
  /** The branches that cannot be grouped ("\\w+-led jets", tried at every word start), after the groups; or null. */
  readonly ungrouped: RegExp | null;
  /**
   * Finds, in any case, a literal run of every ungrouped branch ("-led ", "mm mortars"): a text where it finds
   * none is not scanned with `ungrouped`. Null when some branch has no such run (then every text is).
   */
  readonly ungroupedHint: RegExp | null;
  readonly rows: readonly RegExp[];
  /**
   * Rows that look ahead past their match ("regime(?= bombing)"): their whole-text test cannot pass, so they are
   * tried where the match stands in its text (sticky), by row index.
   */
  readonly inContext: ReadonlyMap<number, RegExp>;
}

/** The longest source of one part of an alternation (well under V8's 20 KB, so a table can grow). */
export const MAX_PART_SOURCE = 16 * 1024;

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

/** Cuts branches, in order, into runs whose joined source stays within `max` characters (a longer branch alone). */
function chunks(branches: readonly string[], max: number): string[][] {
  const out: string[][] = [];
  let run: string[] = [];
  let size = 0;
  for (const b of branches) {
    if (run.length > 0 && size + b.length + 1 > max) {
      out.push(run);
      run = [];
      size = 0;
    }
    run.push(b);
    size += b.length + 1;
  }
  if (run.length > 0) out.push(run);
  return out;
}

/** Builds the alternation of the fragments: one scan finds every entry, `rows` tell which one matched. */
export function alternation(fragments: readonly string[], maxPart = MAX_PART_SOURCE): Alternation {
  const { grouped, whole } = trieParts(fragments);
  const wrap = (branches: readonly string[]) => new RegExp(`\\b(?:${branches.join("|")})(?![\\w-])`, "gi");
  const literals = whole.map(requiredLiteral);
  return {
    parts: chunks(grouped, maxPart).map(wrap),
    ungrouped: whole.length > 0 ? wrap(whole) : null,
    ungroupedHint:
      whole.length > 0 && literals.every((l) => l !== "")
        ? new RegExp(literals.map(escaped).join("|"), "i")
        : null,
    rows: fragments.map((f) => new RegExp(`^(?:${f})$`, "i")),
    inContext: new Map(
      fragments.flatMap((f, i) => (f.includes("(?=") ? [[i, new RegExp(`(?:${f})`, "iy")] as const] : [])),
    ),
  };
}

/** The alternation's expressions to scan a text with, in order: the ungrouped branches only where they can match. */
function patternsFor(alt: Alternation, text: string): readonly RegExp[] {
  const { parts, ungrouped, ungroupedHint } = alt;
  return ungrouped !== null && (ungroupedHint === null || ungroupedHint.test(text))
    ? [...parts, ungrouped]
    : parts;
}

/**
 * Every match of the alternation in `text`, as one expression of all its branches in order would find them: the
 * leftmost match first, at one start the branch first in order, the scan going on after each match.
 */
export function matchAll(alt: Alternation, text: string): RegExpExecArray[] {
  const patterns = patternsFor(alt, text);
  const next = (re: RegExp, from: number): RegExpExecArray | null => {
    re.lastIndex = from;
    return re.exec(text);
  };
  const pending = patterns.map((re) => next(re, 0));
  const out: RegExpExecArray[] = [];
  for (;;) {
    let pick = -1;
    for (const [i, m] of pending.entries())
      if (m && (pick < 0 || m.index < (pending[pick] as RegExpExecArray).index)) pick = i;
    const m = pending[pick];
    if (!m) break;
    if (m[0] !== "") out.push(m);
    const from = m.index + Math.max(1, m[0].length);
    for (const [i, p] of pending.entries())
      if (p && p.index < from) pending[i] = next(patterns[i] as RegExp, from);
  }
  for (const re of patterns) re.lastIndex = 0;
  return out;
}
