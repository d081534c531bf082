// Fusion as a plan (pure): given the new reports of a batch and what the store holds around them, which events
// to write, which reports move to which event, which events disappear and where their reviews go. The store
// loads the neighbours (candidateWindow → indexed query) and applies the plan in one transaction; no fusion
// rule lives there.
import type { EventReview, FusedEvent, SourcedReport } from "../model.js";
import { buildEvent, eventId, splitEventId } from "./build-event.js";
import { clusterReports, type FusionConstraints, NO_CONSTRAINTS } from "./cluster.js";
import { sameEvent } from "./same-event.js";

/** A stored report with the event it belongs to (null while it is being written). */
export interface StoredReport {
  readonly eventId: string | null;
  readonly sourced: SourcedReport;
}

/** What the store must do to fuse a batch: write `events`, point `assign` reports at them, drop `deleted`. */
export interface FusionPlan {
  /** Events to insert or replace, whole. */
  readonly events: readonly FusedEvent[];
  /** Reports whose event changes (the new ones and those moved), with the event they now belong to. */
  readonly assign: readonly { readonly reportId: string; readonly eventId: string }[];
  /** Stored events another event absorbed (their ids redirect to it, see `redirects`). */
  readonly deleted: readonly string[];
  /** Reviews of a deleted event move to the event that absorbed it. */
  readonly reviewsMoved: readonly { readonly from: string; readonly to: string }[];
  /** Each deleted event id and the surviving event that absorbed it (the store answers the old id with it). */
  readonly redirects: readonly { readonly from: string; readonly to: string }[];
  /** New events made of reports that left a stored event (`from`) which kept its id elsewhere. */
  readonly splits: readonly { readonly from: string; readonly to: string }[];
  /** Event ids new to the store, and stored event ids rewritten. */
  readonly created: readonly string[];
  readonly updated: readonly string[];
}

/**
 * The review in force after a sequence of reviews (oldest first): later corrections of a field win over
 * earlier ones (a count's low/best/high one by one), status, reviewer, time and note come from the latest. Null when there is none.
 */
export function mergeReviews(reviews: readonly EventReview[]): EventReview | null {
  const last = reviews.at(-1);
  if (!last) return null;
  const fields: Record<string, unknown> = {};
  for (const review of reviews) {
    for (const [key, value] of Object.entries(review.fields)) {
      if (value === undefined) continue;
      const counts = key === "fatalities" || key === "injuries";
      fields[key] = counts ? { ...(fields[key] as object | undefined), ...(value as object) } : value;
    }
  }
  return { ...last, fields: fields as EventReview["fields"] };
}

/**
 * The stored events a batch touches: those holding a candidate that sameEvent pairs with the new report it was
 * found for. `candidates` lists, per new report, the stored reports its candidate window returned. Sorted ids.
 */
export function touchedEvents(
  candidates: readonly { readonly fresh: SourcedReport; readonly stored: readonly StoredReport[] }[],
): string[] {
  const freshIds = new Set(candidates.map((c) => c.fresh.report.id));
  const touched = new Set<string>();
  for (const { fresh, stored } of candidates) {
    for (const c of stored) {
      if (c.eventId === null || touched.has(c.eventId) || freshIds.has(c.sourced.report.id)) continue;
      if (sameEvent(fresh, c.sourced)) touched.add(c.eventId);
    }
  }
  return [...touched].sort();
}

/**
 * Which cluster keeps each stored event id: the one holding most of the event's reports (ties: the earlier
 * cluster in canonical order). A cluster heir to several ids keeps the lexically smallest; the others redirect.
 */
function heirs(clusters: readonly (readonly SourcedReport[])[], eventOf: ReadonlyMap<string, string | null>) {
  const counts = new Map<string, Map<number, number>>();
  clusters.forEach((cluster, k) => {
    for (const s of cluster) {
      const old = eventOf.get(s.report.id);
      if (!old) continue;
      const byCluster = counts.get(old) ?? new Map<number, number>();
      byCluster.set(k, (byCluster.get(k) ?? 0) + 1);
      counts.set(old, byCluster);
    }
  });
  const heirOf: string[][] = clusters.map(() => []);
  for (const [old, byCluster] of [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [k] = [...byCluster.entries()].sort(([ka, na], [kb, nb]) => nb - na || ka - kb)[0]!;
    heirOf[k]!.push(old);
  }
  return heirOf;
}

/** The reviews of some events as one list, oldest first (stable: one event's reviews keep their order). */
function reviewsOfEvents(ids: readonly string[], reviews: ReadonlyMap<string, readonly EventReview[]>) {
  return ids.flatMap((id) => reviews.get(id) ?? []).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/**
 * Plans the fusion of new reports with the stored reports of the events they touch (`members`, every report
 * of every touched event), those events' reviews and a person's merge/split decisions on their reports
 * (`constraints`): everything is clustered again (clusterReports never chains distinct events, so a touched
 * event may also split), each cluster built with buildEvent keeping the reviews of the events it keeps.
 * Ids are stable: a cluster holding most of a stored event's reports keeps that event's id (see heirs), events
 * it also absorbs redirect to it, and reports that left an event for a cluster keeping no id make a new event
 * (splitEventId). The clusters are what clusterReports over all stored reports gives, whatever the order or
 * batching articles arrive in (but for a split freeing a report an untouched neighbour would take); which id
 * survives a merge of events stored apart can depend on that order.
 */
export function planFusion(
  fresh: readonly SourcedReport[],
  members: readonly StoredReport[],
  reviews: ReadonlyMap<string, readonly EventReview[]>,
  constraints: FusionConstraints = NO_CONSTRAINTS,
): FusionPlan {
  const freshIds = new Set(fresh.map((s) => s.report.id));
  const eventOf = new Map(members.map((m) => [m.sourced.report.id, m.eventId]));
  const oldIds = new Set(members.map((m) => m.eventId).filter((e): e is string => e !== null));
  const clusters = clusterReports([...members.map((m) => m.sourced), ...fresh], constraints);
  const heirOf = heirs(clusters, eventOf);
  const events: FusedEvent[] = [];
  const assign: { reportId: string; eventId: string }[] = [];
  const redirects: { from: string; to: string }[] = [];
  const splits: { from: string; to: string }[] = [];
  clusters.forEach((cluster, k) => {
    const kept = heirOf[k]!;
    const left = [
      ...new Set(cluster.map((s) => eventOf.get(s.report.id)).filter((e): e is string => !!e)),
    ].sort();
    const id = kept[0] ?? (left.length > 0 ? splitEventId(cluster) : eventId(cluster));
    const event = buildEvent(cluster, { id, review: mergeReviews(reviewsOfEvents(kept, reviews)) });
    events.push(event);
    for (const from of kept.slice(1)) redirects.push({ from, to: id });
    if (kept.length === 0) for (const from of left) splits.push({ from, to: id });
    for (const s of cluster) {
      if (freshIds.has(s.report.id) || eventOf.get(s.report.id) !== id)
        assign.push({ reportId: s.report.id, eventId: id });
    }
  });
  redirects.sort((a, b) => (a.from < b.from ? -1 : 1));
  return {
    events,
    assign,
    deleted: redirects.map((r) => r.from),
    reviewsMoved: redirects.filter((r) => reviews.has(r.from)),
    redirects,
    splits,
    created: events.filter((e) => !oldIds.has(e.id)).map((e) => e.id),
    updated: events.filter((e) => oldIds.has(e.id)).map((e) => e.id),
  };
}
