// Fictional reports for the fusion tests and bench: invented outlets, monitors and ids; place coordinates are
// public facts (approximate town centres).
import type {
  Certainty,
  Claim,
  Count,
  Report,
  ReportLocation,
  SourcedReport,
  SubEventType,
} from "../../src/model.js";
import { eventTypeOf } from "../../src/fuse/rules.js";

/** Places used by the fixtures (approximate coordinates of real towns; the ids are the tests' own). */
export const PLACES = {
  abuKamal: place("Abu Kamal", 34.4506, 40.9171, "Syria", "SY", "Deir ez-Zor", 1),
  deirEzZor: place("Deir ez-Zor", 35.3359, 40.1408, "Syria", "SY", "Deir ez-Zor", 1),
  mayadin: place("Al Mayadin", 35.0203, 40.4513, "Syria", "SY", "Deir ez-Zor", 1),
  hasakah: place("Al-Hasakah", 36.5024, 40.7477, "Syria", "SY", "Al-Hasakah", 1),
  damascus: place("Damascus", 33.5102, 36.2913, "Syria", "SY", "Damascus", 1),
  sweida: place("As Suwayda", 32.7094, 36.5695, "Syria", "SY", "As-Sweida", 2),
  aleppo: place("Aleppo", 36.2021, 37.1343, "Syria", "SY", "Aleppo", 1),
  mosul: place("Mosul", 36.335, 43.1189, "Iraq", "IQ", "Nineveh", 1),
} as const;

function place(
  name: string,
  lat: number,
  lon: number,
  country: string,
  cc: string,
  admin1: string,
  geo: 1 | 2 | 3,
): ReportLocation {
  return {
    name,
    text: name,
    lat,
    lon,
    country,
    country_code: cc,
    admin1,
    admin2: null,
    geo_precision: geo,
    gazetteer_id: `test:${name.toLowerCase().replace(/\W+/g, "-")}`,
  };
}

/** A casualty count with one claim per [low, high, reported_by] triple. */
export function count(...claims: readonly [number, number | null, string | null, Partial<Claim>?][]): Count {
  const list: Claim[] = claims.map(([low, high, reportedBy, extra], i) => ({
    low,
    high,
    who: null,
    reported_by: reportedBy,
    evidence: { start: 100 + i * 50, end: 130 + i * 50 },
    ...extra,
  }));
  return {
    low: Math.min(...list.map((c) => c.low)),
    high: list.some((c) => c.high !== null) ? Math.max(...list.map((c) => c.high ?? c.low)) : null,
    claims: list,
  };
}

/** A day-precise report date. */
export function day(value: string): Report["date"] {
  return { value, precision: "day", start: value, end: value };
}

/** A sourced report with sensible defaults (an Israeli air strike in Abu Kamal, news, confidence 0.8). */
export function sourced(
  id: string,
  article: { id: string; outlet?: string | null; published?: string | null },
  report: Partial<Report> = {},
): SourcedReport {
  return {
    article: {
      id: article.id,
      url: `https://example.test/${article.id}`,
      outlet: article.outlet ?? null,
      published: article.published ?? null,
      title: null,
    },
    report: {
      id,
      event_type: "Explosions/Remote violence",
      sub_event_type: "Air/drone strike",
      date: day("2023-03-09"),
      location: PLACES.abuKamal,
      actor1: { name: "Israel", text: "IAF warplane", certainty: "attributed" },
      actor2: { name: "Iran-backed militias", text: "militia positions" },
      assoc_actors: [],
      fatalities: null,
      injuries: null,
      is_background: false,
      confidence: 0.8,
      evidence: [{ field: "actor1", start: 10, end: 22, text: "IAF warplane" }],
      ...report,
    },
  };
}

/**
 * The acceptance scenario, fictional: two outlets report the same night's strikes in one province, each naming
 * another spelling of the town; the first puts the dead at 40 or more, the second (a day on) at 57, both quoting one monitor.
 */
