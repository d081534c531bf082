import type { EventType, Report, ReportActor, ReportDate, ReportLocation, SourcedReport } from "../model.js";
import { eventTypeOf, FUSE_RULES, type FuseRules } from "./rules.js";

const DAY_MS = 86_400_000;

/** An inclusive day interval as day numbers since 1970-01-01. */
export interface DayInterval {
  readonly start: number;
  readonly end: number;
}

/** What STORE's indexed candidate query needs to find the stored reports a report may fuse with. */
export interface CandidateWindow {
  /** First and last day (`YYYY-MM-DD`) a candidate's date interval must overlap; null bounds are open. */
  readonly from: string | null;
  readonly to: string | null;
  /** [west, south, east, north] a located candidate must fall in; null when any place may match. */
  readonly bbox: readonly [number, number, number, number] | null;
  /** Also consider candidates without a location (they may fuse by the no-location rules). */
  readonly unlocated: boolean;
  /** Candidate event types; empty when the report can fuse with nothing (its date is unknown). */
  readonly eventTypes: readonly EventType[];
}

/** How the actors of two reports relate: the same, one side unknown, or named differently. */
export type ActorRelation = "same" | "open" | "conflict";

/** Day number of a `YYYY-MM-DD` string, or null when it is not one. */
export function dayNumber(iso: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return null;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

/** `YYYY-MM-DD` of a day number. */
export function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

const INTERVALS = new WeakMap<ReportDate, DayInterval | null>();

/** The day interval a report date allows (from start/end, else from value and precision); null when unknown. */
export function dateInterval(date: ReportDate): DayInterval | null {
  // Memoised per date object: clustering asks for the same report's interval many times.
  const known = INTERVALS.get(date);
  if (known !== undefined) return known;
  const interval = computeInterval(date);
  INTERVALS.set(date, interval);
  return interval;
}

function computeInterval(date: ReportDate): DayInterval | null {
  if (date.precision === "unknown") return null;
  const start = date.start ? dayNumber(date.start) : null;
  const end = date.end ? dayNumber(date.end) : null;
  if (start !== null && end !== null) return start <= end ? { start, end } : { start: end, end: start };
  const v = date.value;
  if (!v) return null;
  const y = Number(v.slice(0, 4));
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const d = dayNumber(v);
    return d === null ? null : { start: d, end: d };
  }
  if (/^\d{4}-\d{2}$/.test(v)) {
    const m = Number(v.slice(5, 7));
    return { start: Date.UTC(y, m - 1, 1) / DAY_MS, end: Date.UTC(y, m, 0) / DAY_MS };
  }
  if (/^\d{4}$/.test(v)) return { start: Date.UTC(y, 0, 1) / DAY_MS, end: Date.UTC(y, 11, 31) / DAY_MS };
  return null;
}

/** Days of slack a report's date allows on each side (by precision; more when the date was inferred). */
export function dateSlack(date: ReportDate, rules: FuseRules = FUSE_RULES): number {
  if (date.precision === "unknown") return 0;
  const base = rules.dateSlackDays[date.precision];
  return date.precision === "day" && date.inferred ? Math.max(base, rules.inferredDateSlackDays) : base;
}

/** Great-circle distance in kilometres (haversine, mean Earth radius 6371 km). */
export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

const ACTOR_KEYS = new Map<string, string>();

/** Normalised actor name for comparison (memoised: fusion asks for the same few names over and over). */
export function actorKey(name: string): string {
  const known = ACTOR_KEYS.get(name);
  if (known !== undefined) return known;
  const key = name.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
  if (ACTOR_KEYS.size >= 50_000) ACTOR_KEYS.clear();
  ACTOR_KEYS.set(name, key);
  return key;
}

/** True when the actor is missing or unidentified ("Unidentified armed group", certainty unknown). */
export function isUnknownActor(actor: ReportActor | null, rules: FuseRules = FUSE_RULES): boolean {
  if (!actor || actor.certainty === "unknown") return true;
  const key = actorKey(actor.name);
  return key === "" || rules.unidentifiedWords.some((w) => key.includes(w));
}

/** How the actor pairs of two reports relate; ACLED's actor1/actor2 carry no direction, so crossed pairs count as the same. */
export function actorRelation(a: Report, b: Report, rules: FuseRules = FUSE_RULES): ActorRelation {
  if (isUnknownActor(a.actor1, rules) || isUnknownActor(b.actor1, rules)) return "open";
  const a1 = actorKey(a.actor1!.name);
  const b1 = actorKey(b.actor1!.name);
  if (a1 === b1) return "same";
  const a2 = a.actor2 && !isUnknownActor(a.actor2, rules) ? actorKey(a.actor2.name) : null;
  const b2 = b.actor2 && !isUnknownActor(b.actor2, rules) ? actorKey(b.actor2.name) : null;
  if (a2 !== null && b2 !== null && a1 === b2 && a2 === b1) return "same";
  return "conflict";
}

/** True when both reports name the same known actor2 (or the same pair crossed). */
function sameSecondActor(a: Report, b: Report, rules: FuseRules): boolean {
  const known = (x: ReportActor | null) => (x && !isUnknownActor(x, rules) ? actorKey(x.name) : null);
  const [a1, a2, b1, b2] = [known(a.actor1), known(a.actor2), known(b.actor1), known(b.actor2)];
  if (a1 === null || a2 === null || b1 === null || b2 === null) return false;
  return (a1 === b1 && a2 === b2) || (a1 === b2 && a2 === b1);
}

