// Synthetic events for the benches that need a big store (fusion scaling, api): SQL over generate_series that
// spreads event number g over ten years and the world, the same way on every run, and the JSON pieces of it.
import { type Kysely, sql } from "kysely";
import type { Database } from "../src/store/schema.js";

/**
 * Rows (g, typ, sub, day, lat, lon, killed) for events `from`..`to`: a day in 2015–2024 (each block of 3650
 * numbers covers every day once), a place in lat -40..60 / lon -120..150, one of six sub-types, 0–39 killed.
 */
export function seedRows(from: number, to: number) {
  return sql`
    select g,
      (array['Air/drone strike','Shelling/artillery/missile attack','Armed clash','Attack','Peaceful protest','Arrests'])[(1 + g % 6)::int] as sub,
      (array['Explosions/Remote violence','Explosions/Remote violence','Battles','Violence against civilians','Protests','Strategic developments'])[(1 + g % 6)::int] as typ,
      to_char(date '2015-01-01' + ((g * 7919) % 3650)::int, 'YYYY-MM-DD') as day,
      round((-40 + ((g * 104729) % 100000) / 1000.0)::numeric, 3)::float8 as lat,
      round((-120 + ((g * 15485863) % 270000) / 1000.0)::numeric, 3)::float8 as lon,
      (g * 13) % 40 as killed
    from generate_series(${from}::bigint, ${to}::bigint) g`;
}

/** A seed row's date as JSON (a single day). */
export const SEED_DATE = sql`jsonb_build_object('value', day, 'precision', 'day', 'start', day, 'end', day)`;

/** A seed row's place as JSON. */
export const SEED_LOCATION = sql`jsonb_build_object('name', 'Seed ' || g, 'text', 'Seed ' || g, 'lat', lat,
  'lon', lon, 'country', 'Seedland', 'country_code', 'SL', 'admin1', 'Region ' || (g % 50), 'admin2', null,
  'geo_precision', 1, 'gazetteer_id', 'seed:' || g)`;

/** A seed row's first actor as JSON (97 actors in turn). */
export const SEED_ACTOR = sql`jsonb_build_object('name', 'Seed Actor ' || (g % 97), 'text', 'actor',
  'certainty', 'attributed')`;

/**
 * Inserts one report per seed row `from`..`to`: id `${prefix}-r<g>` in event `ev-${prefix}-<g>`, of the article
 * `article` names (SQL over the row), its JSON a full Report, its columns what the fusion and API queries read.
 */
export async function seedReports(
  db: Kysely<Database>,
  from: number,
  to: number,
  prefix: string,
  article: ReturnType<typeof sql>,
): Promise<void> {
  await sql`
    insert into reports (id, article_id, event_id, data, event_type, sub_event_type, date_start, date_end,
      span_class, lat, lon, actor1, actor2, country, admin1, is_background, article_url, article_outlet,
      article_published, article_title)
    select ${prefix} || '-r' || g, ${article}, 'ev-' || ${prefix} || '-' || g,
      jsonb_build_object('id', ${prefix} || '-r' || g, 'event_type', typ, 'sub_event_type', sub,
        'date', ${SEED_DATE}, 'location', ${SEED_LOCATION}, 'actor1', ${SEED_ACTOR}, 'actor2', null,
        'assoc_actors', '[]'::jsonb, 'fatalities', null, 'injuries', null, 'is_background', false,
        'confidence', 0.5, 'evidence', '[]'::jsonb),
      typ, sub, day, day, 0, lat, lon, 'Seed Actor ' || (g % 97), null, 'Seedland', 'Region ' || (g % 50),
      false, null, 'Seed Wire', day, null
    from (${seedRows(from, to)}) s`.execute(db);
}
