/**
 * The data model of Sitrep. Every fact derived from text carries a Span (UTF-16 offsets into
 * `Article.text`) and the rule that produced it. The shapes that leave the system (Report,
 * ExtractionResult, FusedEvent) keep snake_case names; docs/FORMATS.md describes them field by field.
 */

/** A stretch of article text: `text === article.text.slice(start, end)`. */
export interface Span {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** One normalised input document (docs/FORMATS.md §1). */
export interface Article {
  readonly id: string;
  readonly url: string | null;
  readonly outlet: string | null;
  /** ISO date or date-time; null when unknown (relative dates then stay unresolved). */
  readonly published: string | null;
  readonly title: string | null;
  readonly text: string;
  readonly language: string | null;
}

/** The ACLED event taxonomy: each event type with its sub-event types, spelled as ACLED spells them. */
export const ACLED_TAXONOMY = {
  Battles: ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
  "Explosions/Remote violence": [
    "Chemical weapon",
    "Air/drone strike",
    "Suicide bomb",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Grenade",
  ],
  "Violence against civilians": ["Sexual violence", "Attack", "Abduction/forced disappearance"],
  Protests: ["Peaceful protest", "Protest with intervention", "Excessive force against protesters"],
  Riots: ["Violent demonstration", "Mob violence"],
  "Strategic developments": [
    "Agreement",
    "Arrests",
    "Change to group/activity",
    "Disrupted weapons use",
    "Headquarters or base established",
    "Looting/property destruction",
    "Non-violent transfer of territory",
    "Other",
  ],
} as const;

/** One of ACLED's six event types. */
export type EventType = keyof typeof ACLED_TAXONOMY;
/** One of ACLED's sub-event types. */
export type SubEventType = (typeof ACLED_TAXONOMY)[EventType][number];

/** How exactly a date is known. */
export type DatePrecision = "day" | "week" | "month" | "year" | "unknown";

/** The certainties, surest first (an event without actor1 counts as "unknown"). */
export const CERTAINTIES = ["confirmed", "claimed", "attributed", "alleged", "unknown"] as const;

/** How sure the text is of who did it (docs/FORMATS.md §2, actor1.certainty). */
export type Certainty = (typeof CERTAINTIES)[number];

/** Casualty outcome a count refers to. */
export type Outcome = "killed" | "injured";

/** ACLED geo precision: 1 the named town, 2 near/part of a town, 3 a larger region. */
export type GeoPrecision = 1 | 2 | 3;

/** A date found in text, resolved against the publication date. */
export interface DateMention {
  readonly span: Span;
  /** The day, month or year as precise as the text (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`); null when it gives none. */
  readonly value: string | null;
  readonly precision: DatePrecision;
  /** First and last day (`YYYY-MM-DD`) of the interval the text allows; null when unknown. */
  readonly start: string | null;
  readonly end: string | null;
  /** True when the text is relative ("on Saturday") and the value was inferred from the publication date. */
  readonly relative: boolean;
  readonly rule: string;
}

/** A casualty count stated in text ("at least six people were killed"). */
export interface CasualtyMention {
  readonly span: Span;
  readonly outcome: Outcome;
  readonly low: number;
  readonly high: number | null;
  /** Who the victims were when the text says ("civilians", "militia members", "mixed"); null otherwise. */
  readonly who: string | null;
  /** The source of the figure ("Syrian Observatory for Human Rights", "state media"); null when unstated. */
  readonly reportedBy: string | null;
  readonly reporterSpan: Span | null;
  readonly rule: string;
}

/** An actor named in text, normalised through the actor lexicon. */
export interface ActorMention {
  readonly span: Span;
  /** Canonical name from the lexicon ("Israel", "Iran-backed militias"). */
  readonly name: string;
  /** Lexicon category: state, state-forces, armed-group, civilians, protesters, rioters, unidentified, ... */
  readonly category: string;
  readonly rule: string;
}

/** A word or phrase that signals an event of a given ACLED sub-type. */
export interface TriggerMention {
  readonly span: Span;
  readonly event_type: EventType;
  readonly sub_event_type: SubEventType;
  readonly rule: string;
}

/** A certainty cue ("alleged", "claimed responsibility") found in text. */
export interface CertaintyCue {
  readonly span: Span;
  readonly certainty: Certainty;
  readonly rule: string;
}

/** A gazetteer entry. */
export interface Place {
  /** Stable id with its namespace: `geonames:170017`, `sitrep:al-tanf-garrison`. */
  readonly id: string;
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
  readonly country_code: string | null;
  readonly country: string | null;
  readonly admin1: string | null;
  readonly admin2: string | null;
  /** GeoNames feature class and code (P/PPL, A/ADM1, A/PCLI, S/AIRB, ...). */
  readonly feature_class: string;
  readonly feature_code: string;
  readonly population: number;
}

/** A place mention tied to a gazetteer entry with a score. */
export interface Resolution {
  readonly span: Span;
  readonly place: Place;
  readonly score: number;
  readonly geo_precision: GeoPrecision;
  readonly rule: string;
  /**
   * What the text says the place is besides a location of what happened: a dateline ("DAMASCUS
   * (Reuters) -"), where the wounded were taken ("taken to a hospital in X"), where a speaker or
   * survivor spoke from ("speaking from X"). Absent for a plain mention.
   */
  readonly role?: "dateline" | "hospital" | "remote" | "government" | "neighbour";
  /**
   * For a first-order division: its seat (the province capital), where an event told only at province
   * level is coded (ACLED's convention). Absent for other places and for divisions without a known seat.
   */
  readonly seat?: { readonly id: string; readonly name: string; readonly lat: number; readonly lon: number };
  /** Other candidates considered, best first (for `explain`). */
  readonly alternatives: readonly { readonly id: string; readonly name: string; readonly score: number }[];
}

/** One evidence span behind a field of a report. */
export interface Evidence {
  readonly field: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly rule?: string;
}

/** A casualty figure with who gave it and where (docs/FORMATS.md §2, fatalities.claims). */
export interface Claim {
  readonly low: number;
  readonly high: number | null;
  readonly who: string | null;
  readonly reported_by: string | null;
  readonly evidence: { readonly start: number; readonly end: number };
  /** Set when the text gave a vague quantity ("dozens"), so exports can apply ACLED's convention (dozens → 12). */
  readonly vague?: VagueQuantity;
  /** Set when the article gives the figure as a part of its toll or an added one ("seven of the dead"): kept as a claim, never a bound of the toll. */
  readonly part?: true;
}

/** A count range with the claims behind it. */
export interface Count {
  readonly low: number;
  readonly high: number | null;
  readonly claims: readonly Claim[];
}

/** The date of a report (docs/FORMATS.md §2). */
export interface ReportDate {
  readonly value: string | null;
  readonly precision: DatePrecision;
  readonly start: string | null;
  readonly end: string | null;
  /** True when the value was inferred (relative date, or the publication date when the text gives none). */
  readonly inferred?: boolean;
}

/** The location of a report (docs/FORMATS.md §2). */
export interface ReportLocation {
  readonly name: string;
  readonly text: string;
  readonly lat: number;
  readonly lon: number;
  readonly country: string | null;
  readonly country_code: string | null;
  readonly admin1: string | null;
  readonly admin2: string | null;
  readonly geo_precision: GeoPrecision;
  readonly gazetteer_id: string;
}

/** An actor of a report. */
export interface ReportActor {
  readonly name: string;
  readonly text: string;
  readonly certainty?: Certainty;
}

/** The fields a report and a fused event share: what happened, when, where, and who. */
export interface EventCore {
  readonly id: string;
  readonly event_type: EventType;
  readonly sub_event_type: SubEventType;
  readonly date: ReportDate;
  readonly location: ReportLocation | null;
  readonly actor1: ReportActor | null;
  readonly actor2: ReportActor | null;
  readonly assoc_actors: readonly ReportActor[];
  readonly is_background: boolean;
  readonly confidence: number;
}

/** One event as one article tells it (docs/FORMATS.md §2). */
export interface Report extends EventCore {
  readonly fatalities: Count | null;
  readonly injuries: Count | null;
  readonly evidence: readonly Evidence[];
}

/** A per-stage trace of one article's run, shown by `explain` and `?debug=1`. */
export interface Trace {
  readonly stages: readonly { readonly stage: string; readonly found: unknown }[];
}

/** The output of extraction for one article (docs/FORMATS.md §2). */
export interface ExtractionResult {
  readonly article: {
    readonly id: string;
    readonly published: string | null;
    readonly url: string | null;
    readonly outlet?: string | null;
    /** The language the article was read as (ISO 639-1: declared, else detected; "en" when unclear). */
    readonly language?: string | null;
  };
  readonly events: readonly Report[];
  readonly warnings: readonly string[];
}

/** A report together with the article it came from: the unit fusion works on. */
export interface SourcedReport {
  readonly report: Report;
  readonly article: {
    readonly id: string;
    readonly url: string | null;
    readonly outlet: string | null;
    readonly published: string | null;
    readonly title: string | null;
  };
}

/** A casualty claim as kept on a fused event: the claim plus the article that made it. */
export interface SourcedClaim extends Claim {
  readonly article_id: string;
  readonly report_id: string;
  readonly outlet: string | null;
  readonly published: string | null;
}

/** A fused count: low (smallest credible), best (by a documented rule), high (largest), every claim, and the toll over time. */
export interface FusedCount {
  readonly low: number;
  readonly best: number;
  readonly high: number;
  /** The rule that chose `best` (e.g. "best/latest-of-most-cited-reporter"). */
  readonly rule: string;
  readonly claims: readonly SourcedClaim[];
  /** The toll as it stood after each publication, ordered by publication time. */
  readonly history: readonly {
    readonly at: string | null;
    readonly low: number;
    readonly best: number;
    readonly high: number;
  }[];
}

/** Who one source said did it, with how sure that source was. */
export interface AttributionClaim {
  readonly actor: string;
  readonly certainty: Certainty;
  readonly article_id: string;
  readonly outlet: string | null;
  readonly evidence: { readonly start: number; readonly end: number } | null;
}

/** Review status of a fused event. */
export type EventStatus = "auto" | "reviewed" | "rejected";

/** One change to a fused event, for reading the record "as of" a date. */
export interface HistoryEntry {
  readonly at: string;
  readonly field: string;
  readonly from: unknown;
  readonly to: unknown;
  readonly by: string;
}

/** Why a report joined a fused event: the other report it matched, the score rules that fired and their score. */
export interface ReportFusion {
  readonly with: string;
  readonly score: number;
  readonly rules: readonly string[];
  /** The score minus the score the pair needed to fuse (small: a close call); null when a rule ruled it out. */
  readonly margin?: number | null;
}

/** An event in the world as Sitrep records it: the reports fused into it and all their claims (docs/FORMATS.md §3). */
export interface FusedEvent extends EventCore {
  readonly fatalities: FusedCount | null;
  readonly injuries: FusedCount | null;
  /** Every source's attribution; actor1.certainty is the strongest any source supports. */
  readonly attribution: readonly AttributionClaim[];
  readonly reports: readonly {
    readonly report_id: string;
    readonly article_id: string;
    readonly outlet: string | null;
    readonly url: string | null;
    readonly published: string | null;
    /** Why this report is in the event: its best same-event verdict with another report of it; null when alone. */
    readonly fusion: ReportFusion | null;
  }[];
  readonly status: EventStatus;
  readonly history: readonly HistoryEntry[];
}

/** The vague casualty quantities Sitrep tells apart (nlp/numbers.ts reads them, export/acled.ts maps them). */
export const VAGUE_QUANTITIES = ["several", "tens", "dozens", "scores", "hundreds", "thousands"] as const;

/** A vague casualty quantity as the text said it; `low` then holds the extractor's reading ("dozens" → 24). */
export type VagueQuantity = (typeof VAGUE_QUANTITIES)[number];

/** The fields of a fused event a person may correct; counts are corrected by their low/best/high values. */
export interface ReviewFields {
  readonly event_type?: EventType;
  readonly sub_event_type?: SubEventType;
  readonly date?: ReportDate;
  readonly location?: ReportLocation | null;
  readonly actor1?: ReportActor | null;
  readonly actor2?: ReportActor | null;
  readonly assoc_actors?: readonly ReportActor[];
  readonly is_background?: boolean;
  readonly fatalities?: { readonly low?: number; readonly best?: number; readonly high?: number };
  readonly injuries?: { readonly low?: number; readonly best?: number; readonly high?: number };
}

/** A person's review of a fused event, applied on top of fusion so re-fusing keeps the corrections. */
export interface EventReview {
  readonly status: EventStatus;
  readonly fields: ReviewFields;
  readonly by: string;
  /** ISO date-time of the review. */
  readonly at: string;
  readonly note?: string | null;
}
