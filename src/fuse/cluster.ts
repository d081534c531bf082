import type { SourcedReport } from "../model.js";
import { eventTypeOf, FUSE_RULES } from "./rules.js";
import { coarseness, fusionInterval, sameEvent } from "./same-event.js";

/** Grid cell size in degrees for the spatial blocking of the sweep. */
const CELL = 1;
const COLS = 360 / CELL;

interface Active {
  readonly i: number;
  readonly interval: { readonly start: number; readonly end: number };
  readonly loc: { readonly lat: number; readonly lon: number } | null;
}

function cellOf(loc: { lat: number; lon: number }): [number, number] {
  return [Math.floor(loc.lat / CELL), Math.floor(((((loc.lon + 180) % 360) + 360) % 360) / CELL)];
}

/**
 * A person's decisions on pairs of report ids (a manual merge or split, src/store/reviews.ts): `same` pairs are in
 * one event whatever the rules say, `apart` pairs are never in one event (apart wins over same).
 */
export interface FusionConstraints {
  readonly same: readonly (readonly [string, string])[];
  readonly apart: readonly (readonly [string, string])[];
}

/** No decisions: fusion by the rules alone. */
export const NO_CONSTRAINTS: FusionConstraints = { same: [], apart: [] };

/** The constraints as index pairs into the sorted reports (pairs naming an absent report dropped), sorted. */
function constraintIndices(
  sorted: readonly SourcedReport[],
  constraints: FusionConstraints,
): { same: [number, number][]; apart: Map<number, number[]> } {
  const index = new Map<string, number>();
  sorted.forEach((s, i) => {
    if (!index.has(s.report.id)) index.set(s.report.id, i);
  });
  const pairs = (list: readonly (readonly [string, string])[]) =>
    list
      .map(([a, b]) => [index.get(a), index.get(b)] as const)
      .filter(
        (p): p is readonly [number, number] => p[0] !== undefined && p[1] !== undefined && p[0] !== p[1],
      )
      .map(([a, b]): [number, number] => (a < b ? [a, b] : [b, a]))
      .sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  const apart = new Map<number, number[]>();
  for (const [a, b] of pairs(constraints.apart)) {
    apart.set(a, [...(apart.get(a) ?? []), b]);
    apart.set(b, [...(apart.get(b) ?? []), a]);
  }
  return { same: pairs(constraints.same), apart };
}

/** Orders reports by report id, then article id (the canonical order of clusters). */
export function compareIds(a: SourcedReport, b: SourcedReport): number {
  const x = a.report.id;
  const y = b.report.id;
  if (x !== y) return x < y ? -1 : 1;
  return a.article.id < b.article.id ? -1 : a.article.id > b.article.id ? 1 : 0;
}

/** True when a report is coarse (coarseness > 0: a date coarser than a day, no place, or only a region): it may attach to one event, never bridge two. */
export function isCoarse(s: SourcedReport): boolean {
  return coarseness(s.report) > 0;
}

/** Days from the end of one interval to the start of the other (0 when they overlap). */
function gapDays(a: SourcedReport, b: SourcedReport): number {
  const ia = fusionInterval(a)!;
  const ib = fusionInterval(b)!;
  return Math.max(0, ib.start - ia.end, ia.start - ib.end);
}

/**
 * Joins the sameEvent pairs (`edges`, index pairs into the id-sorted reports) without chaining distinct events
 * and never putting two reports of one article in one event, deterministically whatever the input order:
 * 1. fine reports (dated to the day, placed at a town) are joined pair by pair, closest dates first (ties by
 *    report ids), and only while the joined event's dates span at most `maxSpanDays` (rules.json), so near-daily
 *    events in one place stay apart however many reports link them one day to the next;
 * 2. each coarse report (isCoarse: dated to a week or more, or placed nowhere or only at a region) then joins
 *    the one event of fine reports it matches best (the most matching reports, ties to the event with the
 *    smallest report id, never one holding a report of its own article), so it can never bridge two events;
 * 3. coarse reports that match no fine report are joined among themselves, again closest first and only
 *    while the span stays within the longest member's interval plus `maxSpanDays`.
 */
