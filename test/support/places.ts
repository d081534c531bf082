// Gazetteer places for geocode tests: real places (GeoNames ids and coordinates, rounded) and made-up namesakes.
import type { Place } from "../../src/model.js";

/** A Place from its facts; the feature class follows the code (PPL* a town, AIRB a site, else an area). */
export function place(
  id: string,
  name: string,
  lat: number,
  lon: number,
  cc: string,
  country: string,
  admin1: string | null,
  fcode: string,
  population = 0,
): Place {
  return {
    id,
    name,
    lat,
    lon,
    country_code: cc,
    country,
    admin1,
    admin2: null,
    feature_class: fcode.startsWith("PPL") ? "P" : fcode === "AIRB" ? "S" : "A",
    feature_code: fcode,
    population,
  };
}
