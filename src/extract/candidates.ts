import type {
  ActorMention,
  Article,
  CertaintyCue,
  DateMention,
  EventType,
  Resolution,
  Span,
  SubEventType,
} from "../model.js";
import type { Sentence } from "../nlp/sentences.js";
import type { Lexicons } from "./lexicon.js";
import {
  backgroundCue,
  cueBefore,
  findActors,
  findCertaintyCues,
  findTriggers,
  insideAggregate,
  type TriggerHit,
} from "./mentions.js";

/** One sentence's reading of an event: its strongest trigger and what the sentence says around it. */
export interface Candidate {
  readonly sentence: Sentence;
  readonly trigger: TriggerHit;
  readonly event_type: EventType;
  readonly sub_event_type: SubEventType;
  readonly typeRule: string;
  readonly date: DateMention | null;
  readonly resolutions: readonly Resolution[];
  readonly actors: readonly ActorMention[];
  readonly cues: readonly CertaintyCue[];
  readonly background: { readonly rule: string; readonly span: Span } | null;
  /** True when the sentence gives the event something of its own: a date, a town-level place or a toll. */
  readonly anchored: boolean;
}

/** A trigger that produced no candidate, and why (for `explain`). */
export interface Dropped {
  readonly span: Span;
  readonly rule: string;
  readonly reason: string;
}

/** Characters allowed between a negation or hypothetical cue and the trigger it governs. */
const CUE_GAP = 28;
/** A dated mention older than this many days before publication is background. */
const BACKGROUND_DAYS = 14;

function daysBetween(a: string, b: string): number {
  return (Date.parse(b.slice(0, 10)) - Date.parse(a.slice(0, 10))) / 86_400_000;
}

/** True when a resolved date lies well before the publication date. */
export function isPastDate(date: DateMention, published: string | null): boolean {
  if (!published || !date.end) return false;
  return daysBetween(date.end, published) > BACKGROUND_DAYS;
}

const PASSIVE = /\b(?:was|were|been|being|got|get)\s+(?:\w+ly\s+)?$/i;

function lastMatch(pattern: RegExp, text: string): number {
  const re = new RegExp(pattern.source, `${pattern.flags.replace("g", "")}g`);
  let at = -1;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) at = m.index;
  return at;
}

/**
 * Resolves a "depends on the target" trigger (attacked, opened fire, killed) to a clash or an attack on
 * civilians: the target is read after an active verb, before a passive one ("a man was killed").
 */
function resolveByTarget(
  hit: TriggerHit,
  sentence: Sentence,
  lex: Lexicons,
): [EventType, SubEventType, string] {
  const offset = hit.span.start - sentence.start;
  const after = sentence.text.slice(offset + hit.span.text.length, offset + hit.span.text.length + 70);
  const before = sentence.text.slice(Math.max(0, offset - 60), offset);
  const passive = PASSIVE.test(before);
  const readAfter = (): [EventType, SubEventType, string] | null => {
    const armed = lex.armedTarget.exec(after);
    const civilian = lex.civilianTarget.exec(after);
    if (armed && (!civilian || armed.index <= civilian.index))
      return ["Battles", "Armed clash", "target/armed-after"];
    return civilian ? ["Violence against civilians", "Attack", "target/civilian-after"] : null;
  };
  const readBefore = (): [EventType, SubEventType, string] | null => {
    const armed = lastMatch(lex.armedTarget, before);
    const civilian = lastMatch(lex.civilianTarget, before);
    if (armed >= 0 && armed >= civilian) return ["Battles", "Armed clash", "target/armed-before"];
    return civilian >= 0 ? ["Violence against civilians", "Attack", "target/civilian-before"] : null;
  };
  const found = passive ? (readBefore() ?? readAfter()) : (readAfter() ?? readBefore());
  return found ?? ["Violence against civilians", "Attack", "target/default"];
}

