import type {
  AttributionClaim,
  Certainty,
  EventReview,
  FusedCount,
  FusedEvent,
  HistoryEntry,
  ReportActor,
  ReportFusion,
  SourcedReport,
} from "../model.js";
import { sha256Hex } from "../util/hash.js";
import { eventTypeOf, FUSE_RULES } from "./rules.js";
import { actorKey, fusionVerdict, isUnknownActor } from "./same-event.js";
import { comparePublished, fuseCount, publishedBy, sourcedClaims, TollAccumulator } from "./tolls.js";

/**
 * Options of buildEvent: read the record as it stood at `asOf`, apply a person's review on top, and keep the id
 * the event already has (`id`: a stored event keeps its id whatever reports join it; default eventId).
 */
export interface BuildEventOptions {
  readonly asOf?: string | null;
  readonly review?: EventReview | null;
  readonly id?: string | null;
}

/** Who made automatic history entries. */
export const FUSION_AUTHOR = "sitrep";

const DATE_RANK = { day: 0, week: 1, month: 2, year: 3, unknown: 4 } as const;

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Orders reports best first, the order every field choice falls back on: news before background, finer date,
 * stated before inferred date, finer location, higher confidence, earlier publication, then report id.
 */
export function compareReports(a: SourcedReport, b: SourcedReport): number {
  const ra = a.report;
  const rb = b.report;
  return (
    Number(ra.is_background) - Number(rb.is_background) ||
    DATE_RANK[ra.date.precision] - DATE_RANK[rb.date.precision] ||
    Number(ra.date.inferred ?? false) - Number(rb.date.inferred ?? false) ||
    (ra.location?.geo_precision ?? 9) - (rb.location?.geo_precision ?? 9) ||
    rb.confidence - ra.confidence ||
    comparePublished(a.article.published, b.article.published) ||
    compareStrings(ra.id, rb.id) ||
    compareStrings(a.article.id, b.article.id)
  );
}

/**
 * The id of a new event a cluster of reports makes: derived from its first-published report (unknown publication
 * last, ties by report id). Only new events take it: a stored event keeps its id as reports join or leave it
 * (planFusion passes it to buildEvent), so an earlier-published report arriving late no longer re-keys it.
 */
export function eventId(reports: readonly SourcedReport[]): string {
  if (reports.length === 0) throw new Error("fuse: eventId expected at least one report, found none");
  let first = reports[0]!;
  for (const s of reports.slice(1)) {
    const a = s.article.published;
    const b = first.article.published;
    const byTime = a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;
    if (byTime < 0 || (byTime === 0 && s.report.id < first.report.id)) first = s;
  }
  return `ev-${sha256Hex(first.report.id, 16)}`;
}

/**
 * The id of an event made of reports that left a stored event (a person's split, or fusion splitting an event):
 * a function of the reports' ids, so it never repeats the id the event they left keeps.
 */
export function splitEventId(reports: readonly SourcedReport[]): string {
  if (reports.length === 0) throw new Error("fuse: splitEventId expected at least one report, found none");
  const ids = reports.map((s) => s.report.id).sort();
  return `ev-${sha256Hex(`split:${ids.join("\n")}`, 16)}`;
}

