import type { SourcedReport } from "../model.js";
import { eventTypeOf, FUSE_RULES } from "./rules.js";
import { actorKey, dateInterval, isUnknownActor, sameEvent } from "./same-event.js";

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

/** The known actor names of a report (actor1, actor2), normalised. */
function actorKeys(s: SourcedReport): string[] {
  return [s.report.actor1, s.report.actor2]
    .filter((a) => a !== null && !isUnknownActor(a))
    .map((a) => actorKey(a!.name));
}

function compareIds(a: SourcedReport, b: SourcedReport): number {
  const x = a.report.id;
  const y = b.report.id;
  if (x !== y) return x < y ? -1 : 1;
  return a.article.id < b.article.id ? -1 : a.article.id > b.article.id ? 1 : 0;
}

/**
 * Groups reports into events: the connected components of sameEvent (single linkage). Deterministic whatever
 * the input order: each cluster is sorted by report id, clusters by their first report id. Pairs are only
 * compared when their date intervals can overlap and their places are within the largest distance any rule
 * allows (a sweep by start day over a grid), so the cost stays near-linear for reports spread over time and
 * space; reports with an unknown date stay alone.
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
      const interval = dateInterval(s.report.date);
      return interval ? [{ i, interval, loc: s.report.location }] : [];
    })
    .sort((a, b) => a.interval.start - b.interval.start || a.i - b.i);
  // Sweep by start day; the reports still "open" (their end + slack reaches the current start) are kept in a
  // grid of CELL-degree cells, so a located report is only compared with open reports in nearby cells and
  // with open unlocated ones; an unlocated report only with open located reports naming its actor1.
  const cells = new Map<string, Active[]>();
  const unlocated: Active[] = [];
  const byActor = new Map<string, Active[]>();
  const open = (list: Active[], day: number): Active[] => {
    let w = 0;
    for (const x of list) if (x.interval.end + maxSlack >= day) list[w++] = x;
    list.length = w;
    return list;
  };
  const compare = (a: Active, list: readonly Active[]) => {
    for (const b of list) {
      if (find(a.i) !== find(b.i) && sameEvent(sorted[a.i]!, sorted[b.i]!)) union(a.i, b.i);
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
      for (const k of actorKeys(sorted[a.i]!)) {
        const list = byActor.get(k) ?? [];
        list.push(a);
        byActor.set(k, list);
      }
    } else {
      // The no-location rules need the same known actor1 (or the pair crossed): look up by actor.
      const actor1 = sorted[a.i]!.report.actor1;
      if (actor1 && !isUnknownActor(actor1)) {
        const list = byActor.get(actorKey(actor1.name));
        if (list) compare(a, open(list, day));
      }
      unlocated.push(a);
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
