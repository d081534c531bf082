import assert from "node:assert/strict";
import { test } from "node:test";
import { distanceKm } from "./geo.js";

test("distanceKm: great-circle distances within a kilometre of the known ones", () => {
  // Coordinates are rounded public facts: city centres and reference points on the globe.
  const cases: [string, { lat: number; lon: number }, { lat: number; lon: number }, number][] = [
    ["same point", { lat: 34.5, lon: 40.9 }, { lat: 34.5, lon: 40.9 }, 0],
    ["one degree of latitude", { lat: 10, lon: 20 }, { lat: 11, lon: 20 }, 111.19],
    ["one degree of longitude at the equator", { lat: 0, lon: 179.5 }, { lat: 0, lon: -179.5 }, 111.19],
    ["pole to pole", { lat: 90, lon: 0 }, { lat: -90, lon: 0 }, 20015.09],
    ["antipodes on the equator", { lat: 0, lon: 0 }, { lat: 0, lon: 180 }, 20015.09],
  ];
  for (const [name, a, b, km] of cases) {
    assert.ok(Math.abs(distanceKm(a, b) - km) < 1, `${name}: ${distanceKm(a, b)}`);
    assert.equal(distanceKm(a, b), distanceKm(b, a), `${name} is symmetric`);
  }
});
