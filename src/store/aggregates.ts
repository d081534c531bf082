// Aggregates over the stored events, computed in SQL so they cost the same whatever the table holds: counts by
// day, type and country, what each outlet contributed, map clusters on a grid, and the version of a filtered
// set (how many events, last written when) that export ETags are made from. As of a date, the same statements run
// over the events as they stood then (rebuilt by the events repository) in place of the events table. The
// whole-store timeline and map read the tallies the store keeps (tallies.ts) when the filter lets them answer exactly.
import { type QueryCreator, type RawBuilder, type SqlBool, sql } from "kysely";
import { ACLED_TAXONOMY, type EventType, type FusedEvent } from "../model.js";
import type { StoreBackend } from "./backend.js";
import { type EventFilter, type EventRepository, eventWhere, pointIn } from "./events.js";
import { eventRow, iso } from "./rows.js";
import type { Database } from "./schema.js";
import {
  type Box,
  type CellRange,
  edgeStrips,
  emptyRange,
  extentIn,
  finerRange,
  inRange,
  innerCells,
  TALLY_LEVELS,
  type TallyGrid,
  tallyFilter,
  tallyGrids,
  tallyWhere,
} from "./tallies.js";

/** Counts of the events a filter matches: in all, per start day and type, per type, per country. */
export interface EventStats {
  readonly total: number;
  /** Per first day and event type (undated events are left out), fatalities the sum of the events' best tolls. */
  readonly by_day: readonly {
    readonly day: string;
    readonly event_type: string;
    readonly events: number;
    readonly fatalities: number;
  }[];
  readonly by_type: readonly { readonly event_type: string; readonly events: number }[];
  /** Per country (unlocated events under null). */
  readonly by_country: readonly { readonly country: string | null; readonly events: number }[];
}

/** What one outlet contributed: its reports, the events they are in, and how often its toll was an event's low or high. */
export interface SourceStats {
  readonly outlet: string;
  readonly reports: number;
  readonly events: number;
  readonly low: number;
  readonly high: number;
}

/** One grid cell's events: their mean position, count, summed best toll and most frequent type. */
export interface Cluster {
  readonly lon: number;
  readonly lat: number;
  readonly events: number;
  readonly fatalities: number;
  readonly event_type: string;
  /** The event's id and geo precision, only when the cell holds one event. */
  readonly id?: string;
  readonly precision?: number;
}

/** How many events a filter matches and when the latest of them was written: what an export's ETag is made from. */
export interface EventSetVersion {
  readonly count: number;
  readonly updatedAt: string | null;
}

/** Aggregates over the events table, by the same filters as event queries (limit, offset and after ignored). */
export interface AggregateRepository {
  /** With asOf, over the events as they stood then (each rebuilt: time grows with the events out by then). */
  stats(filter: EventFilter): Promise<EventStats>;
  /** Only the per-day counts of stats (what a timeline draws): one scan instead of four. */
  days(filter: EventFilter): Promise<EventStats["by_day"]>;
  /** Every outlet with at least one report, most reports first. */
  sources(): Promise<SourceStats[]>;
  /**
   * The located events a filter matches, grouped on a grid of `cellDegrees` cells, largest clusters first; with
   * asOf, the events as they stood then.
   */
  clusters(filter: EventFilter, cellDegrees: number): Promise<Cluster[]>;
  /** With asOf, the version of the whole table: any write may change what the record held then. */
  version(filter: EventFilter): Promise<EventSetVersion>;
}

/** A count or sum as PostgreSQL returns it (bigint and numeric arrive as strings) as a number. */
const num = (value: string | number | bigint | null): number => Number(value ?? 0);

/** The event types in alphabetical order: a cluster's type is its most frequent, the first of equals. */
const EVENT_TYPES = (Object.keys(ACLED_TAXONOMY) as EventType[]).sort();

/** A cell's counts per event type, in EVENT_TYPES order, from a count expression of one type. */
const perType = (count: (type: string) => RawBuilder<unknown>) =>
  sql<(string | number)[]>`array[${sql.join(EVENT_TYPES.map(count))}]`;

/** An events row's cell index on a cluster grid of `cellDegrees` (tally cells shifted right land on the same). */
const gridCell = (column: "lon" | "lat", cellDegrees: number) =>
  sql<number>`floor(${sql.ref(column)} / ${cellDegrees})::int`;

/** A grid cell's row as the clusters query gives it. */
interface CellRow {
  readonly lon: number;
  readonly lat: number;
  readonly n: number;
  readonly f: string | number;
  readonly types: readonly (string | number)[];
  readonly id: string;
  readonly precision: number | null;
}

