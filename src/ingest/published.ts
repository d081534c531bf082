import { validIsoDate } from "./article.js";

/** Month names and abbreviations (English) to month numbers, for RFC 2822 and "13 January 2021" dates. */
const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

/** RFC 822/2822 named zones (section 4.3 of RFC 2822, obsolete but common in feeds) as UTC offsets. */
const ZONES: Readonly<Record<string, string>> = {
  UT: "Z",
  UTC: "Z",
  GMT: "Z",
  Z: "Z",
  EST: "-05:00",
  EDT: "-04:00",
  CST: "-06:00",
  CDT: "-05:00",
  MST: "-07:00",
  MDT: "-06:00",
  PST: "-08:00",
  PDT: "-07:00",
};

// "Wed, 13 Jan 2021 10:05:00 +0300", "13 Jan 2021 10:05 GMT", "13 January 2021"
const DAY_MONTH_YEAR =
  /^(?:[A-Za-z]{3,9},?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4}|\d{2})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|[A-Za-z]{1,5})?)?$/;
// "January 13, 2021", "Jan 13 2021 10:05 GMT"
const MONTH_DAY_YEAR =
  /^(?:[A-Za-z]{3,9},?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|[A-Za-z]{1,5})?)?$/;

const pad = (n: number): string => String(n).padStart(2, "0");

function zoneOffset(zone: string | undefined): string | null | undefined {
  if (zone === undefined) return undefined;
  if (/^[+-]\d{4}$/.test(zone)) return `${zone.slice(0, 3)}:${zone.slice(3)}`;
  return ZONES[zone.toUpperCase()] ?? null;
}

function assemble(
  year: string,
  month: string,
  day: string,
  hh?: string,
  mm?: string,
  ss?: string,
  zone?: string,
): string | null {
  const mo = MONTHS[month.toLowerCase().slice(0, month.toLowerCase().startsWith("sept") ? 4 : 3)];
  if (mo === undefined) return null;
  // Two-digit years (RFC 822): 00-49 are 20xx, 50-99 are 19xx (RFC 2822 section 4.3).
  const y = year.length === 2 ? (Number(year) < 50 ? 2000 : 1900) + Number(year) : Number(year);
  const date = `${y}-${pad(mo)}-${pad(Number(day))}`;
  if (validIsoDate(date) === null) return null;
  if (hh === undefined || mm === undefined) return date;
  if (Number(hh) > 23 || Number(mm) > 59 || Number(ss ?? 0) > 60) return null;
  const offset = zoneOffset(zone);
  if (offset === null) return null;
  return `${date}T${pad(Number(hh))}:${mm}:${ss ?? "00"}${offset ?? ""}`;
}

/**
 * Normalises a publication date found in metadata or a feed to ISO 8601, or null when it is not a date.
 * ISO dates and date-times pass through unchanged; RFC 2822 dates ("Wed, 13 Jan 2021 10:05:00 +0300")
 * and English day-month-year / month-day-year dates keep their stated offset; no offset stays local time.
 */
export function normalizePublished(value: string | null | undefined): string | null {
  if (typeof value !== "string") return null;
  const s = value.trim().replace(/\s+/g, " ");
  if (s === "") return null;
  const iso = validIsoDate(s);
  if (iso !== null) return iso;
  const dmy = DAY_MONTH_YEAR.exec(s);
  if (dmy) return assemble(dmy[3]!, dmy[2]!, dmy[1]!, dmy[4], dmy[5], dmy[6], dmy[7]);
  const mdy = MONTH_DAY_YEAR.exec(s);
  if (mdy) return assemble(mdy[3]!, mdy[1]!, mdy[2]!, mdy[4], mdy[5], mdy[6], mdy[7]);
  return null;
}
