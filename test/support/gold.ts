// The shape of a hand-gold event (../shared/corpus/seeds/gold.json, news-dev gold.json), read by tests and scripts.
import type { Certainty, DatePrecision, GeoPrecision } from "../../src/model.js";

/** One gold event; a list in a field means several acceptable values, the first preferred. */
export interface GoldEvent {
  key: string;
  sub_event_type: string | string[];
  date: string | null;
  date_precision: DatePrecision;
  location: string | string[] | null;
  admin1: string | null;
  country: string | null;
  geo_precision: GeoPrecision | null;
  lat: number | null;
  lon: number | null;
  actor1: string | string[] | null;
  actor2: string | string[] | null;
  actor1_certainty: Certainty;
  fatalities: { count_low: number; count_high: number | null; reported_by: string | null }[];
  is_background: boolean;
  summary?: string;
  same_event_as: string[];
}

/** The preferred value of a gold field that may list several. */
export const first = <T>(v: T | T[] | null): T | null => (Array.isArray(v) ? (v[0] ?? null) : v);