/** Applies refinement cues (tear gas → intervention, rockets → shelling) found in `text` to an event type. */
export function refineType(
  type: readonly [EventType, SubEventType, string],
  triggerRule: string,
  text: string,
  lex: Lexicons,
): [EventType, SubEventType, string] {
  let [eventType, subType, rule] = type;
  for (const r of lex.refinements) {
    if (!r.from.includes(subType)) continue;
    if (r.requiresRule && triggerRule !== `trigger/${r.requiresRule}`) continue;
    if (r.cue.test(text)) {
      [eventType, subType] = r.to;
      rule = `${rule}+${r.id}`;
    }
  }
  return [eventType, subType, rule];
}

/** Keeps triggers that report an event: drops negated, hypothetical and aggregate ones (recorded in `dropped`). */
function liveTriggers(
  sentence: Sentence,
  hits: readonly TriggerHit[],
  lex: Lexicons,
  dropped: Dropped[],
): TriggerHit[] {
  return hits.filter((hit) => {
    const negation = cueBefore(lex.negation, sentence, hit.span, CUE_GAP);
    const hypothetical = negation ? null : cueBefore(lex.hypothetical, sentence, hit.span, CUE_GAP);
    const reason = negation
      ? `negated (${negation.rule}: "${negation.span.text}")`
      : hypothetical
        ? `hypothetical (${hypothetical.rule}: "${hypothetical.span.text}")`
        : insideAggregate(sentence, hit.span, lex)
          ? "aggregate count of several events"
          : null;
    if (reason) dropped.push({ span: hit.span, rule: hit.rule, reason });
    return reason === null;
  });
}

function nearest<T extends { span: Span }>(items: readonly T[], to: Span): T | null {
  let best: T | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const item of items) {
    const d = item.span.start >= to.end ? item.span.start - to.end : Math.max(0, to.start - item.span.end);
    if (d < bestDistance) [best, bestDistance] = [item, d];
  }
  return best;
}

function within<T extends { span: Span }>(items: readonly T[], s: Span): T[] {
  return items.filter((i) => i.span.start >= s.start && i.span.end <= s.end);
}

/** Reads each sentence into at most one candidate event (its strongest live trigger), skipping page junk. */
export function findCandidates(
  article: Article,
  sentences: readonly Sentence[],
  dates: readonly DateMention[],
  resolutions: readonly Resolution[],
  casualties: readonly { readonly span: Span }[],
  lex: Lexicons,
): { candidates: Candidate[]; dropped: Dropped[] } {
  const candidates: Candidate[] = [];
  const dropped: Dropped[] = [];
  for (const sentence of sentences) {
    const hits = findTriggers(sentence, lex);
    if (hits.length === 0) continue;
    if (lex.junkLine.test(sentence.text.trimStart())) {
      for (const hit of hits) dropped.push({ span: hit.span, rule: hit.rule, reason: "page junk line" });
      continue;
    }
    const live = liveTriggers(sentence, hits, lex, dropped);
    if (live.length === 0) continue;
    const trigger = live.reduce((best, h) => (h.priority > best.priority ? h : best));
    const base: [EventType, SubEventType, string] = trigger.resolveByTarget
      ? resolveByTarget(trigger, sentence, lex)
      : [trigger.event_type, trigger.sub_event_type, trigger.rule];
    const [event_type, sub_event_type, typeRule] = refineType(base, trigger.rule, sentence.text, lex);
    const sentenceDates = within(dates, sentence).filter((d) => !d.rule.includes("since"));
    const date = nearest(sentenceDates, trigger.span);
    const dated = date && date.precision !== "unknown" ? date : null;
    const cue = backgroundCue(sentence, lex);
    const actors = findActors(sentence, lex);
    // A country named as an actor ("Israel struck", "Iranian militias") is not where the event happened.
    const places = within(resolutions, sentence).filter(
      (r) => !actors.some((a) => a.span.start <= r.span.start && r.span.end <= a.span.end),
    );
    const anchored =
      dated !== null || places.some((r) => r.geo_precision < 3) || within(casualties, sentence).length > 0;
    const background = dated
      ? isPastDate(dated, article.published)
        ? { rule: "background/past-date", span: dated.span }
        : null
      : cue;
    candidates.push({
      sentence,
      trigger,
      event_type,
      sub_event_type,
      typeRule,
      date,
      resolutions: places,
      actors,
      cues: findCertaintyCues(sentence, lex),
      background,
      anchored,
    });
  }
  return { candidates, dropped };
}
