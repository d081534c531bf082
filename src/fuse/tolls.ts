import type { Count, FusedCount, SourcedClaim, SourcedReport } from "../model.js";

/** A toll: low (smallest credible), best (by `rule`), high (largest). */
export interface Toll {
  readonly low: number;
  readonly best: number;
  readonly high: number;
  readonly rule: string;
}

/** Orders ISO publication times; null (unknown) sorts first, as the oldest. */
export function comparePublished(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

/** True when something published at `published` was out by `asOf` (a date or date-time; unknown times count as out). */
export function publishedBy(published: string | null, asOf: string): boolean {
  return published === null || published.slice(0, asOf.length) <= asOf;
}

/** Orders claims: by publication time, then outlet, report id and evidence offset (a total, stable order). */
export function compareClaims(a: SourcedClaim, b: SourcedClaim): number {
  return (
    comparePublished(a.published, b.published) ||
    (a.outlet ?? "").localeCompare(b.outlet ?? "") ||
    (a.report_id < b.report_id ? -1 : a.report_id > b.report_id ? 1 : 0) ||
    a.evidence.start - b.evidence.start ||
    a.low - b.low ||
    (a.high ?? -1) - (b.high ?? -1)
  );
}

/** The claims of one count (fatalities or injuries) across reports, each with its article; a count without claims gives one. */
export function sourcedClaims(
  reports: readonly SourcedReport[],
  pick: (s: SourcedReport) => Count | null,
): SourcedClaim[] {
  const out: SourcedClaim[] = [];
  for (const s of reports) {
    const count = pick(s);
    if (!count) continue;
    const claims =
      count.claims.length > 0
        ? count.claims
        : [
            {
              low: count.low,
              high: count.high,
              who: null,
              reported_by: null,
              evidence: { start: 0, end: 0 },
            },
          ];
    for (const c of claims) {
      out.push({
        ...c,
        article_id: s.article.id,
        report_id: s.report.id,
        outlet: s.article.outlet,
        published: s.article.published,
      });
    }
  }
  return out.sort(compareClaims);
}

/** A claim's figure for "latest" ties: the more conservative (smaller) one wins. */
function figure(c: SourcedClaim): number {
  return c.high ?? c.low;
}

/** True when `c` (seen after `best`) is later: published later, or at the same time with a smaller figure. */
function later(c: SourcedClaim, best: SourcedClaim): boolean {
  const byTime = comparePublished(c.published, best.published);
  return byTime > 0 || (byTime === 0 && figure(c) < figure(best));
}

/**
 * The toll of a growing set of claims, updated claim by claim (add) and read at any point (toll) without
 * going over the claims again: running low and high, the latest claim overall, and per reporter the articles
 * citing it and its latest claim. Claims are taken in the order added (ties of "latest" go to the first added).
 */
export class TollAccumulator {
  private low = Number.POSITIVE_INFINITY;
  private high = Number.NEGATIVE_INFINITY;
  private latest: SourcedClaim | null = null;
  private readonly reporters = new Map<
    string,
    { articles: Set<string>; latest: SourcedClaim; seq: number }
  >();
  private top = 0;
  private seq = 0;

  /** Takes one more claim into the toll (a part of an article's toll, `part`, bounds nothing and is skipped). */
  add(c: SourcedClaim): void {
    if (c.part) return;
    this.seq++;
    this.low = Math.min(this.low, c.low);
    this.high = Math.max(this.high, figure(c));
    if (this.latest === null || later(c, this.latest)) this.latest = c;
    if (!c.reported_by) return;
    const key = c.reported_by.toLowerCase().trim();
    const entry = this.reporters.get(key);
    if (!entry) {
      this.reporters.set(key, { articles: new Set([c.article_id]), latest: c, seq: this.seq });
      this.top = Math.max(this.top, 1);
      return;
    }
    entry.articles.add(c.article_id);
    this.top = Math.max(this.top, entry.articles.size);
    if (later(c, entry.latest)) {
      entry.latest = c;
      entry.seq = this.seq;
    }
  }

  /** The toll of the claims added so far (see tollOf), or null before the first. */
  toll(): Toll | null {
    if (this.latest === null) return null;
    let chosen: { latest: SourcedClaim; seq: number } | null = null;
    if (this.top > 0) {
      for (const entry of this.reporters.values()) {
        if (entry.articles.size !== this.top) continue;
        const wins =
          chosen === null ||
          later(entry.latest, chosen.latest) ||
          (!later(chosen.latest, entry.latest) && entry.seq < chosen.seq);
        if (wins) chosen = entry;
      }
    }
    const c = chosen?.latest ?? this.latest;
    const value = c.high === null ? c.low : Math.floor((c.low + c.high) / 2);
    return {
      low: this.low,
      high: this.high,
      best: Math.min(this.high, Math.max(this.low, value)),
      rule: chosen ? "best/latest-of-most-cited-reporter" : "best/latest-claim",
    };
  }
}

/**
 * The toll from a set of claims, or null without claims. Claims marked `part` (a part of an article's toll)
 * bound nothing. low = the smallest low of any other claim (every claim is taken as credible; a reviewer
 * rejects the others); high = the largest of (high ?? low); best = the latest
 * claim of the most-cited reporter (the `reported_by` cited by the most articles; ties go to the one whose
 * claim is latest) — rule "best/latest-of-most-cited-reporter" — else, when no claim names a reporter, the
 * latest claim — rule "best/latest-claim". A claim's value is its low, or the midpoint (rounded down) of its range.
 */
export function tollOf(claims: readonly SourcedClaim[]): Toll | null {
  const acc = new TollAccumulator();
  for (const c of claims) acc.add(c);
  return acc.toll();
}

/** The toll counting only the claims published by `asOf` (unknown publication times count), or null. */
export function tollAsOf(claims: readonly SourcedClaim[], asOf: string): Toll | null {
  return tollOf(claims.filter((c) => publishedBy(c.published, asOf)));
}

/** A fused count from claims: the toll, every claim, and the toll after each publication time; null without claims. */
export function fuseCount(claims: readonly SourcedClaim[]): FusedCount | null {
  const sorted = [...claims].sort(compareClaims);
  if (sorted.length === 0) return null;
  // One pass in publication order: the toll after each publication time is read off a running accumulator.
  const acc = new TollAccumulator();
  const history: { at: string | null; low: number; best: number; high: number }[] = [];
  sorted.forEach((c, i) => {
    acc.add(c);
    const next = sorted[i + 1];
    if (next === undefined || next.published !== c.published) {
      const t = acc.toll();
      if (t) history.push({ at: c.published, low: t.low, best: t.best, high: t.high });
    }
  });
  // Every article's count bounds its toll with at least one claim that is no part; parts alone give none.
  const toll = acc.toll();
  if (!toll) return null;
  return { low: toll.low, best: toll.best, high: toll.high, rule: toll.rule, claims: sorted, history };
}
