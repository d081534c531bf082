// UTC day arithmetic: day numbers (days since 1970-01-01) and `YYYY-MM-DD` strings, never the local zone.

/** Milliseconds in a UTC day. */
export const DAY_MS = 86_400_000;

/** An inclusive interval of day numbers. */
export interface DayInterval {
  readonly start: number;
  readonly end: number;
}

/** Day number of a calendar date (month 1..12; an out-of-range day or month rolls over as Date.UTC does). */
export function dayOf(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** Whether a string is a real instant written as an ISO date-time (a calendar day, a time Date can read). */
export function isRealDateTime(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})T/.exec(value);
  return (
    m !== null && isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3])) && !Number.isNaN(Date.parse(value))
  );
}

/** Day number of a string starting `YYYY-MM-DD`, or null when it does not start so. */
export function dayNumber(iso: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? dayOf(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/** Day numbers of 0000-01-01 and 9999-12-31: the days whose ISO form is `YYYY-MM-DD`. */
const FIRST_ISO_DAY = -719_528;
const LAST_ISO_DAY = 2_932_896;

/** Two digits of 0..99. */
function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/** `YYYY-MM-DD` of a day number (integer arithmetic, the civil calendar from day numbers; Date outside years 0-9999). */
export function isoDay(day: number): string {
  if (!Number.isInteger(day) || day < FIRST_ISO_DAY || day > LAST_ISO_DAY)
    return new Date(day * DAY_MS).toISOString().slice(0, 10);
  // Days since 0000-03-01, split into 400-year eras, years from March (so a leap day ends the year).
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y < 1000 ? `${y}`.padStart(4, "0") : y}-${pad2(m)}-${pad2(d)}`;
}

/** The day `days` days after (before, when negative) a `YYYY-MM-DD` day; a RangeError when it is not one. */
export function shiftDay(iso: string, days: number): string {
  const day = dayNumber(iso);
  if (day === null) throw new RangeError(`days: expected a YYYY-MM-DD day, found ${JSON.stringify(iso)}`);
  return isoDay(day + days);
}

/** Days from the day `a` starts with to the day `b` starts with (both `YYYY-MM-DD...`); NaN when either is not one. */
export function daysBetween(a: string, b: string): number {
  const from = dayNumber(a);
  const to = dayNumber(b);
  return from === null || to === null ? Number.NaN : to - from;
}

/** The number of days in a month (month 1..12). */
export function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** True when year, month (1..12) and day name a real calendar day. */
export function isCalendarDay(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= lastDayOfMonth(year, month);
}

/** The days a date value names: one day (`YYYY-MM-DD`), a month (`YYYY-MM`) or a year (`YYYY`); else null. */
export function valueInterval(value: string): DayInterval | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  if (m[3] !== undefined) {
    const day = dayOf(year, Number(m[2]), Number(m[3]));
    return { start: day, end: day };
  }
  if (m[2] !== undefined) {
    const month = Number(m[2]);
    return { start: dayOf(year, month, 1), end: dayOf(year, month + 1, 0) };
  }
  return { start: dayOf(year, 1, 1), end: dayOf(year, 12, 31) };
}
