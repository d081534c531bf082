/**
 * The gazetteer port and its one in-process implementation: a compact, column-oriented index
 * (built by `createGazetteerBuilder`, serialisable as JSON) with exact and transliteration-tolerant
 * name keys, country and first-order-division reference points, demonyms and abbreviations.
 */
import type { Place } from "../model.js";
import { isIndexableScript, looseKey, normalizeName } from "./normalize.js";
import { memoBounded } from "../util/memo.js";

/** Lookup behind which the geoparser stays pure. */
export interface Gazetteer {
  /** Places whose name (or an alternate name) has this exact key (`normalizeName`), most populous first. */
  lookup(key: string): readonly Place[];
  /** Places in transliteration countries whose loose key (`looseKey`) is this, most populous first. */
  lookupLoose(key: string): readonly Place[];
  /** The place with this id (`geonames:170017`, `sitrep:t4-airbase`), or null. */
  byId(id: string): Place | null;
  /** The country with this ISO 3166 alpha-2 code, at its reference point, or null. */
  country(code: string): Place | null;
  /** The first-order division of a country by its name as Place.admin1 spells it, or null. */
  admin1(countryCode: string, name: string): Place | null;
  /** The seat of a first-order division (its PPLA, else the country's capital inside it), or null. */
  seat(countryCode: string, admin1: string): Place | null;
  /** ISO alpha-2 code of the country a demonym or adjective names ("Syrian" → SY), or null. */
  demonym(word: string): string | null;
  /** Some demonym of several words opens with this word ("South" of "South Sudanese"): a cheap pre-check. */
  opensDemonym(word: string): boolean;
  /** The place an abbreviation written exactly so names ("U.S.", "W.Va."), or null. */
  abbreviation(text: string): Place | null;
  /** Most words of any name starting with this first word (normalised), 0 when none does: a cheap pre-check. */
  maxWords(firstWord: string): number;
  /** Number of places indexed. */
  readonly size: number;
}

/** Serialisable form of the index (what the on-disk cache holds). */
export interface GazetteerIndexData {
  readonly version: number;
  readonly ids: string[];
  readonly names: string[];
  readonly lat: number[];
  readonly lon: number[];
  readonly cc: string[];
  readonly admin1: string[];
  readonly admin2: string[];
  readonly fclass: string[];
  readonly fcode: string[];
  readonly pop: number[];
  /** Exact keys and, at the same position, the place indexes sharing that key. */
  readonly exactKeys: string[];
  readonly exactPlaces: number[][];
  readonly looseKeys: string[];
  readonly loosePlaces: number[][];
  /** ISO alpha-2 → place index of the country. */
  readonly countries: Record<string, number>;
  /** `CC|normalised admin1 name` → place index. */
  readonly admin1Index: Record<string, number>;
  readonly demonyms: Record<string, string>;
  readonly abbreviations: Record<string, number>;
}

/** Version of the index layout; bump when GazetteerIndexData changes. */
export const INDEX_VERSION = 4;

/** Countries whose names are transliterated from Arabic, Persian, Kurdish, Pashto, Somali, Turkic or Sahelian languages. */
export const LOOSE_COUNTRIES: ReadonlySet<string> = new Set(
  "SY IQ LB JO PS IL YE SA AE KW QA BH OM IR AF PK EG LY TN DZ MA MR SD SS SO ER DJ ET ML NE TD BF NG TR AZ TM UZ TJ KG KZ UA".split(
    " ",
  ),
);

/** One place to add to a builder (names beyond `name` go in `alternates`). */
export interface PlaceInput {
  readonly id: string;
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
  readonly country_code: string | null;
  readonly admin1: string | null;
  readonly admin2: string | null;
  readonly feature_class: string;
  readonly feature_code: string;
  readonly population: number;
  readonly alternates?: readonly string[];
}

/** Accumulates places and names into a GazetteerIndexData. */
export interface GazetteerBuilder {
  /** Adds a place with its names; returns its index. */
  add(place: PlaceInput): number;
  /** Adds another name for an already added place. */
  alias(index: number, name: string): void;
  /** Marks a place as the reference point of a country. */
  setCountry(code: string, index: number): void;
  /** Marks a place as a first-order division of a country under a name. */
  setAdmin1(countryCode: string, name: string, index: number): void;
  demonym(word: string, countryCode: string): void;
  abbreviation(text: string, index: number): void;
  /** The index of a place id added before, or -1. */
  indexOf(id: string): number;
  finish(): GazetteerIndexData;
}

