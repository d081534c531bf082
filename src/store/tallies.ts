// Tallies: counts the store keeps as events are written, so the whole-store views (the timeline of all time, map
// clusters of the world) aggregate thousands of tally rows instead of every event. Two tables (migration 0013):
// day tallies per (first day, type, sub-type, certainty, status, background) and cell tallies per (tally level, cell
// of that level, the same keys, country). Statement-level triggers on events (transition tables) add what a
// statement wrote and take away what it replaced or deleted, on every write path (fusion, reviews, merges, splits,
// the benches' bulk seeds). A read uses them only when its filter is one they can answer exactly (tallyFilter).
import { type Expression, type SqlBool, sql } from "kysely";
import type { EventFilter } from "./events.js";

/**
 * The zooms whose map cells the cell tallies keep, coarsest first: a level-L cell is 360 / 2^L / 4 = 90 / 2^L degrees
 * (the API's clusterCell) and nests exactly into the cells of every coarser zoom, so a zoom reads the coarsest level
 * at least as fine as itself (the world at zoom 2 reads a few thousand level-3 rows); finer zooms read the events.
 */
export const TALLY_LEVELS = [3, 6] as const;
/** The side of a level's tally cell in degrees (90 over a power of two: multiples scale exactly in floating point). */
export const tallyCell = (level: number): number => 90 / 2 ** level;
/** The same in SQL over a level expression. */
const cellSql = (level: string) => `(90::float8 / (1 << ${level}))`;
/** The levels as a relation `l(level)` to cross join with rows of events. */
const LEVELS = `(values ${TALLY_LEVELS.map((level) => `(${level})`).join(", ")}) l(level)`;

/** An event's certainty in SQL over an events row `e` (rows.ts's EVENT_CERTAINTY, qualified). */
const CERTAINTY = `coalesce(e.data->'actor1'->>'certainty', 'unknown')`;
/** A coordinate as an exact decimal: float8's shortest round-trip text (float8::numeric keeps 15 digits only). */
const exact = (column: string) => `${column}::text::numeric`;

/** The day tally keys over an events row `e`, and their column names. */
const DAY_KEYS = `e.date_start, e.event_type, e.sub_event_type, ${CERTAINTY}, e.status, e.is_background`;
const DAY_COLUMNS = "date_start, event_type, sub_event_type, certainty, status, is_background";
/** The cell tally keys over an events row `e` at level `l.level` (no country is '': the key columns are not null). */
const CELL_KEYS = `l.level, floor(e.lon / ${cellSql("l.level")})::int, floor(e.lat / ${cellSql("l.level")})::int,
  e.event_type, e.sub_event_type, ${CERTAINTY}, coalesce(e.country, ''), e.status, e.is_background`;
const CELL_COLUMNS = "level, cx, cy, event_type, sub_event_type, certainty, country, status, is_background";
/** An events row's finest cell key over alias `a`: where it is unchanged, so is every coarser one. */
const finestKey = (a: string) =>
  CELL_KEYS.replaceAll("l.level", String(TALLY_LEVELS.at(-1))).replaceAll("e.", `${a}.`);

/** Adds signed changes `changes` (rows of events plus `sign`: 1 written, -1 taken away) to the day tallies. */
function addDays(changes: string): string {
  return `insert into event_day_tallies as t (${DAY_COLUMNS}, events, fatalities)
    select ${DAY_KEYS}, sum(e.sign), sum(e.sign * coalesce(e.fatalities_best, 0))
    from (${changes}) e where e.date_start is not null
    group by ${DAY_KEYS}
    on conflict (${DAY_COLUMNS}) do update
      set events = t.events + excluded.events, fatalities = t.fatalities + excluded.fatalities`;
}

/**
 * Adds signed changes to the cell tallies: counts, tolls and exact coordinate sums add up; the smallest id and the
 * extent take in what was written (an extent is never narrowed: it stays a bound of the cell's events).
 */
