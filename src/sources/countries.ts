// Country names as the store holds them (the gazetteer's), found from any spelling case or an ISO 3166-1 alpha-2
// code: the API's `country=` and the CLI's `--country` both go through here.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { GAZETTEER_DATA_DIR } from "./gazetteer-index.js";

/** Lower-cased name or alpha-2 code → the gazetteer's country name (data/gazetteer/countries.tsv). */
export function countryNames(tsv: string): ReadonlyMap<string, string> {
  const names = new Map<string, string>();
  for (const line of tsv.split("\n")) {
    if (line.startsWith("#") || line.trim() === "") continue;
    const [iso2 = "", , name = ""] = line.split("\t");
    if (!name) continue;
    names.set(name.toLowerCase(), name);
    if (iso2) names.set(iso2.toLowerCase(), name);
  }
  return names;
}

let loaded: ReadonlyMap<string, string> | null = null;

/** The stored spelling of a country given by name (any case) or ISO alpha-2 code, or null when none has it. */
export function storedCountry(value: string): string | null {
  loaded ??= countryNames(readFileSync(join(GAZETTEER_DATA_DIR, "countries.tsv"), "utf8"));
  return loaded.get(value.trim().toLowerCase()) ?? null;
}

/** The stored spelling of a country given by name (any case) or ISO alpha-2 code; unknown names pass unchanged. */
export function canonicalCountry(value: string): string {
  return storedCountry(value) ?? value.trim();
}
