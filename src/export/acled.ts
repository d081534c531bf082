import { z } from "zod";
import vagueJson from "../../data/fuse/acled-vague.json" with { type: "json" };
import regionsJson from "../../data/export/acled-regions.json" with { type: "json" };
import disorderJson from "../../data/export/disorder-types.json" with { type: "json" };
import interJson from "../../data/export/inter-codes.json" with { type: "json" };
import isoJson from "../../data/export/iso-3166-1.json" with { type: "json" };
import {
  ACLED_TAXONOMY,
  type EventType,
  type FusedEvent,
  type ReportDate,
  VAGUE_QUANTITIES,
  type VagueQuantity,
} from "../model.js";
import { dayNumber, isoDay, valueInterval } from "../util/days.js";
import { checkTable } from "../util/table.js";

/** ACLED's column names first (in ACLED's order), then Sitrep's own. */
export const EXPORT_COLUMNS = [
  "event_id_cnty",
  "event_date",
  "year",
  "time_precision",
  "disorder_type",
  "event_type",
  "sub_event_type",
  "actor1",
  "assoc_actor_1",
  "inter1",
  "actor2",
  "assoc_actor_2",
  "inter2",
  "interaction",
  "civilian_targeting",
  "iso",
  "region",
  "country",
  "admin1",
  "admin2",
  "admin3",
  "location",
  "latitude",
  "longitude",
  "geo_precision",
  "source",
  "source_scale",
  "notes",
  "fatalities",
  "tags",
  "timestamp",
  "fatalities_low",
  "fatalities_best",
  "fatalities_high",
  "certainty",
  "reports",
  "status",
  "background",
] as const;

/** One export column. */
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

/** One event as a flat row: a number, a string, a flag, or null (empty) per column. */
export type ExportRow = Readonly<Record<ExportColumn, string | number | boolean | null>>;

const IsoSchema = z.object({
  codes: z.record(
    z.string().length(2),
    z.object({ numeric: z.number().int(), alpha_3: z.string().length(3) }),
  ),
});
const VagueSchema = z.object({ values: z.partialRecord(z.enum(VAGUE_QUANTITIES), z.number().int().min(0)) });
const EVENT_TYPES = Object.keys(ACLED_TAXONOMY) as [EventType, ...EventType[]];
const SUB_EVENT_TYPES = Object.values(ACLED_TAXONOMY).flat() as [string, ...string[]];
const DisorderSchema = z.object({
  event_types: z.record(z.enum(EVENT_TYPES), z.string().min(1)),
  sub_event_types: z.partialRecord(z.enum(SUB_EVENT_TYPES), z.string().min(1)),
});
const InterCode = z.number().int().min(1).max(8);
const InterSchema = z.object({
  codes: z.record(z.string().regex(/^[0-8]$/), z.string()),
  actors: z.array(
    z.object({
      name: z.string().min(1),
      inter: InterCode,
      home: z.string().optional(),
      abroad: InterCode.optional(),
    }),
  ),
});
const RegionsSchema = z.object({ regions: z.record(z.string().min(1), z.array(z.string().length(2))) });

/** One actor rule of data/export/inter-codes.json, its name compiled (a template's {country} captures a country). */
interface InterRule {
  readonly pattern: RegExp;
  readonly inter: number;
  readonly home: string | undefined;
  readonly abroad: number | undefined;
}

/** An inter-codes table row as a rule: the exact name, or the template with {country} as a capture. */
function interRule(row: z.output<typeof InterSchema>["actors"][number]): InterRule {
  const escaped = row.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace("\\{country\\}", "(.+)");
  return { pattern: new RegExp(`^${escaped}$`), inter: row.inter, home: row.home, abroad: row.abroad };
}

let loaded: {
  iso: z.output<typeof IsoSchema>["codes"];
  vague: z.output<typeof VagueSchema>["values"];
  disorder: z.output<typeof DisorderSchema>;
  inter: readonly InterRule[];
  region: ReadonlyMap<string, string>;
} | null = null;
/** The export tables, checked on first use (not at import). */
function tables() {
  if (loaded) return loaded;
  const regions = checkTable(RegionsSchema, regionsJson, "data/export/acled-regions.json").regions;
  loaded = {
    iso: checkTable(IsoSchema, isoJson, "data/export/iso-3166-1.json").codes,
    vague: checkTable(VagueSchema, vagueJson, "data/fuse/acled-vague.json").values,
    disorder: checkTable(DisorderSchema, disorderJson, "data/export/disorder-types.json"),
    inter: checkTable(InterSchema, interJson, "data/export/inter-codes.json").actors.map(interRule),
    region: new Map(Object.entries(regions).flatMap(([region, codes]) => codes.map((c) => [c, region]))),
  };
  return loaded;
}