function addCells(changes: string): string {
  const written = "filter (where e.sign > 0)";
  return `insert into event_cell_tallies as t (${CELL_COLUMNS}, events, fatalities, lon_sum, lat_sum, min_id,
      lon_min, lon_max, lat_min, lat_max)
    select ${CELL_KEYS}, sum(e.sign), sum(e.sign * coalesce(e.fatalities_best, 0)),
      sum(e.sign * ${exact("e.lon")}), sum(e.sign * ${exact("e.lat")}), min(e.id collate "C") ${written},
      min(e.lon) ${written}, max(e.lon) ${written}, min(e.lat) ${written}, max(e.lat) ${written}
    from (${changes}) e cross join ${LEVELS} where e.lat is not null and e.lon is not null
    group by ${CELL_KEYS}
    on conflict (${CELL_COLUMNS}) do update
      set events = t.events + excluded.events, fatalities = t.fatalities + excluded.fatalities,
        lon_sum = t.lon_sum + excluded.lon_sum, lat_sum = t.lat_sum + excluded.lat_sum,
        min_id = least(t.min_id, excluded.min_id),
        lon_min = least(t.lon_min, excluded.lon_min), lon_max = greatest(t.lon_max, excluded.lon_max),
        lat_min = least(t.lat_min, excluded.lat_min), lat_max = greatest(t.lat_max, excluded.lat_max)`;
}

/**
 * After rows `gone` (events rows taken away, less those written back under the same key) left their cells: the
 * smallest id again where it left, read from the events in the cell's extent, and empty tallies deleted.
 */
function settleCells(gone: string): string {
  const match = `t.level = g.level and t.cx = g.cx and t.cy = g.cy and t.event_type = g.event_type and t.sub_event_type = g.sub_event_type
    and t.certainty = g.certainty and t.country = g.country and t.status = g.status and t.is_background = g.is_background`;
  const keyed = `select ${CELL_KEYS}, e.id collate "C" from (${gone}) e cross join ${LEVELS}
    where e.lat is not null and e.lon is not null`;
  return `update event_cell_tallies t set min_id = (
      select min(e.id collate "C") from events e cross join (values (t.level)) l(level)
      where e.lat between t.lat_min and t.lat_max and e.lon between t.lon_min and t.lon_max
        and (${CELL_KEYS}) = (t.level, t.cx, t.cy, t.event_type, t.sub_event_type, t.certainty, t.country, t.status,
          t.is_background))
    from (${keyed}) g(${CELL_COLUMNS}, id)
    where ${match} and t.min_id = g.id and t.events > 0;
    delete from event_cell_tallies t using (${keyed}) g(${CELL_COLUMNS}, id) where ${match} and t.events = 0`;
}

/** Deletes the day tallies rows `gone` left empty. */
function settleDays(gone: string): string {
  return `delete from event_day_tallies t using (select distinct ${DAY_KEYS} from (${gone}) e) g(${DAY_COLUMNS})
    where t.date_start = g.date_start and t.event_type = g.event_type and t.sub_event_type = g.sub_event_type
      and t.certainty = g.certainty and t.status = g.status and t.is_background = g.is_background and t.events = 0`;
}

const WRITTEN = "select 1 as sign, n.* from new_rows n";
const TAKEN = "select -1 as sign, o.* from old_rows o";
/** What of an events row over alias `a` the tallies read: the day keys, the toll, the place. */
const tallied = (a: string) =>
  `${DAY_KEYS.replaceAll("e.", `${a}.`)}, ${a}.fatalities_best, ${a}.lat, ${a}.lon, ${a}.country`;
/** The rows of transition table `from` (with `sign`) that the update did not write back with the same `key`. */
const notWrittenBack = (sign: number, from: string, other: string, key: (alias: string) => string) =>
  `select ${sign} as sign, x.* from ${from} x where not exists (select 1 from ${other} y where y.id = x.id
  and (${key("y")}) is not distinct from (${key("x")}))`;
/** Rows an update wrote, less those it wrote back as they were for the tallies (most of fusion's rewrites). */
const REWRITTEN = notWrittenBack(1, "new_rows", "old_rows", tallied);
/** Rows an update took away, less those it wrote back as they were for the tallies. */
const REPLACED = notWrittenBack(-1, "old_rows", "new_rows", tallied);
/** Rows an update took away that it did not write back under the same cell key (their id may have been the least). */
const MOVED = notWrittenBack(-1, "old_rows", "new_rows", finestKey);

/**
 * The advisory lock (PostgreSQL's two-int form, next to fuse/locks.ts's namespaces) a transaction takes at its first
 * write of events, until it ends: concurrent writers update the shared tally rows (a day's, a type's) one at a time,
 * never each holding a row the other waits for. Writers write events last, just before they commit.
 */
const TALLY_LOCK = "7461211, 0";