/** Creates an index builder, empty or continuing from existing index data (to add an imported dump). */
export function createGazetteerBuilder(from?: GazetteerIndexData): GazetteerBuilder {
  const d = {
    ids: [...(from?.ids ?? [])],
    names: [...(from?.names ?? [])],
    lat: [...(from?.lat ?? [])],
    lon: [...(from?.lon ?? [])],
    cc: [...(from?.cc ?? [])],
    admin1: [...(from?.admin1 ?? [])],
    admin2: [...(from?.admin2 ?? [])],
    fclass: [...(from?.fclass ?? [])],
    fcode: [...(from?.fcode ?? [])],
    pop: [...(from?.pop ?? [])],
  };
  const zip = (keys: readonly string[] = [], lists: readonly number[][] = []): Map<string, number[]> =>
    new Map(keys.map((k, i) => [k, [...(lists[i] ?? [])]]));
  const exact = zip(from?.exactKeys, from?.exactPlaces);
  const loose = zip(from?.looseKeys, from?.loosePlaces);
  const byId = new Map<string, number>(d.ids.map((id, i) => [id, i]));
  const countries: Record<string, number> = { ...from?.countries };
  const admin1Index: Record<string, number> = { ...from?.admin1Index };
  const demonyms: Record<string, string> = { ...from?.demonyms };
  const abbreviations: Record<string, number> = { ...from?.abbreviations };

  const put = (map: Map<string, number[]>, key: string, index: number): void => {
    if (key.length === 0) return;
    const list = map.get(key);
    if (!list) map.set(key, [index]);
    else if (list[list.length - 1] !== index && !list.includes(index)) list.push(index);
  };
  const alias = (index: number, name: string): void => {
    if (!isIndexableScript(name)) return;
    const key = normalizeName(name);
    put(exact, key, index);
    if (LOOSE_COUNTRIES.has(d.cc[index] ?? "")) put(loose, looseKey(key), index);
  };

  return {
    add(p) {
      const index = d.ids.length;
      d.ids.push(p.id);
      d.names.push(p.name);
      d.lat.push(Math.round(p.lat * 1e5) / 1e5);
      d.lon.push(Math.round(p.lon * 1e5) / 1e5);
      d.cc.push(p.country_code ?? "");
      d.admin1.push(p.admin1 ?? "");
      d.admin2.push(p.admin2 ?? "");
      d.fclass.push(p.feature_class);
      d.fcode.push(p.feature_code);
      d.pop.push(p.population);
      byId.set(p.id, index);
      alias(index, p.name);
      for (const name of p.alternates ?? []) alias(index, name);
      return index;
    },
    alias,
    setCountry(code, index) {
      countries[code] = index;
    },
    setAdmin1(countryCode, name, index) {
      admin1Index[`${countryCode}|${normalizeName(name)}`] = index;
    },
    demonym(word, countryCode) {
      demonyms[word] = countryCode;
    },
    abbreviation(text, index) {
      abbreviations[text] = index;
    },
    indexOf(id) {
      return byId.get(id) ?? -1;
    },
    finish() {
      const byPop = (list: number[]): number[] => list.sort((a, b) => (d.pop[b] ?? 0) - (d.pop[a] ?? 0));
      return {
        version: INDEX_VERSION,
        ...d,
        exactKeys: [...exact.keys()],
        exactPlaces: [...exact.values()].map(byPop),
        looseKeys: [...loose.keys()],
        loosePlaces: [...loose.values()].map(byPop),
        countries,
        admin1Index,
        demonyms,
        abbreviations,
      };
    },
  };
}

/** A sorted list of keys: a string array, or keys packed into one string (what a loaded cache holds). */
export interface KeyList {
  readonly length: number;
  at(index: number): string | undefined;
  /** Position of a key, -1 when absent (packed lists only). */
  locate?(key: string): number;
  /** The keys joined by newlines (packed lists only). */
  readonly joined?: string;
}

/**
 * Packs newline-joined sorted keys into a KeyList without one string object per key: the text and
 * the start of each key (a loaded index holds millions of keys).
 */
