// Aggregates over the stored events, computed in SQL so they cost the same whatever the table holds: counts by
// day, type and country, what each outlet contributed, map clusters on a grid, and the version of a filtered
// set (how many events, last written when) that export ETags are made from.
import { sql } from "kysely";
import type { StoreBackend } from "./backend.js";
import { type EventFilter, eventWhere } from "./events.js";
import { iso } from "./rows.js";

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

/** Aggregates over the events table, by the same filters as event queries (asOf, limit, offset and after ignored). */
export interface AggregateRepository {
  stats(filter: EventFilter): Promise<EventStats>;
  /** Every outlet with at least one report, most reports first. */
  sources(): Promise<SourceStats[]>;
  /** The located events a filter matches, grouped on a grid of `cellDegrees` cells, largest clusters first. */
  clusters(filter: EventFilter, cellDegrees: number): Promise<Cluster[]>;
  version(filter: EventFilter): Promise<EventSetVersion>;
}

/** A count or sum as PostgreSQL returns it (bigint and numeric arrive as strings) as a number. */
const num = (value: string | number | bigint | null): number => Number(value ?? 0);

/** The aggregates repository over a backend. */
export function aggregateRepository(backend: StoreBackend): AggregateRepository {
  const { db } = backend;
  const events = (filter: EventFilter) => db.selectFrom("events").where(eventWhere(filter));
  const fatalities = sql<string>`coalesce(sum(fatalities_best), 0)`;

  return {
    async stats(filter) {
      const [total, byDay, byType, byCountry] = await Promise.all([
        events(filter)
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .executeTakeFirstOrThrow(),
        events(filter)
          .select(["date_start", "event_type", (eb) => eb.fn.countAll<string>().as("n"), fatalities.as("f")])
          .where("date_start", "is not", null)
          .groupBy(["date_start", "event_type"])
          .orderBy("date_start")
          .orderBy("event_type")
          .execute(),
        events(filter)
          .select(["event_type", (eb) => eb.fn.countAll<string>().as("n")])
          .groupBy("event_type")
          .orderBy((eb) => eb.fn.countAll(), "desc")
          .orderBy("event_type")
          .execute(),
        events(filter)
          .select(["country", (eb) => eb.fn.countAll<string>().as("n")])
          .groupBy("country")
          .orderBy((eb) => eb.fn.countAll(), "desc")
          .orderBy("country")
          .execute(),
      ]);
      return {
        total: num(total.n),
        by_day: byDay.map((r) => ({
          day: r.date_start!,
          event_type: r.event_type,
          events: num(r.n),
          fatalities: num(r.f),
        })),
        by_type: byType.map((r) => ({ event_type: r.event_type, events: num(r.n) })),
        by_country: byCountry.map((r) => ({ country: r.country, events: num(r.n) })),
      };
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
      const cx = sql<number>`floor(lon / ${cellDegrees})`;
      const cy = sql<number>`floor(lat / ${cellDegrees})`;
      const rows = await events(filter)
        .where("lat", "is not", null)
        .where("lon", "is not", null)
        .select([
          sql<number>`avg(lon)`.as("lon"),
          sql<number>`avg(lat)`.as("lat"),
          (eb) => eb.fn.countAll<string>().as("n"),
          fatalities.as("f"),
          sql<string>`mode() within group (order by event_type)`.as("event_type"),
          sql<string>`min(id)`.as("id"),
          sql<number | null>`min(geo_precision)`.as("precision"),
        ])
        .groupBy([cx, cy])
        .orderBy((eb) => eb.fn.countAll(), "desc")
        .orderBy(sql`min(id)`)
        .execute();
      return rows.map((r) => {
        const n = num(r.n);
        const one = n === 1 ? { id: r.id, ...(r.precision !== null && { precision: num(r.precision) }) } : {};
        return {
          lon: Number(r.lon),
          lat: Number(r.lat),
          events: n,
          fatalities: num(r.f),
          event_type: r.event_type,
          ...one,
        };
      });
    },

    async version(filter) {
      const row = await events(filter)
        .select((eb) => [eb.fn.countAll<string>().as("n"), eb.fn.max("updated_at").as("latest")])
        .executeTakeFirstOrThrow();
      return { count: num(row.n), updatedAt: iso(row.latest as Date | string | null) };
    },
  };
}