/** A map cluster of a cell: its centre, counts, most frequent type; the event's id when it holds only one. */
function clusterOf(r: CellRow): Cluster {
  let best = 0;
  r.types.forEach((count, i) => {
    if (num(count) > num(r.types[best] ?? 0)) best = i;
  });
  const one = r.n === 1 ? { id: r.id, ...(r.precision !== null && { precision: num(r.precision) }) } : {};
  return {
    lon: Number(r.lon),
    lat: Number(r.lat),
    events: r.n,
    fatalities: num(r.f),
    event_type: EVENT_TYPES[best] as string,
    ...one,
  };
}

/** The events columns the aggregates read, with their SQL types: what a rebuilt event's row carries. */
const AGGREGATE_COLUMNS = {
  id: "text",
  event_type: "text",
  date_start: "text",
  lat: "float8",
  lon: "float8",
  geo_precision: "int",
  country: "text",
  fatalities_best: "int",
} as const;

/** The aggregated columns of an event's row (what jsonb_to_recordset reads back). */
function aggregateRow(event: FusedEvent): Record<string, unknown> {
  const row: Record<string, unknown> = eventRow(event);
  return Object.fromEntries(Object.keys(AGGREGATE_COLUMNS).map((name) => [name, row[name]]));
}

/** How the aggregates are read: `tallies: false` reads the events table only (what tests check the tallies against). */
export interface AggregateOptions {
  readonly tallies?: boolean;
}

/**
 * The aggregates repository over a backend; `events` rebuilds the events of an asOf filter. Whole-store days and
 * clusters read the tallies unless `options.tallies` is false.
 */
