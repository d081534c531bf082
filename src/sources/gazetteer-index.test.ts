import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { geoparse } from "../geocode/index.js";
import { normalizeName } from "../geocode/normalize.js";
import { gazetteerStats, INDEX_FILE, importGeonamesDump, loadGazetteer } from "./gazetteer-index.js";

/** One cache folder shared by the gazetteer tests of a run (the first build takes a few seconds). */
const CACHE = join(tmpdir(), "sitrep-test-gazetteer-cache");

test("the built index finds a town under every GeoNames spelling and knows its province and country", async () => {
  const gaz = await loadGazetteer(CACHE);
  assert.ok(gaz.size > 200_000, `expected the whole of cities500, found ${gaz.size} places`);
  for (const name of ["Abu Kamal", "Albu Kamal", "Al-Bukamal", "أبو كمال", "Абу-Камаль"]) {
    const ids = gaz.lookup(normalizeName(name)).map((p) => p.id);
    assert.ok(ids.includes("geonames:174448"), `${name} → ${ids.join(",")}`);
  }
  const town = gaz.byId("geonames:174448");
  assert.equal(town?.country, "Syria");
  assert.equal(town?.admin1, "Deir ez-Zor");
  const syria = gaz.country("SY");
  assert.equal(syria?.feature_code, "PCLI");
  assert.ok(syria && Math.abs(syria.lat - 35) < 2 && Math.abs(syria.lon - 38) < 2);
  assert.equal(gaz.admin1("SY", "Deir ez-Zor")?.feature_code, "ADM1");
  assert.equal(gaz.demonym("Syrian"), "SY");
  assert.equal(gaz.abbreviation("W.Va.")?.name, "West Virginia");
});

test("curated conflict sites are in the index with their coordinates", async () => {
  const gaz = await loadGazetteer(CACHE);
  const t4 = gaz.lookup(normalizeName("T-4 airbase"));
  assert.equal(t4[0]?.id, "sitrep:t4-airbase");
  const [r] = geoparse("Missiles struck the al-Tanf garrison overnight.", gaz);
  assert.equal(r?.place.id, "sitrep:al-tanf-garrison");
  const airport = geoparse("Shells fell on Deir ez-Zor airport.", gaz);
  assert.equal(airport[0]?.place.id, "sitrep:deir-ez-zor-airport");
});

test("a second load in the same process is the same gazetteer, and stats are kept", async () => {
  const a = await loadGazetteer(CACHE);
  const b = await loadGazetteer(CACHE);
  assert.equal(a, b);
  const s = gazetteerStats(CACHE);
  assert.ok(s && s.places === a.size && s.bytes > 1_000_000);
});

test("importing a GeoNames dump adds its places and reports malformed lines by number", async () => {
  await loadGazetteer(CACHE);
  const dir = mkdtempSync(join(tmpdir(), "sitrep-gaz-import-"));
  mkdirSync(join(dir, "cache"));
  copyFileSync(join(CACHE, INDEX_FILE), join(dir, "cache", INDEX_FILE));
  const dump = join(dir, "XX.txt");
  const good = [
    "99999901",
    "Qaryat Sitrep",
    "Qaryat Sitrep",
    "Sitrep Village,قرية سيتريب",
    "34.9",
    "40.1",
    "P",
    "PPL",
    "SY",
    "",
    "07",
    "",
    "",
    "",
    "800",
    "",
    "200",
    "Asia/Damascus",
    "2020-01-01",
  ].join("\t");
  writeFileSync(
    dump,
    `${good}\nthis line is not a dump line\n99999902\tBad\tBad\t\tnorth\t40\tP\tPPL\tSY\t\t07\t\t\t\t0\t\t\tx\t2020-01-01\n`,
  );
  const problems: number[] = [];
  const result = await importGeonamesDump(join(dir, "cache"), dump, (p) => problems.push(p.line));
  assert.equal(result.added, 1);
  assert.deepEqual(problems, [2, 3]);
  const gaz = await loadGazetteer(join(dir, "cache"));
  const [p] = gaz.lookup(normalizeName("Sitrep Village"));
  assert.equal(p?.id, "geonames:99999901");
  assert.equal(p?.admin1, "Deir ez-Zor");
  assert.equal(p?.country, "Syria");
});

test("importing a missing file says which file", async () => {
  await assert.rejects(
    importGeonamesDump(CACHE, "/nonexistent/allCountries.txt"),
    /no file at \/nonexistent/,
  );
});

test("conflict spellings resolve to the towns on the real index", async () => {
  const gaz = await loadGazetteer(CACHE);
  const found = geoparse(
    "Jets struck Maarat al-Numan and Khan Sheikhoun. In Deir al-Zour, fighters attacked the Omar oil field. Clashes erupted in Hasakah.",
    gaz,
  );
  const byText = new Map(found.map((r) => [r.span.text, r.place]));
  assert.equal(byText.get("Maarat al-Numan")?.admin1, "Idlib");
  assert.equal(byText.get("Khan Sheikhoun")?.country_code, "SY");
  assert.equal(byText.get("Deir al-Zour")?.feature_code, "PPLA");
  assert.equal(byText.get("Omar oil field")?.id, "sitrep:al-omar-oil-field");
  assert.equal(byText.get("Hasakah")?.feature_class, "P");
});
