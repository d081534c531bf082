// Fusion as a plan (pure): given the new reports of a batch and what the store holds around them, which events
// to write, which reports move to which event, which events disappear and where their reviews go. The store
// loads the neighbours (candidateWindow → indexed query) and applies the plan in one transaction; no fusion
// rule lives there.
import type { EventReview, FusedEvent, SourcedReport } from "../model.js";
import { buildEvent } from "./build-event.js";
import { clusterReports } from "./cluster.js";
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
  /** Stored events no cluster keeps (their reports went to other events). */
  readonly deleted: readonly string[];
  /** Reviews of a deleted event move to the event that holds its first report. */
  readonly reviewsMoved: readonly { readonly from: string; readonly to: string }[];
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
 * Plans the fusion of new reports with the stored reports of the events they touch (`members`, every report
 * of every touched event) and those events' reviews: everything is clustered again (clusterReports never chains
 * distinct events, so a touched event may also split), each cluster built with buildEvent keeping the reviews
 * of the events it absorbs. The record is what clusterReports over all stored reports gives, whatever the
 * order or batching articles arrive in (but for a split freeing a report an untouched neighbour would take).
 */
export function planFusion(
  fresh: readonly SourcedReport[],
  members: readonly StoredReport[],
  reviews: ReadonlyMap<string, readonly EventReview[]>,
): FusionPlan {
  const freshIds = new Set(fresh.map((s) => s.report.id));
  const eventOf = new Map(members.map((m) => [m.sourced.report.id, m.eventId]));
  const oldIds = [...new Set(members.map((m) => m.eventId).filter((e): e is string => e !== null))];
  const events: FusedEvent[] = [];
  const assign: { reportId: string; eventId: string }[] = [];
  const reviewsTo = new Map<string, string>();
  for (const cluster of clusterReports([...members.map((m) => m.sourced), ...fresh])) {
    const absorbed = [
      ...new Set(cluster.map((s) => eventOf.get(s.report.id)).filter((e): e is string => !!e)),
    ].sort();
    const event = buildEvent(cluster, {
      review: mergeReviews(absorbed.flatMap((id) => reviews.get(id) ?? [])),
    });
    events.push(event);
    for (const s of cluster) {
      const old = eventOf.get(s.report.id);
      if (old && !reviewsTo.has(old)) reviewsTo.set(old, event.id);
      if (freshIds.has(s.report.id) || old !== event.id)
        assign.push({ reportId: s.report.id, eventId: event.id });
    }
  }
  const newIds = new Set(events.map((e) => e.id));
  const deleted = oldIds.filter((id) => !newIds.has(id)).sort();
  const reviewsMoved = deleted.flatMap((from) => {
    const to = reviewsTo.get(from);
    return to !== undefined && reviews.has(from) ? [{ from, to }] : [];
  });
  const old = new Set(oldIds);
  return {
    events,
    assign,
    deleted,
    reviewsMoved,
    created: events.filter((e) => !old.has(e.id)).map((e) => e.id),
    updated: events.filter((e) => old.has(e.id)).map((e) => e.id),
  };
}