/** The most frequent key among ranked items; ties go to the key of the best-ranked item. */
function vote<T>(ranked: readonly T[], key: (item: T) => string | null): T | null {
  const counts = new Map<string, number>();
  for (const item of ranked) {
    const k = key(item);
    if (k !== null) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  let winner: T | null = null;
  let winnerCount = 0;
  for (const item of ranked) {
    const k = key(item);
    if (k === null) continue;
    const n = counts.get(k) ?? 0;
    if (n > winnerCount) {
      winner = item;
      winnerCount = n;
    }
  }
  return winner;
}

function defaultCertainty(actor: ReportActor): Certainty {
  return actor.certainty ?? (isUnknownActor(actor) ? "unknown" : "attributed");
}

/** Every source's attribution of the event (one per report naming an actor1), strongest certainty first. */
export function attributionClaims(ranked: readonly SourcedReport[]): AttributionClaim[] {
  const rank = FUSE_RULES.certaintyRank;
  return ranked
    .filter((s) => s.report.actor1 !== null)
    .map((s) => {
      const actor = s.report.actor1!;
      const ev = s.report.evidence.find((e) => e.field === "actor1");
      return {
        actor: actor.name,
        certainty: defaultCertainty(actor),
        article_id: s.article.id,
        outlet: s.article.outlet,
        evidence: ev ? { start: ev.start, end: ev.end } : null,
      };
    })
    .sort(
      (a, b) =>
        rank[a.certainty] - rank[b.certainty] ||
        compareStrings(actorKey(a.actor), actorKey(b.actor)) ||
        compareStrings(a.article_id, b.article_id) ||
        (a.evidence?.start ?? -1) - (b.evidence?.start ?? -1),
    );
}

/** actor1 of the event: the actor the strongest certainty supports (then the most sources, then name). */
function chooseActor1(
  ranked: readonly SourcedReport[],
  claims: readonly AttributionClaim[],
): ReportActor | null {
  if (claims.length === 0) return null;
  const rank = FUSE_RULES.certaintyRank;
  const known = claims.filter((c) => !isUnknownActor({ name: c.actor, text: "", certainty: c.certainty }));
  const pool = known.length > 0 ? known : claims;
  const byActor = new Map<string, { certainty: Certainty; articles: Set<string> }>();
  for (const c of pool) {
    const k = actorKey(c.actor);
    const entry = byActor.get(k) ?? { certainty: c.certainty, articles: new Set<string>() };
    if (rank[c.certainty] < rank[entry.certainty]) entry.certainty = c.certainty;
    entry.articles.add(c.article_id);
    byActor.set(k, entry);
  }
  const [key, best] = [...byActor.entries()].sort(
    ([ka, a], [kb, b]) =>
      rank[a.certainty] - rank[b.certainty] || b.articles.size - a.articles.size || compareStrings(ka, kb),
  )[0]!;
  const source = ranked.find((s) => s.report.actor1 && actorKey(s.report.actor1.name) === key)!.report
    .actor1!;
  return { name: source.name, text: source.text, certainty: best.certainty };
}

/** actor2: the other side as the dominant reports tell it (crossed pairs read the other way round). */
function chooseActor2(dominant: readonly SourcedReport[], actor1: ReportActor | null): ReportActor | null {
  const k1 = actor1 ? actorKey(actor1.name) : null;
  const others = dominant
    .map((s) => {
      const { actor1: a1, actor2: a2 } = s.report;
      if (a1 && k1 !== null && actorKey(a1.name) !== k1 && a2 && actorKey(a2.name) === k1) return a1;
      return a2 && actorKey(a2.name) !== k1 ? a2 : null;
    })
    .filter((a): a is ReportActor => a !== null);
  return vote(others, (a) => actorKey(a.name));
}

/** How many other reports of an event (in publication order) fusionOf compares a report with, at most. */
const WHY_LIMIT = 8;

/**
 * Why a report is in an event: the best verdict (fusing first, then the highest score) between it and the other
 * reports of the event from other articles, the first WHY_LIMIT of them in `ordered`; null when it has none.
 */
function fusionOf(s: SourcedReport, ordered: readonly SourcedReport[]): ReportFusion | null {
  let best: (ReportFusion & { fuse: boolean }) | null = null;
  let compared = 0;
  for (const o of ordered) {
    if (o.article.id === s.article.id) continue;
    if (compared++ === WHY_LIMIT) break;
    const v = fusionVerdict(s, o);
    if (!best || (v.fuse && !best.fuse) || (v.fuse === best.fuse && v.score > best.score))
      best = {
        with: o.report.id,
        score: v.score,
        rules: v.rules,
        margin: v.needed === null ? null : v.score - v.needed,
        fuse: v.fuse,
      };
  }
  return best && { with: best.with, score: best.score, rules: best.rules, margin: best.margin ?? null };
}

/** The fields fusion derives from a set of reports (no id, status, history). */
type Core = Omit<FusedEvent, "id" | "status" | "history">;

function buildCore(reports: readonly SourcedReport[]): Core {
  const ranked = [...reports].sort(compareReports);
  // The voted fields are the ones history tracks; the rest (claims, tolls, associates) come on top.
  const core = trackedCore(ranked);
  const { actor1, actor2 } = core;
  const attribution = attributionClaims(ranked);
  const taken = new Set([actor1, actor2].filter((a) => a !== null).map((a) => actorKey(a.name)));
  const assoc = new Map<string, ReportActor>();
  for (const s of ranked) {
    for (const a of s.report.assoc_actors) {
      const k = actorKey(a.name);
      if (!taken.has(k) && !assoc.has(k)) assoc.set(k, a);
    }
  }
  const confidences = ranked.map((s) => s.report.confidence).sort((a, b) => a - b);
  const published = [...reports].sort(
    (a, b) =>
      comparePublished(a.article.published, b.article.published) || compareStrings(a.report.id, b.report.id),
  );
  const missing = confidences.reduce((p, c) => p * (1 - Math.min(1, Math.max(0, c))), 1);
  return {
    ...core,
    assoc_actors: [...assoc.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, a]) => a),
    fatalities: fuseCount(sourcedClaims(ranked, (s) => s.report.fatalities)),
    injuries: fuseCount(sourcedClaims(ranked, (s) => s.report.injuries)),
    attribution,
    confidence: Math.round((1 - missing) * 10_000) / 10_000,
    reports: published.map((s) => ({
      report_id: s.report.id,
      article_id: s.article.id,
      outlet: s.article.outlet,
      url: s.article.url,
      published: s.article.published,
      fusion: fusionOf(s, published),
    })),
  };
}