/** ISO 3166-1 numeric code of an alpha-2 country code (data/export/iso-3166-1.json), or null. */
export function isoNumeric(countryCode: string | null): number | null {
  return countryCode ? (tables().iso[countryCode.toUpperCase()]?.numeric ?? null) : null;
}

/** ACLED's region of a country (data/export/acled-regions.json) from its alpha-2 code, or null. */
export function acledRegion(countryCode: string | null): string | null {
  return countryCode ? (tables().region.get(countryCode.toUpperCase()) ?? null) : null;
}

/** ACLED disorder_type: from the sub-event type where the table names one, else from the event type. */
export function disorderType(event: Pick<FusedEvent, "event_type" | "sub_event_type">): string {
  const { disorder } = tables();
  return disorder.sub_event_types[event.sub_event_type] ?? disorder.event_types[event.event_type];
}

/**
 * ACLED inter code of an actor (data/export/inter-codes.json): 0 when there is no actor, null when the table does
 * not know the name; a state's forces in an event outside their home country are external forces (8).
 */
export function interCode(actor: string | null, eventCountry: string | null): number | null {
  if (actor === null) return 0;
  for (const rule of tables().inter) {
    const match = rule.pattern.exec(actor);
    if (!match) continue;
    const home = rule.home === "{country}" ? match[1] : rule.home;
    const abroad = home !== undefined && eventCountry !== null && home !== eventCountry;
    return abroad && rule.abroad !== undefined ? rule.abroad : rule.inter;
  }
  return null;
}

/** ACLED interaction: the two inter codes with the smaller digit first (17); one actor alone is 10 × its code (20). */
export function acledInteraction(inter1: number | null, inter2: number | null): number | null {
  if (inter1 === null || inter1 === 0 || inter2 === null) return null;
  return inter2 === 0 ? inter1 * 10 : Math.min(inter1, inter2) * 10 + Math.max(inter1, inter2);
}

/** ACLED civilian_targeting: "Civilian targeting" when the event targets civilians (violence against them, or a civilian actor2). */
export function civilianTargeting(event: FusedEvent, inter2: number | null): string | null {
  return event.event_type === "Violence against civilians" || inter2 === 7 ? "Civilian targeting" : null;
}

/** ACLED's figure for a vague quantity ("dozens" → 12), or null when the table has none. */
export function acledVague(vague: VagueQuantity | undefined): number | null {
  return vague ? (tables().vague[vague] ?? null) : null;
}

/** ACLED time_precision: 1 a day, 2 a week, 3 a month or coarser; null when the date is unknown. */
export function acledTimePrecision(date: ReportDate): 1 | 2 | 3 | null {
  return date.precision === "day"
    ? 1
    : date.precision === "week"
      ? 2
      : date.precision === "unknown"
        ? null
        : 3;
}

/** The interval bounds of a date as day numbers, from start/end or from the value. */
function bounds(date: ReportDate): [number, number] | null {
  const start = date.start ? dayNumber(date.start) : null;
  const end = date.end ? dayNumber(date.end) : null;
  if (start !== null && end !== null) return [start, end];
  const interval = date.value ? valueInterval(date.value) : null;
  return interval ? [interval.start, interval.end] : null;
}

/** ACLED event_date (YYYY-MM-DD): the day, or the middle day of a week/month/year interval; null when unknown. */
export function acledEventDate(date: ReportDate): string | null {
  if (date.precision === "unknown") return null;
  const b = bounds(date);
  if (!b) return null;
  const mid = Math.floor((b[0] + b[1]) / 2);
  return isoDay(mid);
}

/**
 * ACLED's conservative `fatalities`: the lowest credible figure, reading a vague quantity as ACLED does
 * ("tens" 10, "dozens" 12, "hundreds" 100), parts of a toll left out; 0 when no fatality was reported. A reviewed
 * low wins.
 */
