// Distances on the globe: haversine lives here and nowhere else.

/** A point in degrees (WGS 84). */
export interface LatLon {
  readonly lat: number;
  readonly lon: number;
}

/** Mean Earth radius in kilometres. */
const EARTH_RADIUS_KM = 6371;

/** Great-circle distance in kilometres between two points (haversine on a sphere of the mean Earth radius). */
export function distanceKm(a: LatLon, b: LatLon): number {
  const rad = Math.PI / 180;
  const halfNorth = Math.sin(((b.lat - a.lat) * rad) / 2);
  const halfEast = Math.sin(((b.lon - a.lon) * rad) / 2);
  const h = halfNorth ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * halfEast ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
