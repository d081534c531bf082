// An article's evidence as highlightable pieces: the spans behind each field of an event's reports (trigger,
// date, place, actors, certainty, each casualty claim), cut into segments that know every field covering
// them. Pure: tested in test/web-units.test.ts.
import type { Claim, Report } from "../../src/model.js";

/** One highlighted stretch of the article: which field it supports and, for a claim, which claim. */
export interface EvidenceSpan {
  /** Stable key within the article ("trigger", "date", "claim-1", ...): the element id the event panel scrolls to. */
  readonly key: string;
  /** The field's name as a person reads it ("place", "killed: 7 by the army"). */
  readonly label: string;
  /** The colour class of the field ("trigger", "date", "place", "actor", "certainty", "claim", "other"). */
  readonly kind: string;
  readonly start: number;
  readonly end: number;
  /** The extraction rule that made it, when known. */
  readonly rule?: string;
}

/** A piece of the article text and the evidence spans covering it (none: plain text). */
export interface Segment {
  readonly start: number;
  readonly end: number;
  readonly spans: readonly EvidenceSpan[];
}

/** Field names of Report.evidence as the page names and colours them. */
const FIELD_KINDS: Record<string, { label: string; kind: string }> = {
  trigger: { label: "trigger", kind: "trigger" },
  date: { label: "date", kind: "date" },
  location: { label: "place", kind: "place" },
  actor1: { label: "actor 1", kind: "actor" },
  actor2: { label: "actor 2", kind: "actor" },
  assoc_actor: { label: "associated actor", kind: "actor" },
  certainty: { label: "certainty", kind: "certainty" },
  fatalities: { label: "fatalities", kind: "claim" },
  injuries: { label: "injuries", kind: "claim" },
};

/** How a claim reads: "killed: 7–9 civilians, per the army". */
export function claimLabel(outcome: "killed" | "injured", claim: Claim): string {
  const range =
    claim.high !== null && claim.high !== claim.low ? `${claim.low}–${claim.high}` : `${claim.low}`;
  const who = claim.who ? ` ${claim.who}` : "";
  const by = claim.reported_by ? `, per ${claim.reported_by}` : "";
  return `${outcome}: ${range}${who}${by}`;
}

/**
 * The evidence spans of one report in its article: each evidence entry (numbered when a field has several)
 * and each casualty claim (claim-1, claim-2, ... in killed then injured order). The fatalities/injuries
 * evidence entries repeat the claims' spans, so they are left to the claims.
 */
export function reportSpans(report: Report): EvidenceSpan[] {
  const spans: EvidenceSpan[] = [];
  const seen = new Map<string, number>();
  for (const e of report.evidence) {
    if (e.field === "fatalities" || e.field === "injuries") continue;
    const known = FIELD_KINDS[e.field] ?? { label: e.field, kind: "other" };
    const n = (seen.get(e.field) ?? 0) + 1;
    seen.set(e.field, n);
    spans.push({
      key: n === 1 ? e.field : `${e.field}-${n}`,
      label: known.label,
      kind: known.kind,
      start: e.start,
      end: e.end,
      ...(e.rule && { rule: e.rule }),
    });
  }
  const claims = [
    ...(report.fatalities?.claims ?? []).map((c) => ["killed", c] as const),
    ...(report.injuries?.claims ?? []).map((c) => ["injured", c] as const),
  ];
  claims.forEach(([outcome, claim], i) => {
    spans.push({
      key: `claim-${i + 1}`,
      label: claimLabel(outcome, claim),
      kind: "claim",
      start: claim.evidence.start,
      end: claim.evidence.end,
    });
  });
  return spans;
}

/** The article cut at every span boundary; each segment lists the spans covering it, in the spans' order. */
export function segments(textLength: number, spans: readonly EvidenceSpan[]): Segment[] {
  const valid = spans.filter((s) => s.start >= 0 && s.end <= textLength && s.start < s.end);
  const cuts = new Set([0, textLength]);
  for (const s of valid) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    out.push({ start, end, spans: valid.filter((s) => s.start <= start && s.end >= end) });
  }
  return out;
}