/** Fields whose changes the automatic history records. */
const TRACKED = [
  "event_type",
  "sub_event_type",
  "date",
  "location",
  "actor1",
  "actor2",
  "is_background",
] as const satisfies readonly (keyof Core)[];

function tollView(
  c: { readonly low: number; readonly best: number; readonly high: number } | null,
): { low: number; best: number; high: number } | null {
  return c ? { low: c.low, best: c.best, high: c.high } : null;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The tracked fields of the reports published by one time, from the best-first order of them all. */
function trackedCore(ranked: readonly SourcedReport[]): Pick<Core, (typeof TRACKED)[number]> {
  const news = ranked.filter((s) => !s.report.is_background);
  const dominant = news.length > 0 ? news : ranked;
  const typed = vote(dominant, (s) => s.report.sub_event_type)!.report;
  let finestDate: number = DATE_RANK.unknown;
  for (const s of dominant) finestDate = Math.min(finestDate, DATE_RANK[s.report.date.precision]);
  const date = vote(
    dominant.filter((s) => DATE_RANK[s.report.date.precision] === finestDate),
    (s) => s.report.date.value ?? "",
  )!.report.date;
  const located = (news.some((s) => s.report.location) ? news : ranked).filter((s) => s.report.location);
  let finestGeo = Number.POSITIVE_INFINITY;
  for (const s of located) finestGeo = Math.min(finestGeo, s.report.location!.geo_precision);
  const location =
    vote(
      located.filter((s) => s.report.location!.geo_precision === finestGeo),
      (s) => s.report.location!.gazetteer_id,
    )?.report.location ?? null;
  const actor1 = chooseActor1(ranked, attributionsOf(ranked));
  const actor2 = chooseActor2(dominant, actor1) ?? chooseActor2(ranked, actor1);
  return {
    event_type: eventTypeOf(typed.sub_event_type),
    sub_event_type: typed.sub_event_type,
    date,
    location,
    actor1,
    actor2,
    is_background: news.length === 0,
  };
}

/** The attribution claims chooseActor1 needs (actor, certainty, article), unsorted: it does not depend on their order. */
function attributionsOf(ranked: readonly SourcedReport[]): AttributionClaim[] {
  const out: AttributionClaim[] = [];
  for (const s of ranked) {
    const actor = s.report.actor1;
    if (actor)
      out.push({
        actor: actor.name,
        certainty: defaultCertainty(actor),
        article_id: s.article.id,
        outlet: null,
        evidence: null,
      });
  }
  return out;
}

/**
 * Field and toll changes as reports arrived, one step per publication time (unknown times first). One pass in
 * publication order: the reports are ranked once (a prefix keeps the ranking's order), the tracked fields of
 * each step come from one scan of the reports out by then, and the tolls from running accumulators over the
 * claims in publication order (see TollAccumulator), so nothing is sorted or rebuilt per step.
 */
function autoHistory(reports: readonly SourcedReport[]): HistoryEntry[] {
  const byTime = [...reports].sort(
    (a, b) =>
      comparePublished(a.article.published, b.article.published) || compareStrings(a.report.id, b.report.id),
  );
  const ranked = [...reports].sort(compareReports);
  const step = new Map<SourcedReport, number>();
  const times: (string | null)[] = [];
  for (const s of byTime) {
    if (times.length === 0 || times[times.length - 1] !== s.article.published)
      times.push(s.article.published);
    step.set(s, times.length - 1);
  }
  const counts = (["fatalities", "injuries"] as const).map((field) => ({
    field,
    claims: sourcedClaims(reports, (s) => s.report[field]),
    next: 0,
    acc: new TollAccumulator(),
  }));
  const entries: HistoryEntry[] = [];
  let previous: ReturnType<typeof trackedCore> | null = null;
  let previousTolls: (ReturnType<typeof tollView> | null)[] = [];
  let arrivedUpTo = 0;
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!;
    const at = t ?? "unknown";
    const arrived: string[] = [];
    while (arrivedUpTo < byTime.length && step.get(byTime[arrivedUpTo]!) === i)
      arrived.push(byTime[arrivedUpTo++]!.report.id);
    entries.push({ at, field: "reports", from: null, to: arrived.sort(), by: FUSION_AUTHOR });
    const current = trackedCore(ranked.filter((s) => step.get(s)! <= i));
    const tolls = counts.map((c) => {
      while (c.next < c.claims.length && comparePublished(c.claims[c.next]!.published, t) <= 0)
        c.acc.add(c.claims[c.next++]!);
      return tollView(c.acc.toll());
    });
    if (previous) {
      for (const f of TRACKED) {
        if (!same(previous[f], current[f]))
          entries.push({ at, field: f, from: previous[f], to: current[f], by: FUSION_AUTHOR });
      }
      counts.forEach((c, k) => {
        const [from, to] = [previousTolls[k] ?? null, tolls[k] ?? null];
        if (!same(from, to)) entries.push({ at, field: c.field, from, to, by: FUSION_AUTHOR });
      });
    }
    previous = current;
    previousTolls = tolls;
  }
  return entries;
}