export function packKeys(joined: string): KeyList {
  if (joined.length === 0) return { length: 0, at: () => undefined, locate: () => -1, joined };
  let n = 1;
  for (let i = joined.indexOf("\n"); i >= 0; i = joined.indexOf("\n", i + 1)) n++;
  const starts = new Uint32Array(n + 1);
  let k = 1;
  for (let i = joined.indexOf("\n"); i >= 0; i = joined.indexOf("\n", i + 1)) starts[k++] = i + 1;
  starts[n] = joined.length + 1;
  const cmp = (i: number, key: string): number => {
    const s = starts[i] ?? 0;
    const len = (starts[i + 1] ?? 0) - 1 - s;
    const m = Math.min(len, key.length);
    for (let j = 0; j < m; j++) {
      const d = joined.charCodeAt(s + j) - key.charCodeAt(j);
      if (d !== 0) return d;
    }
    return len - key.length;
  };
  return {
    length: n,
    joined,
    at: (i) => (i >= 0 && i < n ? joined.slice(starts[i] ?? 0, (starts[i + 1] ?? 0) - 1) : undefined),
    locate(key) {
      let lo = 0;
      let hi = n - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const d = cmp(mid, key);
        if (d === 0) return mid;
        if (d < 0) lo = mid + 1;
        else hi = mid - 1;
      }
      return -1;
    },
  };
}

/** The keys of a KeyList as an array. */
export function keyArray(keys: KeyList): string[] {
  return Array.from({ length: keys.length }, (_, i) => keys.at(i) ?? "");
}

/** The runtime form of the index: sorted keys with postings in typed arrays, columns dictionary-encoded. */
export interface CompactIndex {
  readonly version: number;
  /** Place ids without the `geonames:` prefix when they have it. */
  readonly ids: readonly string[];
  readonly names: readonly string[];
  readonly lat: Float64Array;
  readonly lon: Float64Array;
  readonly pop: Float64Array;
  /** Dictionary of the string columns (country code, admin1, admin2, feature class, feature code). */
  readonly dict: readonly string[];
  readonly cc: Uint32Array;
  readonly admin1: Uint32Array;
  readonly admin2: Uint32Array;
  readonly fclass: Uint32Array;
  readonly fcode: Uint32Array;
  /** Sorted exact keys; places of key k are post[off[k]..off[k+1]). */
  readonly exactKeys: KeyList;
  readonly exactOff: Uint32Array;
  readonly exactPost: Uint32Array;
  /** Sorted first words of the exact keys, and the most words of a key starting with each. */
  readonly firstWords: KeyList;
  readonly firstMax: Uint32Array;
  readonly looseKeys: KeyList;
  readonly looseOff: Uint32Array;
  readonly loosePost: Uint32Array;
  readonly countries: Record<string, number>;
  readonly admin1Index: Record<string, number>;
  readonly demonyms: Record<string, string>;
  readonly abbreviations: Record<string, number>;
}

const GEONAMES = "geonames:";

function postings(keys: readonly string[], lists: readonly number[][]): [string[], Uint32Array, Uint32Array] {
  const order = keys.map((_, i) => i).sort((a, b) => ((keys[a] ?? "") < (keys[b] ?? "") ? -1 : 1));
  const off = new Uint32Array(keys.length + 1);
  let total = 0;
  for (const l of lists) total += l.length;
  const post = new Uint32Array(total);
  let at = 0;
  order.forEach((k, j) => {
    off[j] = at;
    for (const p of lists[k] ?? []) post[at++] = p;
  });
  off[keys.length] = at;
  return [order.map((k) => keys[k] ?? ""), off, post];
}

/** Converts builder output to the compact runtime form. */
export function compactIndex(data: GazetteerIndexData): CompactIndex {
  const dict: string[] = [""];
  const codes = new Map<string, number>([["", 0]]);
  const enc = (col: readonly string[]): Uint32Array =>
    Uint32Array.from(col, (v) => {
      let c = codes.get(v);
      if (c === undefined) {
        c = dict.length;
        dict.push(v);
        codes.set(v, c);
      }
      return c;
    });
  const [exactKeys, exactOff, exactPost] = postings(data.exactKeys, data.exactPlaces);
  const [looseKeys, looseOff, loosePost] = postings(data.looseKeys, data.loosePlaces);
  const most = new Map<string, number>();
  for (const key of exactKeys) {
    const words = key.split(" ");
    const w = words[0] ?? "";
    if ((most.get(w) ?? 0) < words.length) most.set(w, words.length);
  }
  const firstWords = [...most.keys()].sort((a, b) => (a < b ? -1 : 1));
  const firstMax = Uint32Array.from(firstWords, (w) => most.get(w) ?? 0);
  return {
    version: data.version,
    ids: data.ids.map((id) => (id.startsWith(GEONAMES) ? id.slice(GEONAMES.length) : id)),
    names: data.names,
    lat: Float64Array.from(data.lat),
    lon: Float64Array.from(data.lon),
    pop: Float64Array.from(data.pop),
    cc: enc(data.cc),
    admin1: enc(data.admin1),
    admin2: enc(data.admin2),
    fclass: enc(data.fclass),
    fcode: enc(data.fcode),
    dict,
    exactKeys,
    exactOff,
    exactPost,
    firstWords,
    firstMax,
    looseKeys,
    looseOff,
    loosePost,
    countries: data.countries,
    admin1Index: data.admin1Index,
    demonyms: data.demonyms,
    abbreviations: data.abbreviations,
  };
}

