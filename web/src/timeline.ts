// The timeline's data: events per day by type (GET /api/v1/stats by_day, or counted from a page of events when
// the server lacks the stats route), binned to days, weeks or months so a long span still fits. Pure: tested
// in test/web-units.test.ts.

/** One row of /api/v1/stats by_day. */
export interface DayCount {
  readonly day: string;
  readonly event_type: string;
  readonly events: number;
  readonly fatalities: number;
}

/** One bar: a run of days and its events by type. */
export interface Bin {
  /** First and last day (YYYY-MM-DD) of the bin. */
  readonly from: string;
  readonly to: string;
  readonly byType: Readonly<Record<string, number>>;
  readonly total: number;
}

const DAY_MS = 86_400_000;

/** A YYYY-MM-DD day as a day number (days since 1970-01-01). */
export function dayNumber(day: string): number {
  return Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
}

/** A day number as YYYY-MM-DD. */
export function dayText(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** Counts by day and type from events (each counted on its start day; undated events are left out). */
export function countByDay(
  events: readonly {
    event_type: string;
    date: { start: string | null };
    fatalities: { best: number } | null;
  }[],
): DayCount[] {
  const rows = new Map<string, { day: string; event_type: string; events: number; fatalities: number }>();
  for (const e of events) {
    if (!e.date.start) continue;
    const key = `${e.date.start}|${e.event_type}`;
    const row = rows.get(key) ?? { day: e.date.start, event_type: e.event_type, events: 0, fatalities: 0 };
    row.events++;
    row.fatalities += e.fatalities?.best ?? 0;
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => a.day.localeCompare(b.day));
}

/** The width of a bin in days for a span of days: a day, a week or 30 days, so at most about `maxBars` bars. */
export function binDays(spanDays: number, maxBars = 120): number {
  if (spanDays <= maxBars) return 1;
  if (spanDays <= maxBars * 7) return 7;
  return 30;
}

/** Day counts as consecutive bins covering [first day, last day], empty bins included. */
export function bins(rows: readonly DayCount[], maxBars = 120): Bin[] {
  if (rows.length === 0) return [];
  const days = rows.map((r) => dayNumber(r.day));
  const first = Math.min(...days);
  const last = Math.max(...days);
  const width = binDays(last - first + 1, maxBars);
  const count = Math.floor((last - first) / width) + 1;
  const out = Array.from({ length: count }, (_, i) => ({
    from: dayText(first + i * width),
    to: dayText(Math.min(last, first + (i + 1) * width - 1)),
    byType: {} as Record<string, number>,
    total: 0,
  }));
  rows.forEach((row, i) => {
    const bin = out[Math.floor((days[i]! - first) / width)]!;
    bin.byType[row.event_type] = (bin.byType[row.event_type] ?? 0) + row.events;
    bin.total += row.events;
  });
  return out;
}
