// Border polygons made continuous across the antimeridian (world-atlas rings jump from 180° to -180°, which a
// flat map draws as a band around the world). Pure: tested in test/web-units.test.ts.

type Ring = readonly (readonly number[])[];

/**
 * A ring made continuous across the antimeridian: after a jump of more than 180° in longitude the following
 * points shift by 360°, so a country lying across 180° (Fiji, Chukotka) is not drawn as a band around the world.
 */
export function unwrapRing(ring: Ring): number[][] {
  let shift = 0;
  return ring.map(([lon, lat], i) => {
    const prev = ring[i - 1];
    if (prev) {
      const jump = (lon as number) - (prev[0] as number);
      if (jump > 180) shift -= 360;
      else if (jump < -180) shift += 360;
    }
    return [(lon as number) + shift, lat as number];
  });
}

/** A country's geometry with every ring made continuous across the antimeridian (unwrapRing). */
export function unwrapGeometry(geometry: GeoJSON.Geometry): GeoJSON.Geometry {
  if (geometry.type === "Polygon") return { ...geometry, coordinates: geometry.coordinates.map(unwrapRing) };
  if (geometry.type === "MultiPolygon") {
    return { ...geometry, coordinates: geometry.coordinates.map((p) => p.map(unwrapRing)) };
  }
  return geometry;
}