/** Converts the compact form back to builder input (to add a dump to a cached index). */
export function expandIndex(c: CompactIndex): GazetteerIndexData {
  const dec = (col: Uint32Array): string[] => Array.from(col, (v) => c.dict[v] ?? "");
  const lists = (keys: KeyList, off: Uint32Array, post: Uint32Array): number[][] =>
    Array.from({ length: keys.length }, (_, k) => Array.from(post.subarray(off[k] ?? 0, off[k + 1] ?? 0)));
  return {
    version: c.version,
    ids: c.ids.map((id) => (/^\d+$/.test(id) ? GEONAMES + id : id)),
    names: [...c.names],
    lat: Array.from(c.lat),
    lon: Array.from(c.lon),
    pop: Array.from(c.pop),
    cc: dec(c.cc),
    admin1: dec(c.admin1),
    admin2: dec(c.admin2),
    fclass: dec(c.fclass),
    fcode: dec(c.fcode),
    exactKeys: keyArray(c.exactKeys),
    exactPlaces: lists(c.exactKeys, c.exactOff, c.exactPost),
    looseKeys: keyArray(c.looseKeys),
    loosePlaces: lists(c.looseKeys, c.looseOff, c.loosePost),
    countries: c.countries,
    admin1Index: c.admin1Index,
    demonyms: c.demonyms,
    abbreviations: c.abbreviations,
  };
}