export function acledFatalities(event: FusedEvent): number {
  const f = event.fatalities;
  if (!f) return 0;
  if (f.rule === "review") return f.low;
  // A part of an article's toll ("seven of the dead") is no credible count of the whole.
  const conservative = f.claims.filter((c) => !c.part).map((c) => acledVague(c.vague) ?? c.low);
  return Math.min(f.low, ...conservative);
}

/** ACLED `timestamp`: Unix seconds of the last change the record knows (latest publication or review); null if none. */
export function lastChange(event: FusedEvent): number | null {
  const times = [...event.reports.map((r) => r.published), ...event.history.map((h) => h.at)]
    .map((t) => (t ? Date.parse(t) : Number.NaN))
    .filter((t) => Number.isFinite(t));
  return times.length > 0 ? Math.floor(Math.max(...times) / 1000) : null;
}

/** A one-paragraph note in ACLED's manner: what, who, where, and every fatality claim with its source. */
export function eventNotes(event: FusedEvent): string {
  const parts: string[] = [];
  const when = event.date.value ? `On ${event.date.value}` : "On an unknown date";
  const who = event.actor1 ? ` by ${event.actor1.name} (${event.actor1.certainty ?? "attributed"})` : "";
  const whom = event.actor2 ? ` against ${event.actor2.name}` : "";
  const where = event.location
    ? ` in ${event.location.name}${event.location.admin1 ? `, ${event.location.admin1}` : ""}`
    : "";
  parts.push(`${when}, ${event.sub_event_type.toLowerCase()}${who}${whom}${where}.`);
  const disputed = [...new Set(event.attribution.map((a) => a.actor))];
  if (disputed.length > 1) parts.push(`Attribution disputed: ${disputed.join(" / ")}.`);
  if (event.fatalities && event.fatalities.claims.length > 0) {
    const claims = event.fatalities.claims.map((c) => {
      const n = c.high === null ? `${c.low}+` : c.high === c.low ? `${c.low}` : `${c.low}-${c.high}`;
      const src = [c.reported_by, c.outlet ? `via ${c.outlet}` : null, c.published?.slice(0, 10)].filter(
        Boolean,
      );
      return src.length > 0 ? `${n} (${src.join(", ")})` : n;
    });
    parts.push(`Fatality claims: ${claims.join("; ")}.`);
  }
  if (event.is_background) parts.push("Known only from background mentions.");
  return parts.join(" ");
}

/** The flat export row of a fused event (ACLED's columns plus Sitrep's). */
export function exportRow(event: FusedEvent): ExportRow {
  const loc = event.location;
  const eventDate = acledEventDate(event.date);
  const outlets = [...new Set(event.reports.map((r) => r.outlet).filter((o): o is string => !!o))];
  const country = loc?.country ?? null;
  const inter1 = interCode(event.actor1?.name ?? null, country);
  const inter2 = interCode(event.actor2?.name ?? null, country);
  return {
    event_id_cnty: event.id,
    event_date: eventDate,
    year: eventDate ? Number(eventDate.slice(0, 4)) : null,
    time_precision: acledTimePrecision(event.date),
    disorder_type: disorderType(event),
    event_type: event.event_type,
    sub_event_type: event.sub_event_type,
    actor1: event.actor1?.name ?? null,
    assoc_actor_1: event.assoc_actors.map((a) => a.name).join("; ") || null,
    inter1,
    actor2: event.actor2?.name ?? null,
    assoc_actor_2: null,
    inter2,
    interaction: acledInteraction(inter1, inter2),
    civilian_targeting: civilianTargeting(event, inter2),
    iso: isoNumeric(loc?.country_code ?? null),
    region: acledRegion(loc?.country_code ?? null),
    country,
    admin1: loc?.admin1 ?? null,
    admin2: loc?.admin2 ?? null,
    admin3: null,
    location: loc?.name ?? null,
    latitude: loc ? Number(loc.lat.toFixed(4)) : null,
    longitude: loc ? Number(loc.lon.toFixed(4)) : null,
    geo_precision: loc?.geo_precision ?? null,
    source: outlets.join("; ") || null,
    source_scale: null,
    notes: eventNotes(event),
    fatalities: acledFatalities(event),
    tags: null,
    timestamp: lastChange(event),
    fatalities_low: event.fatalities?.low ?? null,
    fatalities_best: event.fatalities?.best ?? null,
    fatalities_high: event.fatalities?.high ?? null,
    certainty: event.actor1?.certainty ?? null,
    reports: event.reports.length,
    status: event.status,
    background: event.is_background,
  };
}