function linkWithoutChains(
  sorted: readonly SourcedReport[],
  edges: readonly (readonly [number, number])[],
  constraints: FusionConstraints,
): number[] {
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
  const maxSpan = FUSE_RULES.maxSpanDays;
  const span = sorted.map((s) => {
    const iv = fusionInterval(s);
    return iv ? { start: iv.start, end: iv.end, longest: iv.end - iv.start } : null;
  });
  // The articles of each event (by root): two reports of one article never end up in one event, not even
  // through a third report that matches both.
  const articles = sorted.map((s) => new Set([s.article.id]));
  const shareArticle = (ra: number, rb: number) => [...articles[ra]!].some((id) => articles[rb]!.has(id));
  // A person's decisions (see FusionConstraints): the members of each event (by root) and the reports it may
  // never hold.
  const { same, apart } = constraintIndices(sorted, constraints);
  const members = sorted.map((_, i) => [i]);
  const forbidden = sorted.map((_, i) => new Set(apart.get(i) ?? []));
  const keptApart = (ra: number, rb: number) => members[rb]!.some((i) => forbidden[ra]!.has(i));
  const adopt = (root: number, child: number) => {
    parent[child] = root;
    for (const id of articles[child]!) articles[root]!.add(id);
    members[root]!.push(...members[child]!);
    for (const i of forbidden[child]!) forbidden[root]!.add(i);
  };
  const spanOf = (ra: number, rb: number) => {
    const [x, y] = [span[ra], span[rb]];
    if (!x || !y) return x ?? y ?? null;
    return {
      start: Math.min(x.start, y.start),
      end: Math.max(x.end, y.end),
      longest: Math.max(x.longest, y.longest),
    };
  };
  // Reports a person put in one event are one event first, whatever the rules say (but never past an `apart`).
  for (const [a, b] of same) {
    const [ra, rb] = [find(a), find(b)];
    if (ra === rb || keptApart(ra, rb)) continue;
    const [root, child] = ra < rb ? [ra, rb] : [rb, ra];
    span[root] = spanOf(root, child);
    adopt(root, child);
  }
  const join = (a: number, b: number): boolean => {
    const [ra, rb] = [find(a), find(b)];
    if (ra === rb) return true;
    if (shareArticle(ra, rb) || keptApart(ra, rb)) return false;
    const [x, y] = [span[ra]!, span[rb]!];
    const merged = {
      start: Math.min(x.start, y.start),
      end: Math.max(x.end, y.end),
      longest: Math.max(x.longest, y.longest),
    };
    if (merged.end - merged.start > merged.longest + maxSpan) return false;
    const [root, child] = ra < rb ? [ra, rb] : [rb, ra];
    adopt(root, child);
    span[root] = merged;
    return true;
  };
  const byGap = (list: (readonly [number, number])[]) =>
    list
      .map((e) => ({ e, gap: gapDays(sorted[e[0]]!, sorted[e[1]]!) }))
      .sort((p, q) => p.gap - q.gap || p.e[0] - q.e[0] || p.e[1] - q.e[1])
      .map((p) => p.e);
  const coarse = sorted.map(isCoarse);
  for (const [a, b] of byGap(edges.filter(([a, b]) => !coarse[a] && !coarse[b]))) join(a, b);
  // Coarse reports pick one event among the day-precise ones they match (decided before any of them joins).
  const matches = new Map<number, Map<number, number>>();
  for (const [a, b] of edges) {
    if (coarse[a] === coarse[b]) continue;
    const [c, f] = coarse[a] ? [a, b] : [b, a];
    const byRoot = matches.get(c) ?? new Map<number, number>();
    byRoot.set(find(f), (byRoot.get(find(f)) ?? 0) + 1);
    matches.set(c, byRoot);
  }
  const attached = new Set<number>();
  for (const [c, byRoot] of [...matches.entries()].sort(([a], [b]) => a - b)) {
    const rc = find(c);
    const best = [...byRoot.entries()]
      .filter(([root]) => find(root) !== rc && !shareArticle(find(root), rc) && !keptApart(find(root), rc))
      .sort(([ra, na], [rb, nb]) => nb - na || ra - rb)[0];
    if (!best) continue;
    adopt(find(best[0]), rc);
    attached.add(c);
  }
  const loose = edges.filter(([a, b]) => coarse[a] && coarse[b] && !attached.has(a) && !attached.has(b));
  for (const [a, b] of byGap(loose)) join(a, b);
  return sorted.map((_, i) => find(i));
}

/**
 * The events of reports sorted by id, given every sameEvent pair among them (`edges`, index pairs): the pairs
 * joined by linkWithoutChains; each cluster in id order, clusters by their first report id.
 */
