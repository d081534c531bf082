// The whole view in the page's URL (filters, map camera, selected event, article and tab), so a link reproduces
// it; and the API query of a filter set. Pure: no DOM, tested in test/web-units.test.ts.
import { CERTAINTIES, type Certainty, type EventStatus } from "../../src/model.js";

/** The filters a person sets; every one is optional except whether background events show. */
export interface Filters {
  readonly from?: string;
  readonly to?: string;
  readonly event_type?: string;
  readonly sub_event_type?: string;
  readonly actor?: string;
  readonly certainty?: Certainty;
  readonly country?: string;
  readonly status?: EventStatus;
  readonly q?: string;
  readonly include_background: boolean;
}

/** The map camera: centre and zoom. */
export interface Camera {
  readonly lon: number;
  readonly lat: number;
  readonly zoom: number;
}

/** Which list the sidebar shows: matching events, or the review queue. */
export type Tab = "events" | "review";

/** Everything the URL holds. */
export interface View {
  readonly filters: Filters;
  readonly camera: Camera | null;
  readonly event: string | null;
  /** The article shown with its evidence, when one is open. */
  readonly article: string | null;
  readonly tab: Tab;
}

/** The text filters, in the order they appear in URLs. */
export const TEXT_FILTERS = [
  "from",
  "to",
  "event_type",
  "sub_event_type",
  "actor",
  "certainty",
  "country",
  "status",
  "q",
] as const;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const STATUSES: readonly string[] = ["auto", "reviewed", "rejected"];

/** The view a URL query string names; unreadable values are dropped, never guessed. */
export function parseView(search: string): View {
  const p = new URLSearchParams(search);
  const filters: Record<string, string | boolean> = { include_background: p.get("background") === "1" };
  for (const name of TEXT_FILTERS) {
    const value = p.get(name)?.trim();
    if (!value) continue;
    if ((name === "from" || name === "to") && !DAY.test(value)) continue;
    if (name === "certainty" && !(CERTAINTIES as readonly string[]).includes(value)) continue;
    if (name === "status" && !STATUSES.includes(value)) continue;
    filters[name] = value;
  }
  return {
    filters: filters as unknown as Filters,
    camera: parseCamera(p.get("map")),
    event: p.get("event") || null,
    article: p.get("article") || null,
    tab: p.get("tab") === "review" ? "review" : "events",
  };
}

function parseCamera(text: string | null): Camera | null {
  const parts = text?.split(",").map(Number);
  if (parts?.length !== 3 || parts.some((n) => !Number.isFinite(n))) return null;
  const [lon, lat, zoom] = parts as [number, number, number];
  if (Math.abs(lon) > 180 || Math.abs(lat) > 85 || zoom < 0 || zoom > 22) return null;
  return { lon, lat, zoom };
}

/** The URL query string of a view (without "?"), filters first; empty values are left out. */
export function viewSearch(view: View): string {
  const p = new URLSearchParams();
  for (const name of TEXT_FILTERS) {
    const value = view.filters[name];
    if (value) p.set(name, value);
  }
  if (view.filters.include_background) p.set("background", "1");
  if (view.tab !== "events") p.set("tab", view.tab);
  if (view.camera) {
    const { lon, lat, zoom } = view.camera;
    p.set("map", `${lon.toFixed(4)},${lat.toFixed(4)},${zoom.toFixed(2)}`);
  }
  if (view.event) p.set("event", view.event);
  if (view.article) p.set("article", view.article);
  return p.toString();
}

/** A west,south,east,north box in degrees. */
export type Bbox = readonly [number, number, number, number];

/** A map's visible box clamped to what the API accepts (longitudes in [-180, 180]; a wrapped world is the world). */
export function clampBbox([west, south, east, north]: Bbox): Bbox {
  const clampLat = (v: number) => Math.max(-90, Math.min(90, v));
  if (east - west >= 360) return [-180, clampLat(south), 180, clampLat(north)];
  const clampLon = (v: number) => Math.max(-180, Math.min(180, v));
  return [clampLon(west), clampLat(south), clampLon(east), clampLat(north)].map(
    (v) => Math.round(v * 1e4) / 1e4,
  ) as unknown as Bbox;
}

/** The API query parameters of a filter set (every filter is the server's), plus extra ones (bbox, limit, cursor). */
export function apiQuery(filters: Filters, extra: Record<string, string | undefined> = {}): URLSearchParams {
  const p = new URLSearchParams();
  for (const name of TEXT_FILTERS) {
    const value = filters[name];
    if (value) p.set(name, value);
  }
  if (filters.include_background) p.set("include_background", "true");
  for (const [name, value] of Object.entries(extra)) if (value !== undefined) p.set(name, value);
  return p;
}
