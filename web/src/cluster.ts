// Grid clustering of events in the page, in the shape of GET /api/v1/clusters, for views the server sends as
// events (zoomed in, or a server without the clusters route). Pure: tested in test/web-units.test.ts.
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

/** What clustering needs of an event. */
export interface EventPoint {
  readonly id: string;
  readonly lon: number;
  readonly lat: number;
  readonly event_type: string;
  readonly fatalities: number;
  readonly precision: GeoPrecision;
}

/** Cell size in screen pixels: markers closer than this at the current zoom share a cluster. */
export const CELL_PX = 48;

/** Web-Mercator pixel coordinates of a point at a zoom (512-pixel tiles, as MapLibre draws them). */
function pixel(lon: number, lat: number, zoom: number): [number, number] {
  const size = 512 * 2 ** zoom;
  const sin = Math.sin((Math.max(-85, Math.min(85, lat)) * Math.PI) / 180);
  return [((lon + 180) / 360) * size, (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * size];
}

/** Events grouped by screen cell at a zoom; each cluster sits at its members' mean position. */
export function gridClusters(points: readonly EventPoint[], zoom: number): Cluster[] {
  const cells = new Map<string, EventPoint[]>();
  for (const point of points) {
    const [x, y] = pixel(point.lon, point.lat, Math.floor(zoom));
    const key = `${Math.floor(x / CELL_PX)}:${Math.floor(y / CELL_PX)}`;
    const cell = cells.get(key);
    if (cell) cell.push(point);
    else cells.set(key, [point]);
  }
  return [...cells.values()].map((members) => {
    const first = members[0]!;
    if (members.length === 1) {
      return {
        lon: first.lon,
        lat: first.lat,
        events: 1,
        fatalities: first.fatalities,
        event_type: first.event_type,
        id: first.id,
        precision: first.precision,
      };
    }
    const mean = (f: (p: EventPoint) => number) => members.reduce((s, p) => s + f(p), 0) / members.length;
    return {
      lon: mean((p) => p.lon),
      lat: mean((p) => p.lat),
      events: members.length,
      fatalities: members.reduce((s, p) => s + p.fatalities, 0),
      event_type: mostFrequent(members.map((p) => p.event_type)),
    };
  });
}

/** The most frequent value (the first seen among equals). */
export function mostFrequent(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = values[0] ?? "";
  for (const [v, n] of counts) if (n > (counts.get(best) ?? 0)) best = v;
  return best;
}

/** Marker radius in pixels: grows with the number of events and, more slowly, with the fatalities. */
export function markerRadius(events: number, fatalities: number): number {
  return Math.round(6 + 3 * Math.log2(events) + 2.2 * Math.sqrt(Math.max(0, fatalities)) ** 0.8);
}