export function groupLinked(
  sorted: readonly SourcedReport[],
  edges: readonly (readonly [number, number])[],
  constraints: FusionConstraints = NO_CONSTRAINTS,
): SourcedReport[][] {
  const seen = new Set<number>();
  const unique = edges.filter(([a, b]) => {
    const k = a * sorted.length + b;
    return !seen.has(k) && seen.add(k) !== undefined;
  });
  const roots = linkWithoutChains(sorted, unique, constraints);
  const groups = new Map<number, SourcedReport[]>();
  sorted.forEach((s, i) => {
    const group = groups.get(roots[i]!) ?? [];
    group.push(s);
    groups.set(roots[i]!, group);
  });
  // Members were pushed in index order and `sorted` is in id order: ordering by first member is canonical.
  return [...groups.values()].sort((a, b) => compareIds(a[0]!, b[0]!));
}

/**
 * Groups reports into events: sameEvent pairs joined without chaining distinct events (see linkWithoutChains:
 * day-precise events span at most a few days, a coarse report joins at most one event). Deterministic whatever
 * the input order: each cluster is sorted by report id, clusters by their first report id. Pairs are only
 * compared when their date intervals can overlap and their places are within the largest distance any rule
 * allows (a sweep by start day over a grid), so the cost stays near-linear for reports spread over time and
 * space; reports with an unknown date stay alone.
 */
export function clusterReports(
  reports: readonly SourcedReport[],
  constraints: FusionConstraints = NO_CONSTRAINTS,
): SourcedReport[][] {
  const sorted = [...reports].sort(compareIds);
  const maxSlack = Math.max(...Object.values(FUSE_RULES.dateSlackDays), FUSE_RULES.inferredDateSlackDays);
  // The grid covers the distance rules; the wider same-admin1 rule is served by an index on country/admin1.
  const maxKm = Math.max(...Object.values(FUSE_RULES.maxKm));
  const byAdmin1 = new Map<string, Active[]>();
  const admin1Key = (s: SourcedReport): string | null => {
    const loc = s.report.location;
    if (!loc?.admin1 || !FUSE_RULES.sameAdmin1.eventTypes.has(eventTypeOf(s.report.sub_event_type)))
      return null;
    return `${loc.country_code ?? ""}/${loc.admin1}`;
  };
  const dated: Active[] = sorted
    .flatMap((s, i) => {
      const interval = fusionInterval(s);
      return interval ? [{ i, interval, loc: s.report.location }] : [];
    })
    .sort((a, b) => a.interval.start - b.interval.start || a.i - b.i);
  // Sweep by start day; the reports still "open" (their end + slack reaches the current start) are kept in a
  // grid of CELL-degree cells, so a located report is only compared with open reports in nearby cells and
  // with open unlocated ones; an unlocated report with every open report.
  const cells = new Map<string, Active[]>();
  const unlocated: Active[] = [];
  const located: Active[] = [];
  const open = (list: Active[], day: number): Active[] => {
    let w = 0;
    for (const x of list) if (x.interval.end + maxSlack >= day) list[w++] = x;
    list.length = w;
    return list;
  };
  const edges: [number, number][] = [];
  const compare = (a: Active, list: readonly Active[]) => {
    for (const b of list) {
      if (sameEvent(sorted[a.i]!, sorted[b.i]!)) edges.push(a.i < b.i ? [a.i, b.i] : [b.i, a.i]);
    }
  };
  for (const a of dated) {
    const day = a.interval.start;
    compare(a, open(unlocated, day));
    if (a.loc) {
      const [row, col] = cellOf(a.loc);
      const latEdge = Math.min(89, Math.abs(a.loc.lat) + CELL);
      const cols = Math.min(COLS, Math.ceil(maxKm / (111.195 * Math.cos((latEdge * Math.PI) / 180) * CELL)));
      const rows = Math.ceil(maxKm / (111.195 * CELL));
      const seen = new Set<number>();
      for (let r = row - rows; r <= row + rows; r++) {
        for (let dc = -cols; dc <= cols; dc++) {
          const c = (((col + dc) % COLS) + COLS) % COLS;
          if (seen.has(r * COLS + c)) continue;
          seen.add(r * COLS + c);
          const list = cells.get(`${r}:${c}`);
          if (list) compare(a, open(list, day));
        }
      }
      const a1 = admin1Key(sorted[a.i]!);
      if (a1 !== null) {
        const list = byAdmin1.get(a1) ?? [];
        compare(a, open(list, day));
        list.push(a);
        byAdmin1.set(a1, list);
      }
      const key = `${row}:${col}`;
      const list = cells.get(key) ?? [];
      list.push(a);
      cells.set(key, list);
      located.push(a);
    } else {
      compare(a, open(located, day));
      unlocated.push(a);
    }
  }
  return groupLinked(sorted, edges, constraints);
}