/** The trigger function that keeps the tallies true: one branch per statement kind, over its transition tables. */
export const TALLY_FUNCTION = `create function events_tally() returns trigger language plpgsql
  set extra_float_digits = 1 as $$
begin
  perform pg_advisory_xact_lock(${TALLY_LOCK});
  if tg_op = 'INSERT' then
    ${addDays(WRITTEN)};
    ${addCells(WRITTEN)};
  elsif tg_op = 'DELETE' then
    ${addDays(TAKEN)};
    ${addCells(TAKEN)};
    ${settleDays(TAKEN)};
    ${settleCells(TAKEN)};
  else
    ${addDays(`${REWRITTEN} union all ${REPLACED}`)};
    ${addCells(`${REWRITTEN} union all ${REPLACED}`)};
    ${settleDays(REPLACED)};
    ${settleCells(MOVED)};
  end if;
  return null;
end $$`;

/** The tally tables, their triggers on events, and the backfill of what events holds (migration 0013). */
export const TALLY_MIGRATION: readonly string[] = [
  // Room on every page (fillfactor) so a tally's update is written beside it (HOT), not bloating the table.
  `create table event_day_tallies (date_start text not null, event_type text not null, sub_event_type text not null,
    certainty text not null, status text not null, is_background boolean not null,
    events bigint not null, fatalities bigint not null, primary key (${DAY_COLUMNS})) with (fillfactor = 50)`,
  `create table event_cell_tallies (level smallint not null, cx int not null, cy int not null, event_type text not null,
    sub_event_type text not null, certainty text not null, country text not null, status text not null,
    is_background boolean not null, events bigint not null, fatalities bigint not null,
    lon_sum numeric not null, lat_sum numeric not null, min_id text collate "C",
    lon_min float8, lon_max float8, lat_min float8, lat_max float8, primary key (${CELL_COLUMNS}))
    with (fillfactor = 50)`,
  TALLY_FUNCTION,
  `create trigger events_tally_insert after insert on events referencing new table as new_rows
    for each statement execute function events_tally()`,
  `create trigger events_tally_update after update on events referencing old table as old_rows new table as new_rows
    for each statement execute function events_tally()`,
  `create trigger events_tally_delete after delete on events referencing old table as old_rows
    for each statement execute function events_tally()`,
  `create function events_tally_truncate() returns trigger language plpgsql as $$
  begin
    truncate event_day_tallies, event_cell_tallies;
    return null;
  end $$`,
  `create trigger events_tally_truncate after truncate on events
    for each statement execute function events_tally_truncate()`,
  "set local extra_float_digits = 1",
  addDays("select 1 as sign, events.* from events"),
  addCells("select 1 as sign, events.* from events"),
];

/** What migration 0013 creates, in the order to drop it. */
export const TALLY_DROP: readonly string[] = [
  "drop trigger if exists events_tally_truncate on events",
  "drop trigger if exists events_tally_delete on events",
  "drop trigger if exists events_tally_update on events",
  "drop trigger if exists events_tally_insert on events",
  "drop function if exists events_tally_truncate()",
  "drop function if exists events_tally()",
  "drop table if exists event_cell_tallies",
  "drop table if exists event_day_tallies",
];

/**
 * Whether the tallies answer a filter exactly: no date window, actor, admin1, text, update time or as-of (the
 * record as it stood then is rebuilt), and no box (clusters check a box against the cells' extents themselves).
 * Day tallies keep no country: `country` says whether the table read needs one.
 */
export function tallyFilter(filter: EventFilter, country: boolean): boolean {
  const f = filter;
  const unkept = [f.asOf, f.from, f.to, f.actor, f.admin1, f.text, f.updatedSince];
  if (unkept.some((value) => value !== undefined)) return false;
  return country ? f.country !== "" : f.country === undefined;
}

/** The WHERE clause of a filter over a tally table (the dimensions tallyFilter lets through). */
export function tallyWhere(filter: EventFilter): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [sql<SqlBool>`true`];
  if (!filter.includeBackground) parts.push(sql<SqlBool>`not is_background`);
  if (filter.eventType) parts.push(sql<SqlBool>`event_type = ${filter.eventType}`);
  if (filter.subEventType) parts.push(sql<SqlBool>`sub_event_type = ${filter.subEventType}`);
  if (filter.certainty) parts.push(sql<SqlBool>`certainty = ${filter.certainty}`);
  if (filter.status) parts.push(sql<SqlBool>`status = ${filter.status}`);
  if (filter.country !== undefined) parts.push(sql<SqlBool>`country = ${filter.country}`);
  return sql<SqlBool>`${sql.join(parts, sql` and `)}`;
}

/** How a tally level's cells fit a cluster grid: the bits to shift a tally cell's index by to get its grid cell. */
export interface TallyGrid {
  readonly level: number;
  readonly shift: number;
}