function search(keys: KeyList, key: string): number {
  if (keys.locate) return keys.locate(key);
  let lo = 0;
  let hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const k = keys.at(mid) ?? "";
    if (k === key) return mid;
    if (k < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Wraps index data (builder output or compact form) as a Gazetteer; Place objects are made on first use and kept. */
export function gazetteerFromIndex(input: GazetteerIndexData | CompactIndex): Gazetteer {
  const c = "exactOff" in input ? input : compactIndex(input);
  let byId: Map<string, number> | null = null;
  const cache: (Place | undefined)[] = new Array(c.ids.length);
  const str = (col: Uint32Array, i: number): string => c.dict[col[i] ?? 0] ?? "";
  const place = (i: number): Place => {
    const hit = cache[i];
    if (hit) return hit;
    const cc = str(c.cc, i);
    const ci = cc ? c.countries[cc] : undefined;
    const id = c.ids[i] ?? "";
    const made: Place = {
      id: /^\d+$/.test(id) ? GEONAMES + id : id,
      name: c.names[i] ?? "",
      lat: c.lat[i] ?? 0,
      lon: c.lon[i] ?? 0,
      country_code: cc || null,
      country: ci === undefined ? null : (c.names[ci] ?? null),
      admin1: str(c.admin1, i) || null,
      admin2: str(c.admin2, i) || null,
      feature_class: str(c.fclass, i),
      feature_code: str(c.fcode, i),
      population: c.pop[i] ?? 0,
    };
    cache[i] = made;
    return made;
  };
  const find = (keys: KeyList, off: Uint32Array, post: Uint32Array, key: string): readonly Place[] => {
    const k = search(keys, key);
    if (k < 0) return [];
    const out: Place[] = [];
    for (let j = off[k] ?? 0; j < (off[k + 1] ?? 0); j++) out.push(place(post[j] ?? 0));
    return out;
  };
  const maxWords = memoBounded((word: string): number => {
    const k = search(c.firstWords, word);
    return k < 0 ? 0 : (c.firstMax[k] ?? 0);
  }, 100_000);
  const demonyms = new Map(Object.entries(c.demonyms));
  const demonymOpeners = new Set([...demonyms.keys()].filter((d) => d.includes(" ")).map(firstWord));
  const abbreviations = new Map(Object.entries(c.abbreviations));
  // Candidate lists of the names looked up so far (bounded), so a frequent name costs one hash lookup.
  const lookupExact = memoBounded((key: string) => find(c.exactKeys, c.exactOff, c.exactPost, key), 100_000);
  const lookupLoose = memoBounded((key: string) => find(c.looseKeys, c.looseOff, c.loosePost, key), 100_000);
  // `CC|admin1` → index of the division's seat, made on first use: the most populous PPLA, else a PPLC.
  let seats: Map<string, number> | null = null;
  const seatIndex = (): Map<string, number> => {
    const out = new Map<string, number>();
    const rank = (i: number) => (str(c.fcode, i) === "PPLA" ? 2 : 1) * 1e12 + (c.pop[i] ?? 0);
    for (let i = 0; i < c.ids.length; i++) {
      const code = str(c.fcode, i);
      if (code !== "PPLA" && code !== "PPLC") continue;
      const key = `${str(c.cc, i)}|${str(c.admin1, i)}`;
      const had = out.get(key);
      if (had === undefined || rank(i) > rank(had)) out.set(key, i);
    }
    return out;
  };
  return {
    size: c.ids.length,
    maxWords,
    lookup: lookupExact,
    lookupLoose,
    byId(id) {
      if (!byId) byId = new Map(c.ids.map((x, i) => [/^\d+$/.test(x) ? GEONAMES + x : x, i]));
      const i = byId.get(id);
      return i === undefined ? null : place(i);
    },
    country(code) {
      const i = c.countries[code];
      return i === undefined ? null : place(i);
    },
    admin1(countryCode, name) {
      const i = c.admin1Index[`${countryCode}|${normalizeName(name)}`];
      return i === undefined ? null : place(i);
    },
    seat(countryCode, admin1) {
      seats ??= seatIndex();
      const i = seats.get(`${countryCode}|${admin1}`);
      return i === undefined ? null : place(i);
    },
    demonym: (word) => demonyms.get(word) ?? null,
    opensDemonym: (word) => demonymOpeners.has(word),
    abbreviation(text) {
      const i = abbreviations.get(text);
      return i === undefined ? null : place(i);
    },
  };
}

/** Extra tables for a memory gazetteer: alternate names by place id, demonyms, abbreviations (text → place id). */
export interface MemoryGazetteerExtras {
  readonly alternates?: Readonly<Record<string, readonly string[]>>;
  readonly demonyms?: Readonly<Record<string, string>>;
  readonly abbreviations?: Readonly<Record<string, string>>;
}

/** The first word of a name of several words, without a period after it ("St" of "St. Lucian"). */
function firstWord(name: string): string {
  const word = name.slice(0, name.indexOf(" "));
  return word.endsWith(".") ? word.slice(0, -1) : word;
}

/** An in-memory gazetteer over a handful of places (tests, small custom lists). Countries are places with feature code PCLI, provinces ADM1. */
export function createMemoryGazetteer(
  places: readonly Place[],
  extras: MemoryGazetteerExtras = {},
): Gazetteer {
  const b = createGazetteerBuilder();
  for (const p of places) {
    const index = b.add({ ...p, alternates: extras.alternates?.[p.id] ?? [] });
    if (p.feature_code.startsWith("PCL") && p.country_code) b.setCountry(p.country_code, index);
    if (p.feature_code === "ADM1" && p.country_code) b.setAdmin1(p.country_code, p.name, index);
  }
  for (const [word, code] of Object.entries(extras.demonyms ?? {})) b.demonym(word, code);
  for (const [text, id] of Object.entries(extras.abbreviations ?? {})) {
    const i = b.indexOf(id);
    if (i >= 0) b.abbreviation(text, i);
  }
  const data = b.finish();
  const gaz = gazetteerFromIndex(data);
  // Keep the caller's country names: a memory gazetteer has them on each Place already.
  const given = new Map(places.map((p) => [p.id, p]));
  const keep = (p: Place): Place => given.get(p.id) ?? p;
  return {
    size: gaz.size,
    maxWords: gaz.maxWords,
    lookup: (k) => gaz.lookup(k).map(keep),
    lookupLoose: (k) => gaz.lookupLoose(k).map(keep),
    byId: (id) => given.get(id) ?? null,
    country: (c) => {
      const p = gaz.country(c);
      return p ? keep(p) : null;
    },
    admin1: (c, n) => {
      const p = gaz.admin1(c, n);
      return p ? keep(p) : null;
    },
    seat: (c, a) => {
      const p = gaz.seat(c, a);
      return p ? keep(p) : null;
    },
    demonym: gaz.demonym,
    opensDemonym: gaz.opensDemonym,
    abbreviation: (t) => {
      const p = gaz.abbreviation(t);
      return p ? keep(p) : null;
    },
  };
}