/** True when the two sub-event types may be the same event (rule table `compatible_sub_event_types`). */
export function compatibleTypes(a: Report, b: Report, rules: FuseRules = FUSE_RULES): boolean {
  return rules.compatible.get(a.sub_event_type)?.has(b.sub_event_type) ?? false;
}

/** Maximum distance two locations may be apart, by the coarser geo precision. */
export function maxDistanceKm(a: ReportLocation, b: ReportLocation, rules: FuseRules = FUSE_RULES): number {
  return Math.max(rules.maxKm[a.geo_precision], rules.maxKm[b.geo_precision]);
}

/**
 * Which same-event rule joins two reports, or null when none does. Symmetric. The rules, in order:
 * - never two reports of the same article (the extractor already separated an article's events);
 * - sub-event types must be compatible and date intervals (widened by slack) must overlap; unknown dates never fuse;
 * - `near`: both located within the distance of the coarser geo precision (or the same gazetteer place) and
 *   actors not in conflict; `near/disputed-actor`: actors named differently, but same sub-type, same day, near;
 * - `same-admin1`: same day, same sub-type, same named actor1, same country and admin1, within the table's km
 *   (for the event types in the table: strike waves reported by different outlets at different towns);
 * - `no-location/same-day`: a side without location, both day-precise on the same day, same sub-type, same actor1;
 * - `no-location/same-actors`: a side without location, same sub-type, the same known actor1 and actor2.
 */
export function matchRule(a: SourcedReport, b: SourcedReport, rules: FuseRules = FUSE_RULES): string | null {
  if (a.article.id === b.article.id) return null;
  const ra = a.report;
  const rb = b.report;
  if (!compatibleTypes(ra, rb, rules)) return null;
  const ia = dateInterval(ra.date);
  const ib = dateInterval(rb.date);
  if (!ia || !ib) return null;
  const slack = Math.max(dateSlack(ra.date, rules), dateSlack(rb.date, rules));
  if (ia.start - slack > ib.end || ib.start - slack > ia.end) return null;
  const sameDay =
    ra.date.precision === "day" && rb.date.precision === "day" && ia.start <= ib.end && ib.start <= ia.end;
  const sameSub = ra.sub_event_type === rb.sub_event_type;
  const actors = actorRelation(ra, rb, rules);
  const la = ra.location;
  const lb = rb.location;
  if (la && lb) {
    const d = la.gazetteer_id === lb.gazetteer_id ? 0 : distanceKm(la, lb);
    if (d <= maxDistanceKm(la, lb, rules)) {
      if (actors !== "conflict") return "near";
      return sameDay && sameSub ? "near/disputed-actor" : null;
    }
    const admin1 =
      la.admin1 !== null &&
      la.admin1 === lb.admin1 &&
      la.country_code === lb.country_code &&
      rules.sameAdmin1.eventTypes.has(eventTypeOf(ra.sub_event_type)) &&
      d <= rules.sameAdmin1.maxKm;
    return admin1 && sameDay && sameSub && actors === "same" ? "same-admin1" : null;
  }
  if (!sameSub || actors !== "same") return null;
  if (sameDay) return "no-location/same-day";
  return sameSecondActor(ra, rb, rules) ? "no-location/same-actors" : null;
}

/** True when two reports (from different articles) tell the same real-world event; symmetric. */
export function sameEvent(a: SourcedReport, b: SourcedReport): boolean {
  return matchRule(a, b) !== null;
}

/**
 * The search window for stored reports that may fuse with `report`: a candidate's date interval must overlap
 * [from, to] (the report's interval widened by the largest slack either side may have), a located candidate must
 * lie in bbox (the largest distance any rule allows) and have one of eventTypes. Unknown dates match nothing.
 */
export function candidateWindow(report: Report, rules: FuseRules = FUSE_RULES): CandidateWindow {
  const interval = dateInterval(report.date);
  if (!interval) return { from: null, to: null, bbox: null, unlocated: false, eventTypes: [] };
  const slack = Math.max(
    dateSlack(report.date, rules),
    ...Object.values(rules.dateSlackDays),
    rules.inferredDateSlackDays,
  );
  const eventTypes = [
    ...new Set([...(rules.compatible.get(report.sub_event_type) ?? [])].map(eventTypeOf)),
  ].sort();
  const loc = report.location;
  let bbox: CandidateWindow["bbox"] = null;
  if (loc) {
    const km = Math.max(
      ...Object.values(rules.maxKm),
      rules.sameAdmin1.eventTypes.has(report.event_type) ? rules.sameAdmin1.maxKm : 0,
    );
    const dLat = km / 111.195;
    const cosLat = Math.cos((Math.min(89, Math.abs(loc.lat)) * Math.PI) / 180);
    const dLon = Math.min(180, km / (111.195 * cosLat));
    bbox = [
      Math.max(-180, loc.lon - dLon),
      Math.max(-90, loc.lat - dLat),
      Math.min(180, loc.lon + dLon),
      Math.min(90, loc.lat + dLat),
    ];
  }
  // A located report still fuses with unlocated ones (no-location rules), which need the same sub-type.
  return {
    from: isoDay(interval.start - slack),
    to: isoDay(interval.end + slack),
    bbox,
    unlocated: true,
    eventTypes,
  };
}
