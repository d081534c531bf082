import type { SourcedReport } from "../model.js";
import { FUSE_RULES } from "./rules.js";
import { dateInterval, sameEvent } from "./same-event.js";

function compareIds(a: SourcedReport, b: SourcedReport): number {
  const x = a.report.id;
  const y = b.report.id;
  if (x !== y) return x < y ? -1 : 1;
  return a.article.id < b.article.id ? -1 : a.article.id > b.article.id ? 1 : 0;
}

/**
 * Groups reports into events: the connected components of sameEvent (single linkage). Deterministic whatever
 * the input order: each cluster is sorted by report id, clusters by their first report id. Pairs are only
 * compared when their date intervals can overlap (a sweep over reports sorted by start day), so the cost is
 * near-linear for reports spread over time; reports with an unknown date stay alone.
 */
export function clusterReports(reports: readonly SourcedReport[]): SourcedReport[][] {
  const sorted = [...reports].sort(compareIds);
  const parent = sorted.map((_, i) => i);
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r]!;
    let j = i;
    while (parent[j] !== r) {
      const next = parent[j]!;
      parent[j] = r;
      j = next;
    }
    return r;
  };
  const union = (a: number, b: number) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const maxSlack = Math.max(...Object.values(FUSE_RULES.dateSlackDays), FUSE_RULES.inferredDateSlackDays);
  const dated = sorted
    .map((s, i) => ({ i, interval: dateInterval(s.report.date) }))
    .filter((x): x is { i: number; interval: { start: number; end: number } } => x.interval !== null)
    .sort((a, b) => a.interval.start - b.interval.start || a.i - b.i);
  for (let p = 0; p < dated.length; p++) {
    const a = dated[p]!;
    for (let q = p + 1; q < dated.length; q++) {
      const b = dated[q]!;
      if (b.interval.start - maxSlack > a.interval.end) break;
      if (find(a.i) !== find(b.i) && sameEvent(sorted[a.i]!, sorted[b.i]!)) union(a.i, b.i);
    }
  }
  const groups = new Map<number, SourcedReport[]>();
  sorted.forEach((s, i) => {
    const root = find(i);
    const group = groups.get(root) ?? [];
    group.push(s);
    groups.set(root, group);
  });
  // Roots are the smallest index of each component, and `sorted` is in id order, so this order is canonical.
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([, g]) => g);
}