export function aggregateRepository(
  backend: StoreBackend,
  events: EventRepository,
  options: AggregateOptions = {},
): AggregateRepository {
  const { db } = backend;
  const tallies = options.tallies ?? true;
  const table = (filter: EventFilter) => db.selectFrom("events").where(eventWhere(filter));
  const definition = sql.raw(
    Object.entries(AGGREGATE_COLUMNS)
      .map(([name, type]) => `${name} ${type}`)
      .join(", "),
  );

  /** The events a filter matches: rows of the events table, or as of a date, rows of the rebuilt events. */
  async function matching(filter: EventFilter) {
    if (filter.asOf === undefined) return table(filter);
    const { limit: _l, offset: _o, after: _a, ...all } = filter;
    const then: Record<string, unknown>[] = [];
    for await (const event of events.query(all)) then.push(aggregateRow(event));
    const rows = JSON.stringify(then);
    // A CTE named "events" stands in for the table, so the statements below read the rebuilt rows unchanged.
    const rebuilt = db.with(
      "events",
      () => sql`(select * from jsonb_to_recordset(${rows}::jsonb) as x(${definition}))`,
    ) as unknown as QueryCreator<Database>;
    return rebuilt.selectFrom("events");
  }
  const fatalities = sql<string>`coalesce(sum(fatalities_best), 0)`;
  /** Per start day and type, with the summed best tolls (undated events left out). */
  async function byDayOf(matched: Awaited<ReturnType<typeof matching>>): Promise<EventStats["by_day"]> {
    const rows = await matched
      .select(["date_start", "event_type", (eb) => eb.fn.countAll<string>().as("n"), fatalities.as("f")])
      .where("date_start", "is not", null)
      .groupBy(["date_start", "event_type"])
      .orderBy("date_start")
      .orderBy("event_type")
      .execute();
    return rows.map((r) => ({
      day: r.date_start!,
      event_type: r.event_type,
      events: num(r.n),
      fatalities: num(r.f),
    }));
  }

  /** Per start day and type from the day tallies. */
  async function tallyDays(filter: EventFilter): Promise<EventStats["by_day"]> {
    const rows = await db
      .selectFrom("event_day_tallies")
      .where(tallyWhere(filter))
      .select([
        "date_start",
        "event_type",
        sql<string>`sum(events)`.as("n"),
        sql<string>`sum(fatalities)`.as("f"),
      ])
      .groupBy(["date_start", "event_type"])
      .orderBy("date_start")
      .orderBy("event_type")
      .execute();
    return rows.map((r) => ({
      day: r.date_start,
      event_type: r.event_type,
      events: num(r.n),
      fatalities: num(r.f),
    }));
  }

  /**
   * A level's tally rows as parts of a cluster grid (grid cell, count, toll, exact coordinate sums, type, least id):
   * those a filter matches, in `range` if given, outside `except` if given.
   */
  function tallyPart(filter: EventFilter, grid: TallyGrid, range?: CellRange, except?: CellRange) {
    const [x, y] = [sql.ref("cx"), sql.ref("cy")];
    let rows = db.selectFrom("event_cell_tallies").where("level", "=", grid.level).where(tallyWhere(filter));
    if (range) rows = rows.where(inRange(x, y, range));
    if (except) rows = rows.where(sql<SqlBool>`not ${inRange(x, y, except)}`);
    const by = sql.raw(String(grid.shift));
    return rows.select([
      sql<number>`cx >> ${by}`.as("gx"),
      sql<number>`cy >> ${by}`.as("gy"),
      sql<string>`events`.as("n"),
      sql<string>`fatalities`.as("f"),
      "lon_sum",
      "lat_sum",
      "event_type",
      sql<string>`min_id`.as("id"),
    ]);
  }

  /** The events of a box's edge strips outside its inner cells at `level`, as parts of the same grid. */
  function edgeParts(filter: EventFilter, box: Box, cellDegrees: number, level: number, inner: CellRange) {
    return edgeStrips(box, level, inner).map((strip) =>
      table(filter)
        .where(pointIn(strip.box))
        .where(strip.where)
        .select([
          gridCell("lon", cellDegrees).as("gx"),
          gridCell("lat", cellDegrees).as("gy"),
          sql<string>`1`.as("n"),
          sql<string>`coalesce(fatalities_best, 0)`.as("f"),
          sql<string>`lon::text::numeric`.as("lon_sum"),
          sql<string>`lat::text::numeric`.as("lat_sum"),
          "event_type",
          "id",
        ]),
    );
  }

  /**
   * The cells of a cluster grid from the cell tallies, or null where they cannot answer (no tally level nests into
   * the grid past zoom 6; a box across the antimeridian or inside one finest cell). With no box, or a box holding
   * every matching event, the rows of the coarsest level that nests; in any other box, each nesting level's cells
   * wholly inside it (a finer level only where the coarser left off) and the events of the box's edge strips
   * outside the finest level's inner cells, summed per grid cell in one statement.
   */
  async function tallyCells(filter: EventFilter, cellDegrees: number): Promise<CellRow[] | null> {
    const grids = tallyGrids(cellDegrees);
    const box = filter.bbox;
    if (grids.length === 0 || (box && box[0] > box[2])) return null;
    const parts = [];
    if (!box || (await holdsAll(filter, box))) parts.push(tallyPart(filter, grids[0] as TallyGrid));
    else {
      let coarser: { level: number; range: CellRange } | null = null;
      for (const grid of grids) {
        const range = innerCells(box, grid.level);
        if (emptyRange(range)) continue;
        const except = coarser ? finerRange(coarser.range, grid.level - coarser.level) : undefined;
        parts.push(tallyPart(filter, grid, range, except));
        coarser = { level: grid.level, range };
      }
      if (!coarser) return null;
      parts.push(...edgeParts(filter, box, cellDegrees, coarser.level, coarser.range));
    }
    // The mean of exact decimal sums: a one-event cell's position is its event's to the last bit, a larger cell's
    // the true mean rounded once (a float sum of the events, as avg() takes, may differ in the last bits).
    const { rows } = await sql<Omit<CellRow, "precision">>`
      select (sum(lon_sum) / sum(n))::float8 as lon, (sum(lat_sum) / sum(n))::float8 as lat, sum(n) as n,
        sum(f) as f, ${perType((t) => sql`coalesce(sum(n) filter (where event_type = ${t}), 0)`)} as types,
        min(id collate "C") as id
      from (${sql.join(
        parts.map((p) => sql`(${p})`),
        sql` union all `,
      )}) p
      group by gx, gy`.execute(db);
    return withPrecisions(rows.map((r) => ({ ...r, n: num(r.n) })));
  }

  /** One-event cells with their event's geo precision, read by id (the tallies keep none). */
  async function withPrecisions(rows: readonly Omit<CellRow, "precision">[]): Promise<CellRow[]> {
    const ones = rows.filter((r) => r.n === 1).map((r) => r.id);
    const precisions = new Map<string, number | null>();
    if (ones.length > 0) {
      const found = await db
        .selectFrom("events")
        .select(["id", "geo_precision"])
        .where("id", "in", ones)
        .execute();
      for (const r of found) precisions.set(r.id, r.geo_precision);
    }
    return rows.map((r) => ({ ...r, precision: precisions.get(r.id) ?? null }));
  }

  /**
   * Whether a box holds every event a filter matches: no row of the coarsest tally level (a few thousand at most)
   * reaches out of it. A regional view learns it cannot use the tallies from the first row out, not from a scan of
   * every fine cell.
   */
  async function holdsAll(filter: EventFilter, box: Box): Promise<boolean> {
    const out = await db
      .selectFrom("event_cell_tallies")
      .select(sql<number>`1`.as("out"))
      .where("level", "=", TALLY_LEVELS[0])
      .where(tallyWhere(filter))
      .where(sql<SqlBool>`not (${extentIn(box)})`)
      .limit(1)
      .executeTakeFirst();
    return out === undefined;
  }

  /** The cells of a cluster grid from the events a filter matches (or as of a date, the rebuilt events). */
  async function eventCells(filter: EventFilter, cellDegrees: number): Promise<CellRow[]> {
    const [cx, cy] = [gridCell("lon", cellDegrees), gridCell("lat", cellDegrees)];
    // Counts per event type, not mode(): a hash aggregate with no sort of every event.
    const rows = await (await matching(filter))
      .where("lat", "is not", null)
      .where("lon", "is not", null)
      .select([
        sql<number>`avg(lon)`.as("lon"),
        sql<number>`avg(lat)`.as("lat"),
        (eb) => eb.fn.countAll<string>().as("n"),
        fatalities.as("f"),
        perType((t) => sql`count(*) filter (where event_type = ${t})`).as("types"),
        sql<string>`min(id collate "C")`.as("id"),
        sql<number | null>`min(geo_precision)`.as("precision"),
      ])
      .groupBy([cx, cy])
      .execute();
    return rows.map((r) => ({ ...r, n: num(r.n) }));
  }

  return {
    async stats(filter) {
      const matched = await matching(filter);
      const [total, byDay, byType, byCountry] = await Promise.all([
        matched.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
        byDayOf(matched),
        matched
          .select(["event_type", (eb) => eb.fn.countAll<string>().as("n")])
          .groupBy("event_type")
          .orderBy((eb) => eb.fn.countAll(), "desc")
          .orderBy("event_type")
          .execute(),
        matched
          .select(["country", (eb) => eb.fn.countAll<string>().as("n")])
          .groupBy("country")
          .orderBy((eb) => eb.fn.countAll(), "desc")
          .orderBy("country")
          .execute(),
      ]);
      return {
        total: num(total.n),
        by_day: byDay,
        by_type: byType.map((r) => ({ event_type: r.event_type, events: num(r.n) })),
        by_country: byCountry.map((r) => ({ country: r.country, events: num(r.n) })),
      };
    },

    async days(filter) {
      if (tallies && tallyFilter(filter, false) && filter.bbox === undefined) return tallyDays(filter);
      return byDayOf(await matching(filter));
    },

    async sources() {
      // Reports per outlet; then, over the fatality claims of each outlet, the events whose low (or high) its
      // figure was: a claim's high, or its low when it gave one number, is its largest figure.
      const { rows } = await sql<{
        outlet: string;
        reports: string;
        events: string;
        low: string | null;
        high: string | null;
      }>`with r as (
          select article_outlet as outlet, count(*) as reports, count(distinct event_id) as events
          from reports where article_outlet is not null group by article_outlet),
        c as (
          select c.outlet,
            count(distinct c.event_id) filter (where c.low = e.fatalities_low) as low,
            count(distinct c.event_id) filter (where coalesce(c.high, c.low) = e.fatalities_high) as high
          from claims c join events e on e.id = c.event_id
          where c.outcome = 'killed' and c.outlet is not null group by c.outlet)
        select r.outlet, r.reports, r.events, c.low, c.high
        from r left join c on c.outlet = r.outlet
        order by r.reports desc, r.outlet`.execute(db);
      return rows.map((r) => ({
        outlet: r.outlet,
        reports: num(r.reports),
        events: num(r.events),
        low: num(r.low),
        high: num(r.high),
      }));
    },

    async clusters(filter, cellDegrees) {
      const tallied = tallies && tallyFilter(filter, true) ? await tallyCells(filter, cellDegrees) : null;
      const cells = tallied ?? (await eventCells(filter, cellDegrees));
      const largestFirst = cells.sort((a, b) => b.n - a.n || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      return largestFirst.map(clusterOf);
    },

    async version(filter) {
      const row = await table(filter.asOf === undefined ? filter : { includeBackground: true })
        .select((eb) => [eb.fn.countAll<string>().as("n"), eb.fn.max("updated_at").as("latest")])
        .executeTakeFirstOrThrow();
      return { count: num(row.n), updatedAt: iso(row.latest as Date | string | null) };
    },
  };
}
