import { type Insertable, sql } from "kysely";
import { dateInterval, fusionInterval } from "../fuse/index.js";
import type { Article, Certainty, FusedEvent, Report, ReportDate, SourcedReport } from "../model.js";
import { type DayInterval, isoDay } from "../util/days.js";
import type { ClaimsTable, EventsTable, ReportsTable } from "./schema.js";

/**
 * Classes of date-interval length (days) for the candidate index: a candidate overlapping [from, to] starts no
 * earlier than `from - (maxDays - 1)`, so each class is one bounded index range instead of an open-ended scan.
 */
export const SPAN_CLASSES: readonly { readonly maxDays: number }[] = [
  { maxDays: 7 },
  { maxDays: 31 },
  { maxDays: 366 },
  { maxDays: Number.POSITIVE_INFINITY },
];

/** The indexed date columns of a report date: first and last day and the span class; nulls when unknown. */
export function dateColumns(date: ReportDate): ReturnType<typeof intervalColumns> {
  return intervalColumns(dateInterval(date));
}

/** The date columns of a day interval (first and last day, span class); nulls for null. */
function intervalColumns(interval: DayInterval | null): {
  date_start: string | null;
  date_end: string | null;
  span_class: number | null;
} {
  if (!interval) return { date_start: null, date_end: null, span_class: null };
  const days = interval.end - interval.start + 1;
  const spanClass = SPAN_CLASSES.findIndex((c) => days <= c.maxDays);
  return { date_start: isoDay(interval.start), date_end: isoDay(interval.end), span_class: spanClass };
}

/** Removes what PostgreSQL text cannot hold (NUL) and shortens to `max` characters. */
export function cleanText(text: string, max = Number.POSITIVE_INFINITY): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what must go.
  const clean = text.replace(/\u0000/g, "\uFFFD");
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** The row of one report, with the article metadata kept beside it. */
export function reportRow(s: SourcedReport): Insertable<ReportsTable> {
  const r = s.report;
  return {
    id: r.id,
    article_id: s.article.id,
    event_id: null,
    data: JSON.stringify(r),
    event_type: r.event_type,
    sub_event_type: r.sub_event_type,
    // The interval fusion reads (an undated news report: the days before publication), for candidate search.
    ...intervalColumns(fusionInterval(s)),
    lat: r.location?.lat ?? null,
    lon: r.location?.lon ?? null,
    actor1: r.actor1?.name ?? null,
    actor2: r.actor2?.name ?? null,
    country: r.location?.country ?? null,
    admin1: r.location?.admin1 ?? null,
    is_background: r.is_background,
    article_url: s.article.url,
    article_outlet: s.article.outlet,
    article_published: s.article.published,
    article_title: s.article.title,
  };
}

/** The claim rows of one report (fatalities and injuries), unattached to an event yet. */
export function claimRows(s: SourcedReport): Insertable<ClaimsTable>[] {
  const counts = [
    ["killed", s.report.fatalities],
    ["injured", s.report.injuries],
  ] as const;
  return counts.flatMap(([outcome, count]) =>
    (count?.claims ?? []).map((c) => ({
      report_id: s.report.id,
      article_id: s.article.id,
      event_id: null,
      outcome,
      low: c.low,
      high: c.high,
      who: c.who,
      reported_by: c.reported_by,
      outlet: s.article.outlet,
      published: s.article.published,
      evidence_start: c.evidence.start,
      evidence_end: c.evidence.end,
    })),
  );
}

/** The row of one fused event (the JSON plus the columns user queries filter on). */
export function eventRow(e: FusedEvent): Omit<Insertable<EventsTable>, "created_at" | "review_priority"> {
  return {
    id: e.id,
    data: JSON.stringify(e),
    event_type: e.event_type,
    sub_event_type: e.sub_event_type,
    date_start: dateColumns(e.date).date_start,
    date_end: dateColumns(e.date).date_end,
    lat: e.location?.lat ?? null,
    lon: e.location?.lon ?? null,
    geo_precision: e.location?.geo_precision ?? null,
    actor1: e.actor1?.name ?? null,
    actor2: e.actor2?.name ?? null,
    country: e.location?.country ?? null,
    admin1: e.location?.admin1 ?? null,
    is_background: e.is_background,
    status: e.status,
    fatalities_low: e.fatalities?.low ?? null,
    fatalities_best: e.fatalities?.best ?? null,
    fatalities_high: e.fatalities?.high ?? null,
    report_count: e.reports.length,
    updated_at: new Date().toISOString(),
  };
}

/** The names of the report columns that make a stored row a SourcedReport again (see sourcedFromRow). */
export const SOURCED_REPORT_COLUMNS = [
  "data",
  "article_id",
  "article_url",
  "article_outlet",
  "article_published",
  "article_title",
] as const;

/** The columns of a stored report row that make it a SourcedReport again. */
export interface SourcedReportColumns {
  readonly data: Report;
  readonly article_id: string;
  readonly article_url: string | null;
  readonly article_outlet: string | null;
  readonly article_published: string | null;
  readonly article_title: string | null;
}

/** A stored report row back as the unit fusion works on. */
export function sourcedFromRow(row: SourcedReportColumns): SourcedReport {
  return {
    report: row.data,
    article: {
      id: row.article_id,
      url: row.article_url,
      outlet: row.article_outlet,
      published: row.article_published,
      title: row.article_title,
    },
  };
}

/** An article with the reports extracted from it, as fusion sees them. */
export function sourced(article: Article, reports: readonly Report[]): SourcedReport[] {
  const meta = {
    id: article.id,
    url: article.url,
    outlet: article.outlet,
    published: article.published,
    title: article.title,
  };
  return reports.map((report) => ({ report, article: meta }));
}

/** A timestamp column as an ISO string (PostgreSQL gives a Date, PGlite may give the text). */
export function iso(value: Date | string | null): string | null {
  if (value === null) return null;
  return value instanceof Date ? value.toISOString() : value;
}

/** An event row's certainty in SQL: actor1's, "unknown" when it has none (as eventCertainty). */
export const EVENT_CERTAINTY = sql<Certainty>`coalesce(data->'actor1'->>'certainty', 'unknown')`;

/** An event's certainty: actor1's, "unknown" when it has none (who did it is not known). */
export function eventCertainty(event: FusedEvent): Certainty {
  return event.actor1?.certainty ?? "unknown";
}