function correctedCount(
  current: FusedCount | null,
  fix: { low?: number; best?: number; high?: number },
): FusedCount {
  const low = fix.low ?? current?.low ?? fix.best ?? fix.high ?? 0;
  const high = Math.max(low, fix.high ?? current?.high ?? fix.best ?? low);
  const best = Math.min(high, Math.max(low, fix.best ?? current?.best ?? low));
  return { low, best, high, rule: "review", claims: current?.claims ?? [], history: current?.history ?? [] };
}

/** Applies a person's review on top of a built event: corrected fields win, each change is recorded in history. */
export function applyReview(event: FusedEvent, review: EventReview): FusedEvent {
  const fields = { ...review.fields };
  if (fields.sub_event_type && !fields.event_type) fields.event_type = eventTypeOf(fields.sub_event_type);
  const history: HistoryEntry[] = [...event.history];
  const next: Record<string, unknown> = { ...event };
  const record = (field: string, from: unknown, to: unknown) => {
    if (!same(from, to)) history.push({ at: review.at, field, from, to, by: review.by });
  };
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (field === "fatalities" || field === "injuries") {
      const current = event[field];
      const fixed = correctedCount(current, value as { low?: number; best?: number; high?: number });
      record(field, tollView(current), tollView(fixed));
      next[field] = fixed;
      continue;
    }
    record(field, (event as unknown as Record<string, unknown>)[field], value);
    next[field] = value;
  }
  record("status", event.status, review.status);
  if (review.note) history.push({ at: review.at, field: "note", from: null, to: review.note, by: review.by });
  return { ...(next as unknown as FusedEvent), status: review.status, history };
}

/**
 * Builds one fused event from the reports judged to be the same event. Deterministic whatever the order of
 * `reports`: the id is options.id, else from the first-published report (eventId); each field from the dominant reports (news over
 * background) by vote, ties to the best-ranked report (compareReports); actor1 is the actor the strongest
 * certainty supports; counts keep every claim (see tollOf); history records each publication's changes.
 * With `asOf`, reports published after it are left out (the record as it stood; the id stays the cluster's).
 * A review is applied on top, so re-fusing with a new report keeps the person's corrections.
 */
export function buildEvent(reports: readonly SourcedReport[], options: BuildEventOptions = {}): FusedEvent {
  const id = options.id ?? eventId(reports);
  const asOf = options.asOf ?? null;
  const kept = asOf === null ? reports : reports.filter((s) => publishedBy(s.article.published, asOf));
  if (kept.length === 0)
    throw new Error(`fuse: buildEvent expected a report published by ${asOf}, found none (event ${id})`);
  const event: FusedEvent = { id, ...buildCore(kept), status: "auto", history: autoHistory(kept) };
  const review = options.review ?? null;
  if (!review || (asOf !== null && !publishedBy(review.at, asOf))) return event;
  return applyReview(event, review);
}

/** The event (`id`: its stored id) as it stood at `asOf`, or null when none of its reports was published by then. */
export function eventAsOf(
  reports: readonly SourcedReport[],
  asOf: string,
  review: EventReview | null = null,
  id: string | null = null,
): FusedEvent | null {
  if (!reports.some((s) => publishedBy(s.article.published, asOf))) return null;
  return buildEvent(reports, { asOf, review, id });
}
