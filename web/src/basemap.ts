// The offline base map: Natural Earth country borders (world-atlas TopoJSON, bundled) as GeoJSON, a style with
// no tile server and no glyphs, and a label point per country (labels are HTML, so no font files are needed).
import type { StyleSpecification } from "maplibre-gl";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import worldUrl from "world-atlas/countries-50m.json?url";
import { unwrapGeometry } from "./antimeridian.js";

/** A country's label: its name, where to put it, and the zoom from which it shows (big countries first). */
export interface CountryLabel {
  readonly name: string;
  readonly lon: number;
  readonly lat: number;
  readonly minZoom: number;
}

/** The style the map starts with: the sea; countries are added once their borders are read. */
export const BASE_STYLE: StyleSpecification = {
  version: 8,
  sources: {},
  layers: [{ id: "sea", type: "background", paint: { "background-color": "#c9dce6" } }],
};

/** Credit shown in the map's attribution. */
export const BASEMAP_CREDIT = "Borders: Natural Earth (public domain) via world-atlas";

type Ring = readonly (readonly number[])[];

/** Area of a ring in square degrees (shoelace) and its centroid. */
function ringCentroid(ring: Ring): { area: number; lon: number; lat: number } {
  let a = 0;
  let x = 0;
  let y = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x0, y0] = ring[i] as [number, number];
    const [x1, y1] = ring[i + 1] as [number, number];
    const f = x0 * y1 - x1 * y0;
    a += f;
    x += (x0 + x1) * f;
    y += (y0 + y1) * f;
  }
  if (a === 0) {
    const [lon, lat] = ring[0] as [number, number];
    return { area: 0, lon, lat };
  }
  return { area: Math.abs(a / 2), lon: x / (3 * a), lat: y / (3 * a) };
}

/** A label at the centroid of a country's largest polygon; the larger the country, the earlier it shows. */
export function countryLabel(name: string, geometry: GeoJSON.Geometry): CountryLabel | null {
  const polygons =
    geometry.type === "Polygon"
      ? [geometry.coordinates]
      : geometry.type === "MultiPolygon"
        ? geometry.coordinates
        : [];
  let best: { area: number; lon: number; lat: number } | null = null;
  for (const polygon of polygons) {
    const outer = polygon[0];
    if (!outer) continue;
    const c = ringCentroid(outer);
    if (!best || c.area > best.area) best = c;
  }
  if (!best) return null;
  const minZoom = best.area > 300 ? 1 : best.area > 40 ? 2 : best.area > 4 ? 3.5 : 5;
  return { name, lon: best.lon, lat: best.lat, minZoom };
}

/** Reads the bundled borders (same origin) into GeoJSON countries and their labels. */
export async function loadCountries(): Promise<{
  countries: GeoJSON.FeatureCollection;
  labels: CountryLabel[];
}> {
  const topology = (await (await fetch(worldUrl)).json()) as Topology<{ countries: GeometryCollection }>;
  const read = feature(topology, topology.objects.countries) as GeoJSON.FeatureCollection;
  const countries: GeoJSON.FeatureCollection = {
    ...read,
    features: read.features.map((f) => ({ ...f, geometry: unwrapGeometry(f.geometry) })),
  };
  const labels = countries.features.flatMap((f) => {
    const name = (f.properties as { name?: string } | null)?.name;
    const label = name ? countryLabel(name, f.geometry) : null;
    return label ? [label] : [];
  });
  return { countries, labels };
}
