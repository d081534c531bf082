// The map's markers: GET /api/v1/clusters' grid cells (the server groups the events, never the page) and how
// large each is drawn.
import type { GeoPrecision } from "../../src/model.js";

/** One marker on the map: a single event (id and precision set) or a cluster of several. */
export interface Cluster {
  readonly lon: number;
  readonly lat: number;
  readonly events: number;
  readonly fatalities: number;
  /** The most frequent event type among its events. */
  readonly event_type: string;
  readonly id?: string;
  readonly precision?: GeoPrecision;
}

/** Marker radius in pixels: grows with the number of events and, more slowly, with the fatalities. */
export function markerRadius(events: number, fatalities: number): number {
  return Math.round(6 + 3 * Math.log2(events) + 2.2 * Math.sqrt(Math.max(0, fatalities)) ** 0.8);
}
