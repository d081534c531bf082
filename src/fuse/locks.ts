// Which space-time cells a batch of new reports may fuse in (pure), so concurrent writers serialise only
// where their reports could meet. Derived from candidateWindow, the one place that says how far fusion looks.
import type { SourcedReport } from "../model.js";
import { dayNumber } from "../util/days.js";
import { FUSE_RULES, type FuseRules } from "./rules.js";
import { candidateWindow, fusionInterval } from "./same-event.js";

/** One advisory lock: a namespace and a key (PostgreSQL's two-int form), shared or exclusive. */
export interface FusionLock {
  readonly space: number;
  readonly key: number;
  readonly shared: boolean;
}

/** Days per time bucket and degrees per cell side of the lock grid: coarse, so a batch takes a few hundred keys (PostgreSQL shares about 6,400 lock slots among all transactions). */
export const LOCK_GRID = { days: 28, degrees: 5 } as const;

/** Lock namespaces: everything (the escalation), a time bucket, a time bucket × grid cell. */
const SPACE = { all: 7461207, bucket: 7461208, cell: 7461209, event: 7461210 } as const;

/** The store-wide lock: every writer holds it shared; a review, or a batch past MAX_KEYS, holds it exclusive. */
export const STORE_LOCK: FusionLock = { space: SPACE.all, key: 0, shared: true };

/** More keys than this in one batch and it takes the whole store instead (one exclusive lock). */
const MAX_KEYS = 1000;

/** A 31-bit key of a bucket and a grid cell (collisions only make two writers wait for each other). */
function cellKey(bucket: number, row: number, col: number): number {
  let h = 2166136261;
  for (const n of [bucket, row, col]) {
    h ^= n & 0xffff;
    h = Math.imul(h, 16777619);
    h ^= n >>> 16;
    h = Math.imul(h, 16777619);
  }
  return h & 0x7fffffff;
}

/** The time buckets of an inclusive interval of `YYYY-MM-DD` days (empty when either end is unknown). */
function buckets(from: string | null, to: string | null): number[] {
  const start = from === null ? null : dayNumber(from);
  const end = to === null ? null : dayNumber(to);
  if (start === null || end === null) return [];
  const out: number[] = [];
  for (let b = Math.floor(start / LOCK_GRID.days); b <= Math.floor(end / LOCK_GRID.days); b++) out.push(b);
  return out;
}

const cellOf = (degrees: number) => Math.floor(degrees / LOCK_GRID.degrees);

/**
 * The locks a writer takes before fusing `reports`, in the order it must take them (sorted, so two writers
 * never wait on each other in a cycle). Every writer holds the store-wide key shared. A located report holds
 * exclusive its own place (the buckets of its own interval × its grid cell) and shared what its candidate
 * window covers (the window's buckets, and its buckets × cells); an unlocated report, which may fuse with
 * anything in its time, holds its window's buckets exclusive; an undated one fuses with nothing and locks
 * nothing more. So two reports that could be candidates of each other always conflict on a key (each window
 * covers the other's own place and time), and writers elsewhere go on. Past MAX_KEYS the batch takes the
 * store-wide key exclusive instead.
 */
export function fusionLocks(reports: readonly SourcedReport[], rules: FuseRules = FUSE_RULES): FusionLock[] {
  const modes = new Map<string, FusionLock>();
  const add = (space: number, key: number, shared: boolean) => {
    const id = `${space}:${key}`;
    const was = modes.get(id);
    if (!was || (was.shared && !shared)) modes.set(id, { space, key, shared });
  };
  for (const s of reports) {
    const window = candidateWindow(s, rules);
    const loc = s.report.location;
    for (const b of buckets(window.from, window.to)) {
      add(SPACE.bucket, b, window.bbox !== null);
      if (!window.bbox) continue;
      const [west, south, east, north] = window.bbox;
      for (let r = cellOf(south); r <= cellOf(north); r++) {
        for (let c = cellOf(west); c <= cellOf(east); c++) add(SPACE.cell, cellKey(b, r, c), true);
      }
    }
    const own = fusionInterval(s, rules);
    if (loc && own && window.bbox) {
      for (let b = Math.floor(own.start / LOCK_GRID.days); b <= Math.floor(own.end / LOCK_GRID.days); b++) {
        add(SPACE.cell, cellKey(b, cellOf(loc.lat), cellOf(loc.lon)), false);
      }
    }
    if (modes.size > MAX_KEYS) return [{ ...STORE_LOCK, shared: false }];
  }
  return [STORE_LOCK, ...[...modes.values()].sort((a, b) => a.space - b.space || a.key - b.key)];
}

/** A 31-bit key of an event id. */
function eventKey(id: string): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h & 0x7fffffff;
}

/**
 * Exclusive locks on stored events a batch re-clusters, sorted. Taken after the cell locks: two writers whose
 * new reports lie far apart may still touch one event from either end; the second waits for the first and
 * reads its members again.
 */
export function eventLocks(ids: readonly string[]): FusionLock[] {
  const keys = [...new Set(ids.map(eventKey))].sort((a, b) => a - b);
  return keys.map((key) => ({ space: SPACE.event, key, shared: false }));
}
