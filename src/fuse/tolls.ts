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

function latest(claims: readonly SourcedClaim[]): SourcedClaim {
  // Latest publication wins; on a tie the more conservative figure, then the claim order.
  let best = claims[0]!;
  for (const c of claims.slice(1)) {
    const byTime = comparePublished(c.published, best.published);
    if (byTime > 0 || (byTime === 0 && (c.high ?? c.low) < (best.high ?? best.low))) best = c;
  }
  return best;
}

/**
 * The toll from a set of claims, or null without claims. low = the smallest low of any claim (every claim is
 * taken as credible; a reviewer rejects the others); high = the largest of (high ?? low); best = the latest
 * claim of the most-cited reporter (the `reported_by` cited by the most articles; ties go to the one whose
 * claim is latest) — rule "best/latest-of-most-cited-reporter" — else, when no claim names a reporter, the
 * latest claim — rule "best/latest-claim". A claim's value is its low, or the midpoint (rounded down) of its range.
 */
export function tollOf(claims: readonly SourcedClaim[]): Toll | null {
  if (claims.length === 0) return null;
  const low = Math.min(...claims.map((c) => c.low));
  const high = Math.max(...claims.map((c) => c.high ?? c.low));
  const articlesByReporter = new Map<string, Set<string>>();
  for (const c of claims) {
    if (!c.reported_by) continue;
    const key = c.reported_by.toLowerCase().trim();
    const set = articlesByReporter.get(key) ?? new Set<string>();
    set.add(c.article_id);
    articlesByReporter.set(key, set);
  }
  const top = Math.max(0, ...[...articlesByReporter.values()].map((s) => s.size));
  const cited = claims.filter(
    (c) => c.reported_by && articlesByReporter.get(c.reported_by.toLowerCase().trim())?.size === top,
  );
  const chosen = latest(cited.length > 0 ? cited : claims);
  const value = chosen.high === null ? chosen.low : Math.floor((chosen.low + chosen.high) / 2);
  return {
    low,
    high,
    best: Math.min(high, Math.max(low, value)),
    rule: cited.length > 0 ? "best/latest-of-most-cited-reporter" : "best/latest-claim",
  };
}

/** The toll counting only the claims published by `asOf` (unknown publication times count), or null. */
export function tollAsOf(claims: readonly SourcedClaim[], asOf: string): Toll | null {
  return tollOf(claims.filter((c) => publishedBy(c.published, asOf)));
}

/** A fused count from claims: the toll, every claim, and the toll after each publication time; null without claims. */
export function fuseCount(claims: readonly SourcedClaim[]): FusedCount | null {
  const sorted = [...claims].sort(compareClaims);
  const toll = tollOf(sorted);
  if (!toll) return null;
  const times: (string | null)[] = [];
  for (const c of sorted)
    if (times.length === 0 || times[times.length - 1] !== c.published) times.push(c.published);
  const history = times.map((at) => {
    const t = tollOf(sorted.filter((c) => comparePublished(c.published, at) <= 0))!;
    return { at, low: t.low, best: t.best, high: t.high };
  });
  return { low: toll.low, best: toll.best, high: toll.high, rule: toll.rule, claims: sorted, history };
}
