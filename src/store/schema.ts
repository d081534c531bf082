import type { ColumnType, Generated, JSONColumnType } from "kysely";
import type { EventReview, FusedEvent, HistoryEntry, Report } from "../model.js";

/** A timestamptz column: read as a Date, written as an ISO string (or left to its default). */
type Timestamp = ColumnType<Date, string | undefined, string>;
/** A jsonb column: read as the parsed value, written as a JSON string. */
/** A column with a database default: optional on insert. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Json<T extends object | null> = JSONColumnType<T, string, string>;

/** Events and summed best tolls per first day and filter keys, kept by triggers on events (store/tallies.ts). */
export interface EventDayTalliesTable {
  date_start: string;
  event_type: string;
  sub_event_type: string;
  /** actor1's certainty, "unknown" without one (EVENT_CERTAINTY). */
  certainty: string;
  status: string;
  is_background: boolean;
  events: string | number;
  fatalities: string | number;
}

/** Located events per tally level, grid cell and filter keys, kept by triggers on events (store/tallies.ts). */
export interface EventCellTalliesTable {
  /** The zoom whose cells these are (TALLY_LEVELS). */
  level: number;
  cx: number;
  cy: number;
  event_type: string;
  sub_event_type: string;
  certainty: string;
  /** The event's country, '' for none. */
  country: string;
  status: string;
  is_background: boolean;
  events: string | number;
  fatalities: string | number;
  /** Exact sums of the coordinates (numeric): the mean is their quotient by events. */
  lon_sum: string;
  lat_sum: string;
  /** The least event id (collate "C"): a one-event cluster's id, and the tie-break of equal clusters. */
  min_id: string | null;
  /** A bound of the events' coordinates (widened by writes, never narrowed). */
  lon_min: number | null;
  lon_max: number | null;
  lat_min: number | null;
  lat_max: number | null;
}

/** One stored input document (the text is kept so full-text search and re-extraction need no source). */
export interface ArticlesTable {
  id: string;
  url: string | null;
  outlet: string | null;
  published: string | null;
  title: string | null;
  text: string;
  language: string | null;
  /** Full SHA-256 (hex) of the text: two articles with the same text are the same article. */
  content_hash: string;
  /** Where the article came from ("file.jsonl:17", "https://..."). */
  origin: string | null;
  run_id: number | null;
  /** What extraction warned about the article (JSON array of strings). */
  warnings: ColumnType<string[], string | undefined, string>;
  ingested_at: Timestamp;
}

/** A report: an event in a single article's telling, with the columns candidate search and filters use. */
export interface ReportsTable {
  id: string;
  article_id: string;
  event_id: string | null;
  data: Json<Report>;
  event_type: string;
  sub_event_type: string;
  /** First and last day (YYYY-MM-DD) the report's date allows; null when unknown. */
  date_start: string | null;
  date_end: string | null;
  /** Days from date_start to date_end plus one, in classes (see SPAN_CLASSES in fusion-store.ts). */
  span_class: number | null;
  lat: number | null;
  lon: number | null;
  actor1: string | null;
  actor2: string | null;
  country: string | null;
  admin1: string | null;
  is_background: boolean;
  /** The article's metadata kept beside the report so fusion needs no join. */
  article_url: string | null;
  article_outlet: string | null;
  article_published: string | null;
  article_title: string | null;
}

/** One fused real-world event: the FusedEvent JSON plus the columns user queries filter on. */
export interface EventsTable {
  id: string;
  data: Json<FusedEvent>;
  event_type: string;
  sub_event_type: string;
  date_start: string | null;
  date_end: string | null;
  lat: number | null;
  lon: number | null;
  /** ACLED geo precision of the location (1 town, 2 near a town, 3 region); null when unlocated. */
  geo_precision: ColumnType<number | null, number | null | undefined, number | null>;
  actor1: string | null;
  actor2: string | null;
  country: string | null;
  admin1: string | null;
  /** Known only from background mentions (no report tells it as news). */
  is_background: boolean;
  status: string;
  fatalities_low: number | null;
  fatalities_best: number | null;
  fatalities_high: number | null;
  report_count: number;
  /** How much the event needs a person (review-queue.ts reviewPriority), kept current by every write. */
  review_priority: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Every casualty claim of every report, with who made it, in which article, published when. */
export interface ClaimsTable {
  id: Generated<number>;
  report_id: string;
  article_id: string;
  event_id: string | null;
  outcome: string;
  low: number;
  high: number | null;
  who: string | null;
  reported_by: string | null;
  outlet: string | null;
  published: string | null;
  evidence_start: number;
  evidence_end: number;
}

/** A person's review of an event: the corrections and the audit trail of what changed. */
export interface EventReviewsTable {
  id: Generated<number>;
  event_id: string;
  reviewer: string;
  reviewed_at: string;
  status: string;
  review: Json<EventReview>;
  changes: Json<HistoryEntry[]>;
  note: string | null;
  created_at: Timestamp;
}

/** One `sitrep ingest` (or watch) run with its counts. */
export interface IngestRunsTable {
  id: Generated<number>;
  started_at: Timestamp;
  finished_at: ColumnType<Date | null, string | null | undefined, string | null>;
  status: string;
  args: Json<object | null>;
  read: Defaulted<number>;
  new: Defaulted<number>;
  duplicate: Defaulted<number>;
  failed: Defaulted<number>;
  events_created: Defaulted<number>;
  events_updated: Defaulted<number>;
}

/** An input item that could not be stored, with why; at most one open failure per origin. */
export interface FailuresTable {
  id: Generated<number>;
  origin: string;
  /** The file the item came from (null: stdin, HTTP, or recorded before files were kept). */
  file: ColumnType<string | null, string | null | undefined, string | null>;
  stage: string;
  reason: string;
  raw_excerpt: string | null;
  run_id: number | null;
  attempts: Defaulted<number>;
  resolved: Defaulted<boolean>;
  first_seen: Timestamp;
  last_seen: Timestamp;
}

/** An API token: a name, a role, and the SHA-256 (hex) of its secret. */
export interface ApiTokensTable {
  name: string;
  role: string;
  secret_hash: string;
  created_at: Timestamp;
  revoked_at: ColumnType<Date | null, string | null | undefined, string | null>;
  last_used_at: ColumnType<Date | null, string | null | undefined, string | null>;
}

/** An event id another event absorbed, and the event that absorbed it. */
export interface EventRedirectsTable {
  from_id: string;
  to_id: string;
  reason: string;
  at: Timestamp;
}

/** A person's decision on two reports (report_a < report_b): one event (`same`) or never one (`apart`). */
export interface FusionLinksTable {
  report_a: string;
  report_b: string;
  kind: "same" | "apart";
  at: Timestamp;
}

/** One change of an event's audit trail: a review, merge or split, with each field before and after. */
export interface EventAuditTable {
  id: Generated<number>;
  event_id: string;
  at: string;
  by: string;
  action: "review" | "merge" | "split";
  reason: string | null;
  changes: Json<AuditChange[]>;
}

/** One field an audited action changed. */
export interface AuditChange {
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** The Kysely database type of the Sitrep store. */
export interface Database {
  articles: ArticlesTable;
  reports: ReportsTable;
  events: EventsTable;
  claims: ClaimsTable;
  event_reviews: EventReviewsTable;
  ingest_runs: IngestRunsTable;
  failures: FailuresTable;
  api_tokens: ApiTokensTable;
  event_redirects: EventRedirectsTable;
  fusion_links: FusionLinksTable;
  event_audit: EventAuditTable;
  event_day_tallies: EventDayTalliesTable;
  event_cell_tallies: EventCellTalliesTable;
}