/** The tally levels whose cells nest into a cluster grid of `cellDegrees`, coarsest first (none past zoom 6). */
export function tallyGrids(cellDegrees: number): TallyGrid[] {
  return TALLY_LEVELS.flatMap((level) => {
    for (let shift = 0; shift <= 30; shift++)
      if (tallyCell(level) * 2 ** shift === cellDegrees) return [{ level, shift }];
    return [];
  });
}

/** A rectangle of tally cells by index, both ends included (empty when x0 > x1 or y0 > y1). */
export interface CellRange {
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
}

/** A box [west, south, east, north] in degrees. */
export type Box = readonly [number, number, number, number];

/** The cells of a level that lie wholly inside a box (west <= east). */
export function innerCells([west, south, east, north]: Box, level: number): CellRange {
  const side = tallyCell(level);
  return {
    x0: Math.ceil(west / side),
    x1: Math.floor(east / side) - 1,
    y0: Math.ceil(south / side),
    y1: Math.floor(north / side) - 1,
  };
}

/** Whether a range holds no cell. */
export const emptyRange = (r: CellRange): boolean => r.x0 > r.x1 || r.y0 > r.y1;

/** A range of a coarser level in the indices of a level `bits` finer. */
export function finerRange(r: CellRange, bits: number): CellRange {
  const k = 2 ** bits;
  return { x0: r.x0 * k, x1: (r.x1 + 1) * k - 1, y0: r.y0 * k, y1: (r.y1 + 1) * k - 1 };
}

/** Whether cell indices `x`, `y` (SQL) lie in a range. */
export function inRange(x: Expression<unknown>, y: Expression<unknown>, r: CellRange): Expression<SqlBool> {
  return sql<SqlBool>`(${x} between ${r.x0} and ${r.x1} and ${y} between ${r.y0} and ${r.y1})`;
}

/** An events row's cell index at a level in SQL, as the tally trigger computes it (both agree to the last bit). */
export const cellIndex = (column: "lon" | "lat", level: number): Expression<number> =>
  sql<number>`floor(${sql.ref(column)} / ${sql.raw(cellSql(String(level)))})::int`;

/** Degrees a strip's search box reaches past its cells: a point an ulp off a cell edge may fall either side. */
const EDGE_SLACK = 1e-9;

/**
 * The strips of a box outside its inner cells `inner` at `level`, disjoint by cell index (left and right columns,
 * then what lies below and above the inner cells between them), those that can hold a point: each a cell condition
 * and a search box inside the box that holds every point meeting it (for the GiST index on points).
 */
export function edgeStrips(
  [west, south, east, north]: Box,
  level: number,
  inner: CellRange,
): { where: Expression<SqlBool>; box: Box }[] {
  const side = tallyCell(level);
  const [x, y] = [cellIndex("lon", level), cellIndex("lat", level)];
  const [w, e] = [inner.x0 * side, (inner.x1 + 1) * side];
  const [s, n] = [inner.y0 * side, (inner.y1 + 1) * side];
  const columns = sql<SqlBool>`${x} between ${inner.x0} and ${inner.x1}`;
  const [wIn, eIn] = [Math.max(west, w - EDGE_SLACK), Math.min(east, e + EDGE_SLACK)];
  const strips: { where: Expression<SqlBool>; box: Box }[] = [
    { where: sql<SqlBool>`${x} < ${inner.x0}`, box: [west, south, Math.min(east, w + EDGE_SLACK), north] },
    { where: sql<SqlBool>`${x} > ${inner.x1}`, box: [Math.max(west, e - EDGE_SLACK), south, east, north] },
    {
      where: sql<SqlBool>`${columns} and ${y} < ${inner.y0}`,
      box: [wIn, south, eIn, Math.min(north, s + EDGE_SLACK)],
    },
    {
      where: sql<SqlBool>`${columns} and ${y} > ${inner.y1}`,
      box: [wIn, Math.max(south, n - EDGE_SLACK), eIn, north],
    },
  ];
  return strips.filter(({ box: [sw, ss, se, sn] }) => sw <= se && ss <= sn);
}

/** Whether a tally row's extent lies in a box [west, south, east, north] (west > east crosses the antimeridian). */
export function extentIn([west, south, east, north]: readonly [number, number, number, number]) {
  const lat = sql<SqlBool>`lat_min >= ${south} and lat_max <= ${north}`;
  return west <= east
    ? sql<SqlBool>`${lat} and lon_min >= ${west} and lon_max <= ${east}`
    : sql<SqlBool>`${lat} and (lon_min >= ${west} or lon_max <= ${east})`;
}