export function provinceStrikeScenario(): SourcedReport[] {
  const monitor = "Levant Monitoring Network";
  return [
    sourced(
      "nd-0311#e1",
      { id: "nd-0311", outlet: "Northwind Daily", published: "2023-03-09T21:00:00Z" },
      { location: PLACES.abuKamal, fatalities: count([40, null, monitor]) },
    ),
    sourced(
      "hl-0312#e1",
      { id: "hl-0312", outlet: "Harbor Ledger", published: "2023-03-10T08:30:00Z" },
      {
        location: PLACES.deirEzZor,
        fatalities: count([57, null, monitor]),
        injuries: count([37, null, monitor]),
        confidence: 0.7,
      },
    ),
  ];
}

/** mulberry32: a small seeded PRNG, so property tests and benches are reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One item picked at random. */
export function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

/** A shuffled copy (Fisher-Yates). */
export function shuffle<T>(rand: () => number, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Random reports. By default dense (six days, four towns) so that many fuse, some by chains; with `spread`,
 * dates over that many days and places anywhere in a 10° square, as a growing record looks.
 */
export function randomReports(
  rand: () => number,
  n: number,
  spread: { days: number } | null = null,
): SourcedReport[] {
  const places = [PLACES.abuKamal, PLACES.deirEzZor, PLACES.mayadin, PLACES.hasakah, null];
  const subs: SubEventType[] = [
    "Air/drone strike",
    "Shelling/artillery/missile attack",
    "Armed clash",
    "Attack",
  ];
  const actors = ["Israel", "United States", "Unidentified armed group", "Iran-backed militias"];
  const certainties: Certainty[] = ["confirmed", "claimed", "attributed", "alleged", "unknown"];
  const outlets = ["Northwind Daily", "Harbor Ledger", "Quarry Post", null];
  const monitors = ["Levant Monitoring Network", "Ministry of Health", null];
  const DAY = 86_400_000;
  const base = Date.UTC(2023, 2, 1);
  return Array.from({ length: n }, (_, i) => {
    const sub = pick(rand, subs);
    const offset = Math.floor(rand() * (spread?.days ?? 6));
    const d = new Date(base + offset * DAY).toISOString().slice(0, 10);
    const published =
      rand() < 0.1
        ? null
        : new Date(base + (offset + 1 + Math.floor(rand() * 3)) * DAY).toISOString().slice(0, 10);
    const location = spread
      ? rand() < 0.1
        ? null
        : {
            ...PLACES.abuKamal,
            name: `Place ${i}`,
            gazetteer_id: `test:place-${i}`,
            ...((lat, lon) => ({ lat, lon, admin1: `Region ${Math.floor(lat)}/${Math.floor(lon)}` }))(
              30 + rand() * 10,
              35 + rand() * 10,
            ),
          }
      : pick(rand, places);
    const over: Partial<Report> = {
      event_type: eventTypeOf(sub),
      sub_event_type: sub,
      date:
        rand() < 0.15
          ? { value: d.slice(0, 7), precision: "month", start: null, end: null }
          : { ...day(d), inferred: rand() < 0.2 },
      location,
      actor1: { name: pick(rand, actors), text: "x", certainty: pick(rand, certainties) },
      actor2: rand() < 0.5 ? { name: pick(rand, actors), text: "y" } : null,
      is_background: rand() < 0.2,
      confidence: Math.round(rand() * 100) / 100,
      fatalities: rand() < 0.6 ? count([Math.floor(rand() * 60), null, pick(rand, monitors)]) : null,
    };
    // About one in eight reports shares an article with another, which must never fuse them directly.
    const article = `art-${Math.floor(i / (rand() < 0.12 ? 2 : 1))}`;
    return sourced(
      `r-${String(i).padStart(6, "0")}`,
      { id: article, outlet: pick(rand, outlets), published },
      over,
    );
  });
}
