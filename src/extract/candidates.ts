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
import { parseNumber } from "../nlp/numbers.js";
import { daysBetween, shiftDay } from "../util/days.js";
import { mostlyCapitalised } from "../util/title-case.js";
import type { Lexicons } from "./lexicon.js";
import {
  backgroundCue,
  cueBefore,
  findActors,
  findCertaintyCues,
  findTriggers,
  globalPattern,
  insideAggregate,
  nonEventCue,
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
  /** How the clause gives its date: told of the event, the day a source spoke, or the page's printed date line. */
  readonly dateKind: DateKind | null;
  readonly resolutions: readonly Resolution[];
  readonly actors: readonly ActorMention[];
  readonly cues: readonly CertaintyCue[];
  readonly background: { readonly rule: string; readonly span: Span } | null;
  /** True when the sentence gives the event something of its own: a date, a town-level place or a toll. */
  readonly anchored: boolean;
  /** Every trigger word of the sentence, live or dropped (an actor next to one is a likely doer). */
  readonly sentenceTriggers: readonly Span[];
  /** The sentence is the article's headline: it sums up events told below, it tells none of its own. */
  readonly headline: boolean;
  /** The sentence opens with "In related news", "Separately", ...: it starts a new event. */
  readonly fresh: boolean;
  /** The clause of the sentence the candidate was read from. */
  readonly clause: Span;
  /** The clause gives a casualty figure of its own. */
  readonly tolled: boolean;
  /** The days (YYYY-MM-DD) the clause tells, leaving out a printed date line and the day a source spoke. */
  readonly toldDays: readonly string[];
  /** The clause names its towns only as other events' labels ("the Khan X strike"): it happened elsewhere. */
  readonly placedElsewhere: boolean;
}

/** How a clause's date relates to its event: told of it, the day a source spoke, or the page's date line. */
export type DateKind = "told" | "spoken" | "printed";

/** A trigger that produced no candidate, and why (for `explain`). */
export interface Dropped {
  readonly span: Span;
  readonly rule: string;
  readonly reason: string;
}

/** How far before or after a trigger an actor is looked for. */
const ACTOR_REACH = 160;
/** Characters allowed between a negation or hypothetical cue and the trigger it governs. */
const CUE_GAP = 40;
/**
 * How old a date may be before its event is background, by precision: a day-precise event up to a week
 * old is still news; "last week" and any earlier month or year are context.
 */
const BACKGROUND_DAYS: Readonly<Record<string, number>> = { day: 7, week: 6, month: 0, year: 0 };

/** True when a resolved date lies well before the publication date. */
export function isPastDate(date: DateMention, published: string | null): boolean {
  if (!published || !date.end) return false;
  const limit = BACKGROUND_DAYS[date.precision];
  if (limit === undefined) return false;
  if (date.precision === "month" || date.precision === "year")
    return date.end < `${published.slice(0, 7)}-01`;
  return daysBetween(date.end, published) > limit;
}

const PASSIVE = /\b(?:was|were|been|being|got|get)\s+(?:\w+ly\s+)?$/i;

function lastMatch(pattern: RegExp, text: string): number {
  const re = globalPattern(pattern);
  let at = -1;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) at = m.index;
  return at;
}

/**
 * True when the armed noun at `at` of a sentence names people held captive ("captured soldiers", "troops taken
 * hostage"): killing them is violence against civilians in ACLED's coding, not a clash.
 */
function held(text: string, at: number, lex: Lexicons): boolean {
  const noun = lex.armedTarget.exec(text.slice(at, at + 40));
  if (noun?.index !== 0) return false;
  const end = at + noun[0].length;
  return (
    lex.heldTarget.before.test(text.slice(Math.max(0, at - 30), at)) ||
    lex.heldTarget.after.test(text.slice(end, end + 50))
  );
}

/** A doer named right after a deed ("carried out by militants", "by gunmen"). */
const AGENT_AFTER =
  /^\s+(?:(?:carried out|conducted|launched|staged|perpetrated|committed|claimed)\s+)?by\b/i;
/** Where the target comes after such a doer ("... on a school", "... against the army"); none: no target after. */
const TARGET_OPENER = /\b(?:on|against|targeting|at)\b|$/i;

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
  const afterAll = sentence.text.slice(offset + hit.span.text.length, offset + hit.span.text.length + 70);
  // "an attack carried out by militants on a school": the doer named after the trigger is no target.
  const after = AGENT_AFTER.test(afterAll)
    ? afterAll.slice(Math.max(0, afterAll.search(TARGET_OPENER)))
    : afterAll;
  const before = sentence.text.slice(Math.max(0, offset - 60), offset);
  const passive = PASSIVE.test(before);
  const afterAt = offset + hit.span.text.length;
  const beforeAt = Math.max(0, offset - 60);
  const readAfter = (): [EventType, SubEventType, string] | null => {
    const armed = lex.armedTarget.exec(after);
    const civilian = lex.civilianTarget.exec(after);
    if (armed && (!civilian || armed.index <= civilian.index))
      return held(sentence.text, afterAt + armed.index, lex)
        ? ["Violence against civilians", "Attack", "target/held-after"]
        : ["Battles", "Armed clash", "target/armed-after"];
    return civilian ? ["Violence against civilians", "Attack", "target/civilian-after"] : null;
  };
  const readBefore = (): [EventType, SubEventType, string] | null => {
    const armed = lastMatch(lex.armedTarget, before);
    const civilian = lastMatch(lex.civilianTarget, before);
    if (armed >= 0 && armed >= civilian)
      return held(sentence.text, beforeAt + armed, lex)
        ? ["Violence against civilians", "Attack", "target/held-before"]
        : ["Battles", "Armed clash", "target/armed-before"];
    return civilian >= 0 ? ["Violence against civilians", "Attack", "target/civilian-before"] : null;
  };
  const found = passive ? (readBefore() ?? readAfter()) : (readAfter() ?? readBefore());
  return found ?? ["Violence against civilians", "Attack", "target/default"];
}

/** Applies refinement cues (tear gas → intervention, rockets → shelling) found in `text` to an event type; over an event's sentences (`scope` "event") clause-only cues are skipped. */
export function refineType(
  type: readonly [EventType, SubEventType, string],
  triggerRule: string,
  text: string,
  lex: Lexicons,
  scope: "clause" | "event" = "clause",
): [EventType, SubEventType, string] {
  let [eventType, subType, rule] = type;
  for (const r of lex.refinements) {
    if (!r.from.includes(subType)) continue;
    if (scope === "event" && r.scope === "clause") continue;
    if (r.requiresRules && !r.requiresRules.includes(triggerRule)) continue;
    if (r.cue.test(text)) {
      [eventType, subType] = r.to;
      rule = `${rule}+${r.id}`;
    }
  }
  return [eventType, subType, rule];
}

/** A one-word past participle right after a determiner and before a noun ("the liberated districts") names a state. */
function participleAdjective(sentence: Sentence, span: Span): boolean {
  if (!/^[a-z]+ed$/.test(span.text)) return false;
  const before = sentence.text.slice(
    Math.max(0, span.start - sentence.start - 6),
    span.start - sentence.start,
  );
  const after = sentence.text.slice(span.end - sentence.start, span.end - sentence.start + 20);
  return /\b(?:the|its|their)\s+$/i.test(before) && /^\s+[a-z]+s\b/.test(after);
}

/**
 * People and places a participle may follow as their modifier ("soldiers captured while fleeing", "bodies found in
 * a town retaken by government forces").
 */
const DESCRIBED_BEFORE =
  /\b(?:people|civilians|soldiers|troops|fighters|militants|men|women|children|villagers|residents|workers|hostages|prisoners|captives|members|officers|policemen|journalists|activists|detainees|towns?|city|villages?|areas?|districts?|neighbou?rhoods?|territory|\d[\d,]*)\s+$/i;
/** What follows such a modifier: its agent or its circumstances. */
const MODIFIER_AFTER = /^\s+(?:by|while|during|earlier|last|weeks|months|days|at|from|for|in)\b/i;
/** A relative clause that tells what had happened to someone ("a lawyer who had been abducted for days"). */
const RELATIVE_BEFORE = /\b(?:who|which|that) (?:had|has|have) been\s+$/i;

/**
 * A past participle right after the people or place it describes, where the sentence tells another deed ("executed 250
 * soldiers captured while fleeing", "freed 19 civilians abducted by the group"): a modifier, not an event.
 */
function postNominal(sentence: Sentence, span: Span): boolean {
  if (!/^(?:[a-z]+ed|[a-z]*taken|overrun|taken hostage|held hostage)$/.test(span.text)) return false;
  const at = span.start - sentence.start;
  const before = sentence.text.slice(Math.max(0, at - 30), at);
  const after = sentence.text.slice(at + span.text.length, at + span.text.length + 30);
  return (DESCRIBED_BEFORE.test(before) && MODIFIER_AFTER.test(after)) || RELATIVE_BEFORE.test(before);
}

/** A doer noun ("gunmen") whose sentence tells no deed: no other trigger, and no deed right after it. */
function noDeed(sentence: Sentence, hit: TriggerHit, hits: readonly TriggerHit[], lex: Lexicons): boolean {
  const deed = lex.deedAfter.get(hit.rule);
  if (!deed || hits.some((h) => !lex.deedAfter.has(h.rule))) return false;
  return !deed.test(sentence.text.slice(hit.span.end - sentence.start));
}

/** Up to `reach` characters of a sentence right before a span. */
function textBefore(sentence: Sentence, span: Span, reach: number): string {
  const at = span.start - sentence.start;
  return sentence.text.slice(Math.max(0, at - reach), at);
}

/** The context a drop rule reads: one trigger hit among its sentence's hits. */
interface HitContext {
  readonly sentence: Sentence;
  readonly hit: TriggerHit;
  readonly hits: readonly TriggerHit[];
  readonly lex: Lexicons;
}

/**
 * Why a trigger tells no event, in the order they are tried: each rule gives its reason (recorded for
 * `explain`) or null.
 */
const DROP_RULES: readonly ((c: HitContext) => string | null)[] = [
  ({ sentence, hit, lex }) => {
    const cue = cueBefore(lex.negation, sentence, hit.span, CUE_GAP);
    return cue ? `negated (${cue.rule}: "${cue.span.text}")` : null;
  },
  ({ sentence, hit, lex }) => {
    const cue = cueBefore(lex.hypothetical, sentence, hit.span, CUE_GAP);
    return cue ? `hypothetical (${cue.rule}: "${cue.span.text}")` : null;
  },
  ({ sentence, hit, lex }) => {
    const cue = nonEventCue(sentence, hit.span, lex);
    return cue ? `no single event (${cue.rule}: "${cue.span.text}")` : null;
  },
  ({ sentence, hit, lex }) =>
    insideAggregate(sentence, hit.span, lex) && !oneDayWave(sentence, hit.span)
      ? "aggregate count of several events"
      : null,
  ({ sentence, hit, hits }) =>
    participleAdjective(sentence, hit.span) || (hits.length > 1 && postNominal(sentence, hit.span))
      ? "a participle used as an adjective ('the liberated districts', 'soldiers captured while fleeing')"
      : null,
  ({ sentence, hit, hits, lex }) =>
    noDeed(sentence, hit, hits, lex) ? "a doer with no deed told ('some gunmen stayed in the town')" : null,
  ({ sentence, hit }) =>
    FLED_BEFORE.test(textBefore(sentence, hit.span, 50))
      ? "what people fled ('families fleeing fierce battles'): displacement, no event"
      : null,
  ({ sentence, hit }) =>
    downedAircraft(sentence, hit)
      ? "an aircraft brought down ('a helicopter that was shot down'): the target, not a strike"
      : null,
  ({ sentence, hit }) =>
    /^march/i.test(hit.span.text) && ARMED_BEFORE.test(textBefore(sentence, hit.span, 40))
      ? "armed men on the move ('its fighters marched 3 km'), not a protest march"
      : null,
  ({ sentence, hit }) =>
    KIND_BEFORE.test(textBefore(sentence, hit.span, 40))
      ? "a kind of deed, not one told ('stopping such attacks')"
      : null,
  ({ sentence, hit }) =>
    detailOfTold(sentence, hit)
      ? "a detail of an event told already ('seized weapons during the clashes')"
      : null,
  ({ sentence, hit }) =>
    prospectSubject(sentence, hit)
      ? "a deed named as the subject of a prospect ('capturing the city would be a prize'), not one told"
      : null,
  ({ sentence, hit }) =>
    hit.event_type === "Strategic developments" && WHO_HAD_BEFORE.test(textBefore(sentence, hit.span, 40))
      ? "a person's past told in a relative clause ('an officer who had defected'), not an event"
      : null,
];

/** A modal verb a few words on, in the same clause: what a sentence-opening gerund would do, not what was done. */
const MODAL_AFTER = /^(?:\s+[\w'’-]+){0,8}?\s+(?:would|could|will|might|may|can|should)\s/i;

/** A gerund that opens its sentence as the subject of a modal ("Capturing the whole city would be a major prize"). */
function prospectSubject(sentence: Sentence, hit: TriggerHit): boolean {
  if (!/^\w+ing\b/i.test(hit.span.text) || textBefore(sentence, hit.span, 40).trim() !== "") return false;
  return MODAL_AFTER.test(sentence.text.slice(hit.span.end - sentence.start).split(/[,;:]/)[0] ?? "");
}

/** A relative clause in the past perfect right before a trigger: the person's past, not the news. */
const WHO_HAD_BEFORE = /\b(?:who|whom|that)\s+had\s+(?:(?:earlier|previously|once|recently|already)\s+)?$/i;

function liveTriggers(
  sentence: Sentence,
  hits: readonly TriggerHit[],
  lex: Lexicons,
  dropped: Dropped[],
): TriggerHit[] {
  return hits.filter((hit) => {
    let reason: string | null = null;
    for (const rule of DROP_RULES) {
      reason = rule({ sentence, hit, hits, lex });
      if (reason) break;
    }
    if (reason) dropped.push({ span: hit.span, rule: hit.rule, reason });
    return reason === null;
  });
}

/** Flight words right before a trigger ("families fleeing fierce battles"): displacement, the fighting no event of its own. */
const FLED_BEFORE =
  /\b(?:fleeing|fled|flee|flees|escaping|escaped|escape|displaced by|driven out by|uprooted by)\s+(?:from\s+)?(?:the\s+)?(?:(?:heavy|fierce|intense|ongoing|renewed|continuing|daily)\s+)*$/i;

/** Words after a deed that make it a detail of an event told already ("seized weapons during the clashes"). */
const DURING_TOLD_AFTER =
  /^(?:\s+[\w-]+){0,6}?\s+(?:during|in the course of|amid) the (?:clashes|fighting|battles?|attacks?|raids?|assault|offensive|operation)\b/i;

/** True when a deed other than a toll is a detail of an event told already. */
function detailOfTold(sentence: Sentence, hit: TriggerHit): boolean {
  if (hit.rule === "trigger/outcome") return false;
  const at = hit.span.end - sentence.start;
  return DURING_TOLD_AFTER.test(sentence.text.slice(at, at + 80));
}

/** An aircraft noun at the end of a trigger ("military helicopter", "regime warplane"). */
const AIRCRAFT_END = /(?:helicopters?|choppers?|jets?|planes?|warplanes?|aircraft|drones?|gunships?)$/i;
/** Words after an aircraft that bring it down ("a helicopter that was shot down", "the jet crashed"). */
const DOWNED_AFTER =
  /^\s+(?:(?:that|which)\s+)?(?:(?:was|were|had been|has been|have been|is|are)\s+)?(?:\w+ly\s+)?(?:shot down|downed|brought down|crashed|went down|came down|crash-landed)\b/i;
/** Words before an aircraft that bring it down ("shot down a regime warplane", "the downing of a jet"). */
const DOWNED_BEFORE =
  /\b(?:shot down|shoot down|shooting down|downed|downing of|brought down|bringing down)\s+(?:(?:a|an|the|two|three|its|their)\s+)?(?:[\w-]+\s+){0,3}$/i;

/** An aircraft trigger whose aircraft is brought down: the target of another deed, not a strike of its own. */
function downedAircraft(sentence: Sentence, hit: TriggerHit): boolean {
  if (!AIRCRAFT_END.test(hit.span.text)) return false;
  const after = sentence.text.slice(hit.span.end - sentence.start, hit.span.end - sentence.start + 40);
  return DOWNED_AFTER.test(after) || DOWNED_BEFORE.test(textBefore(sentence, hit.span, 60));
}

/** Armed men right before a verb ("its fighters marched", "troops then marched"). */
const ARMED_BEFORE =
  /\b(?:fighters|troops|soldiers|forces|militants|rebels|militiamen|gunmen|jihadists|units|columns|army)\s+(?:[a-z]+\s+)?$/i;

/** A kind of deed named, not a deed told ("stopping such attacks", "this kind of shelling"). */
const KIND_BEFORE = /\b(?:such|(?:this|that|these|those) (?:kinds?|types?|sorts?) of)\s+(?:[\w-]+\s+)?$/i;

/** A vague count right before a trigger ("a number of strikes", "a wave of raids"), not a figure ("40 attacks"). */
const VAGUE_WAVE_BEFORE =
  /\b(?:a number of|several|multiple|a series of|a wave of|waves of|a string of|a spate of|dozens of|scores of)\s+(?:[\w-]+\s+){0,2}$/i;
/** A single day the sentence names ("on Saturday", "overnight", "this morning"). */
const ONE_DAY =
  /\b(?:on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|yesterday|today|overnight|(?:this|on \w+day) (?:morning|afternoon|evening|night))\b/i;

/** Vaguely counted deeds on one named day ("on Saturday ... carried out a number of strikes near X"): one wave, one event. */
function oneDayWave(sentence: Sentence, trigger: Span): boolean {
  return VAGUE_WAVE_BEFORE.test(textBefore(sentence, trigger, 40)) && ONE_DAY.test(sentence.text);
}

/** Openings that announce another story. */
const NEW_EVENT =
  /^(?:in (?:a )?(?:related|other|separate) (?:news|developments?|incidents?)|separately|elsewhere|meanwhile)\b/i;

/** Words just before a trigger that tell of another event than the one told before ("a second strike"). */
const ANOTHER_EVENT =
  /\b(?:another|in (?:a )?similar|a (?:second|third|fourth|new|further|separate|fresh)|separately|in a separate)\s+(?:[a-z-]+\s+)?$/i;

/** The first line of an article is a headline when it is short and does not end like a sentence. */
function isHeadline(sentence: Sentence, sentences: readonly Sentence[]): boolean {
  if (sentence.paragraph !== 0) return false;
  const paragraph = sentences.filter((s) => s.paragraph === 0);
  const last = paragraph[paragraph.length - 1];
  const length = paragraph.reduce((n, s) => n + s.text.length, 0);
  return (
    sentences.length > paragraph.length && length <= 220 && last !== undefined && !/[.!?"”]$/.test(last.text)
  );
}

/** Words either side of a trigger read to tell a title-case run from prose. */
const TITLE_WINDOW = 5;

/**
 * A capitalised trigger inside a run of capitalised words, past the article's first sentence: the headline of
 * another story glued into the text ("Related Syrian Forces Deny Killing Dozens in Government-Led Airstrikes").
 */
function inTitleCase(sentence: Sentence, trigger: Span): boolean {
  const at = trigger.start - sentence.start;
  if (at === 0 || !/^\p{Lu}/u.test(trigger.text)) return false;
  const before = sentence.text.slice(0, at).split(/\s+/).filter(Boolean).slice(-TITLE_WINDOW);
  const after = sentence.text
    .slice(at + trigger.text.length)
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, TITLE_WINDOW);
  return mostlyCapitalised([...before, ...after], 4);
}

/** How much more than the title a sentence may hold and still be the title repeated (a date, an outlet's name). */
const TITLE_SLACK = 40;

/** A sentence that is the article's title repeated in the text ("1 May 2017 <title>."): a headline too. */
function repeatsTitle(sentence: Sentence, title: string | null): boolean {
  const t = title?.trim() ?? "";
  if (t.length < 20 || sentence.text.length - t.length > TITLE_SLACK) return false;
  return sentence.text.toLowerCase().includes(t.toLowerCase());
}

/**
 * Words that start a clause telling another event ("... after militants attacked a post last week", "... where an
 * attack on a convoy took place on 19 September"). A lapse
 * before "after" ("days after", "two weeks after") stays with the clause before, where priorDate reads it.
 */
const CLAUSE_BREAK =
  /\b(?:after|following|in response to|in (?:retaliation|revenge) for|before|while|whereas|and that|but|where(?=(?:\s+[\w-]+){1,8}?\s+(?:took place|happened|occurred|(?:was|were) carried out)\b))\b|;/gi;
/** A sentence that opens with a break word ("After the meeting in October, ...") has that clause up to its first comma. */
const OPENING_CLAUSE =
  /^(?:[A-Z][A-Z .'-]{2,40}(?:,[^\u2013\u2014-]{0,40})?\s*[\u2013\u2014-]+\s*)?(?:after|following|before|since|despite|during|amid)\b[^,]{0,160},/i;

/** Splits a sentence at clause breaks (and after an opening clause of `openingLength` characters, if any). */
function clauses(sentence: Sentence, openingLength: number | null): Span[] {
  const cuts: number[] = [];
  CLAUSE_BREAK.lastIndex = 0;
  for (let m = CLAUSE_BREAK.exec(sentence.text); m !== null; m = CLAUSE_BREAK.exec(sentence.text))
    if (m.index > 0) cuts.push(m.index);
  if (openingLength !== null) cuts.push(openingLength);
  cuts.sort((a, b) => a - b);
  if (cuts.length === 0) return [sentence];
  const bounds = [0, ...cuts, sentence.text.length];
  const out: Span[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const a = bounds[i] ?? 0;
    const b = bounds[i + 1] ?? sentence.text.length;
    out.push({ start: sentence.start + a, end: sentence.start + b, text: sentence.text.slice(a, b) });
  }
  return out;
}

/** The clause of a sentence an article offset lies in (the splits candidates are read from). */
export function clauseAt(sentence: Sentence, at: number): Span {
  const opening = OPENING_CLAUSE.exec(sentence.text);
  const all = clauses(sentence, opening ? opening[0].length : null);
  return all.find((c) => c.start <= at && at < c.end) ?? sentence;
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

/** A determiner right before a trigger that points back to an event already told ("the attack", "this bombing"; not "that", which may open a clause). */
const RETOLD =
  /\b(?:the|this)\s+(?:(?:new|latest|recent|fatal|deadly|twin|double|suspected|alleged|reported)\s+){0,2}$/i;
/** Triggers at or below this priority name no weapon of their own ("strikes", "attacked", "killed"). */
export const GENERIC_PRIORITY = 55;

/** A reporting verb right before a date: the day a source spoke ("the monitor said on Tuesday"). */
const SPOKEN_ON =
  /\b(?:said|says|told|reported|announced|added|stated|confirmed|quoted|according to \w+)(?: \w+){0,2}? (?:on|late on|early on|late|early)?\s*$/i;

/** True when the date is the day a source spoke, not the day of the event. */
export function spokenDate(date: DateMention, sentence: Sentence): boolean {
  const before = sentence.text.slice(
    Math.max(0, date.span.start - sentence.start - 40),
    date.span.start - sentence.start,
  );
  return SPOKEN_ON.test(before);
}

/** Characters from the top of a text within which a page prints its date line. */
const PRINTED_REACH = 80;

/**
 * True when a date opens the text, is written with a number (not "Wednesday") and is the publication day: the
 * page's date line ("Published April 19 2017", "BEIRUT, March 3").
 */
export function printedDate(d: DateMention, published: string | null): boolean {
  return (
    d.span.start <= PRINTED_REACH &&
    /\d/.test(d.span.text) &&
    published !== null &&
    d.value === published.slice(0, 10)
  );
}

/** A clause's dates by kind: told of its events, the day a source spoke, the page's printed date line. */
function dateKinds(
  dates: readonly DateMention[],
  sentence: Sentence,
  published: string | null,
): Readonly<Record<DateKind, DateMention[]>> {
  const printed = dates.filter((d) => printedDate(d, published));
  const spoken = dates.filter((d) => !printed.includes(d) && spokenDate(d, sentence));
  const told = dates.filter((d) => !printed.includes(d) && !spoken.includes(d));
  return { told, spoken, printed };
}

/**
 * The event's date in a clause: the date nearest its trigger that the text tells, else the day a source spoke,
 * else the page's printed date line.
 */
function eventDate(
  kinds: Readonly<Record<DateKind, DateMention[]>>,
  trigger: Span,
): { date: DateMention | null; kind: DateKind | null } {
  for (const kind of ["told", "spoken", "printed"] as const) {
    const date = nearest(kinds[kind], trigger);
    if (date) return { date, kind };
  }
  return { date: null, kind: null };
}

/** A day used as a possessive ("Tuesday's strikes", "today's raid") names an event already told, in any time zone. */
function namesEventByDay(d: DateMention, text: string): boolean {
  return /^['’]s\b/.test(text.slice(d.span.end, d.span.end + 3));
}

/** The last day-precise date told before `at` (not the page's printed date line), or null. */
function lastDayBefore(
  dates: readonly DateMention[],
  at: number,
  published: string | null,
): DateMention | null {
  let found: DateMention | null = null;
  for (const d of dates) {
    if (d.span.end > at) break;
    if (d.precision === "day" && d.value !== null && !printedDate(d, published)) found = d;
  }
  return found;
}

/** Counted time before "after" ("a day after", "two weeks after"), read at the end of the text before a clause. */
const LAPSE_BEFORE =
  /\b(a|an|one|two|three|four|five|six|\d+|hours|days|weeks)\s+(?:(hours?|days?|weeks?)\s+)?$/i;

/**
 * The date a clause opened by "after" tells when the text counts the lapse before it ("a day after", "days
 * after"), from the day the rest of the sentence tells (else the last day told before it): one day, n days or weeks earlier, or the week before.
 */
function priorDate(
  sentence: Sentence,
  segment: Span,
  dates: readonly DateMention[],
  storyDay: DateMention | null,
): DateMention | null {
  if (!/^\s*after\b/i.test(segment.text)) return null;
  const head = sentence.text.slice(0, segment.start - sentence.start);
  const lapse = LAPSE_BEFORE.exec(head);
  const frame =
    dates.find(
      (d) =>
        d.precision === "day" &&
        d.value !== null &&
        (d.span.end <= segment.start || d.span.start >= segment.end),
    ) ?? storyDay;
  if (!lapse || !frame?.value) return null;
  const word = (lapse[1] ?? "").toLowerCase();
  const unit = (lapse[2] ?? word).toLowerCase();
  if (unit.startsWith("hour")) return frame;
  const n = word === "a" || word === "an" ? 1 : parseNumber(word);
  const from = lapse.index ?? 0;
  const to = segment.start + 5 - sentence.start;
  const spanned = {
    start: sentence.start + from,
    end: sentence.start + to,
    text: sentence.text.slice(from, to),
  };
  if (n === null) {
    // "days after", "weeks after": some time in the week or weeks before.
    const back = unit.startsWith("week") ? 28 : 6;
    return {
      span: spanned,
      value: shiftDay(frame.value, -back),
      precision: "week",
      start: shiftDay(frame.value, -back),
      end: shiftDay(frame.value, -1),
      relative: true,
      rule: "date/prior-clause",
    };
  }
  const day = shiftDay(frame.value, -(unit.startsWith("week") ? 7 * n : n));
  return {
    span: spanned,
    value: day,
    precision: "day",
    start: day,
    end: day,
    relative: true,
    rule: "date/prior-clause",
  };
}

/**
 * Words before a place that send the wounded there ("taken to hospital in X", "transported to X", "treated at a
 * hospital in X"); a hospital named without care ("protested at the hospital in X", "struck a hospital in X") is
 * where the event happened.
 */
const TREATED_BEFORE =
  /\b(?:(?:taken|transported|rushed|evacuated|brought|admitted|moved|ferried|airlifted|transferred) (?:\w+ ){0,3}to|(?:treated|treatment|admitted|died|succumbed|recovering|receiving|hospitali[sz]ed|care) (?:\w+ ){0,4}?hospitals? (?:in|at))\s+(?:the\s+)?(?:[\w-]+\s+){0,3}$/i;
/** Words after a place that make it a hospital's name ("Madina and Erdogan hospitals"). */
const TREATED_AFTER =
  /^\s*(?:(?:and|&) [\w-]+ )?(?:hospitals?|clinics?|medical (?:centre|center|facility))\b/i;

/** A word every treated-place phrase holds (a cheap check before the two patterns). */
const TREATED_HINT = /\b(?:to|hospitals?|clinics?|medical)\b/i;

/** True when the place is where the wounded were treated, not where the event happened. */
export function whereTreated(sentence: Sentence, place: Span): boolean {
  if (!TREATED_HINT.test(sentence.text)) return false;
  const before = sentence.text.slice(
    Math.max(0, place.start - sentence.start - 60),
    place.start - sentence.start,
  );
  const after = sentence.text.slice(place.end - sentence.start, place.end - sentence.start + 40);
  return TREATED_BEFORE.test(before) || TREATED_AFTER.test(after);
}

/** A determiner before a place that opens a noun phrase ("the Khan X strike", "a Homs bombing"). */
const LABEL_BEFORE = /\b(?:the|a|an|this|that|last)\s+$/i;
/** What may stand between a place and the trigger noun it labels: nothing, or a possessive ("Homs's siege"). */
const LABEL_GAP = /^(?:['’]s)?\s*$/;

/**
 * The place is a label of another trigger of its sentence ("the Khan X strike prompted ... missile strikes"):
 * it names that event, not where the trigger `own` happened.
 */
export function labelsOther(sentence: Sentence, place: Span, own: Span, hits: readonly Span[]): boolean {
  const at = (i: number) => i - sentence.start;
  if (!LABEL_BEFORE.test(sentence.text.slice(Math.max(0, at(place.start) - 8), at(place.start))))
    return false;
  return hits.some(
    (h) =>
      h.start !== own.start &&
      h.start >= place.end &&
      LABEL_GAP.test(sentence.text.slice(at(place.end), at(h.start))),
  );
}

function within<T extends { span: Span }>(items: readonly T[], s: Span): T[] {
  return items.filter((i) => i.span.start >= s.start && i.span.end <= s.end);
}

/** A sentence that is a photo credit alone ("(TRT World and Agencies)"). */
function creditOnly(sentence: Sentence, lex: Lexicons): boolean {
  return sentence.text.length <= 60 && /\)$/.test(sentence.text) && lex.captionCredit.test(sentence.text);
}

/** Photo captions: sentences that end in a photo credit, or that a credit alone follows ("... May 1 2016. (AFP)"). */
function captionSentences(sentences: readonly Sentence[], lex: Lexicons): Set<Sentence> {
  const out = new Set<Sentence>();
  for (const [i, s] of sentences.entries()) {
    const open = s.text.lastIndexOf("(");
    const endsInCredit = open > 0 && /\)$/.test(s.text) && lex.captionCredit.test(s.text.slice(open));
    const next = sentences[i + 1];
    if (endsInCredit || (next && creditOnly(next, lex))) out.add(s);
  }
  return out;
}

/** Reads each sentence into at most one candidate event (its strongest live trigger), skipping page junk. */
export function findCandidates(
  article: Article,
  sentences: readonly Sentence[],
  dates: readonly DateMention[],
  resolutions: readonly Resolution[],
  casualties: readonly { readonly span: Span }[],
  lex: Lexicons,
  homeCountry: string | null = null,
): { candidates: Candidate[]; dropped: Dropped[] } {
  const candidates: Candidate[] = [];
  const dropped: Dropped[] = [];
  // Dates not in a photo caption ("... on June 8 (Reuters)"): the days the text tells.
  const toldDates = dates.filter(
    (d) => !lex.captionCredit.test(article.text.slice(d.span.end, d.span.end + 50)),
  );
  const captions = captionSentences(sentences, lex);
  for (const sentence of sentences) {
    const hits = findTriggers(sentence, lex);
    if (hits.length === 0) continue;
    if (lex.junkLine.test(sentence.text.trimStart()) || lex.junkMarker.test(sentence.text)) {
      for (const hit of hits) dropped.push({ span: hit.span, rule: hit.rule, reason: "page junk line" });
      continue;
    }
    const titleRepeated = repeatsTitle(sentence, article.title);
    const titled =
      sentence.index === 0 || titleRepeated ? [] : hits.filter((h) => inTitleCase(sentence, h.span));
    for (const hit of titled)
      dropped.push({
        span: hit.span,
        rule: hit.rule,
        reason: "title-case teaser (another story's headline or a caption)",
      });
    const live = liveTriggers(
      sentence,
      titled.length > 0 ? hits.filter((h) => !titled.includes(h)) : hits,
      lex,
      dropped,
    );
    if (live.length === 0) continue;
    // Actors matter near the triggers: read a window around them, not the whole of a long sentence.
    const from = Math.max(sentence.start, Math.min(...live.map((h) => h.span.start)) - ACTOR_REACH);
    const to = Math.min(sentence.end, Math.max(...live.map((h) => h.span.end)) + ACTOR_REACH);
    const around = sentence.text.slice(from - sentence.start, to - sentence.start);
    const actors = findActors({ start: from, end: to, text: around }, lex);
    // A country named as an actor ("Israel struck", "Iranian militias", "the United States called") is not
    // where the event happened (any overlap: the place may take in an article the actor leaves out).
    const named = within(resolutions, sentence).filter(
      (r) =>
        !actors.some((a) => a.span.start < r.span.end && r.span.start < a.span.end) &&
        !whereTreated(sentence, r.span),
    );
    // A namesake abroad loses to a place in the article's own country named in the same sentence.
    const home = named.filter((r) => r.place.country_code === homeCountry);
    const sentencePlaces = home.length > 0 ? home : named;
    const sentenceDates = within(toldDates, sentence).filter((d) => !d.rule.includes("since"));
    // The last day the text told before this sentence: what "The bombing came two days after ..." counts from.
    const storyDay = lastDayBefore(toldDates, sentence.start, article.published);
    const cues = findCertaintyCues(sentence, lex);
    const openingClause = OPENING_CLAUSE.exec(sentence.text);
    const segments = clauses(sentence, openingClause ? openingClause[0].length : null);
    const headline = isHeadline(sentence, sentences) || titleRepeated;
    const fresh = NEW_EVENT.test(sentence.text);
    // An opening clause ("During the past months, ...") sets the time of the whole sentence.
    const opening = openingClause ? segments[0] : undefined;
    const openingCue = opening ? backgroundCue(opening, lex) : null;
    for (const segment of segments) {
      const segmentTriggers = within(live, segment);
      if (segmentTriggers.length === 0) continue;
      const trigger = segmentTriggers.reduce((best, h) => (h.priority > best.priority ? h : best));
      const base: [EventType, SubEventType, string] = trigger.resolveByTarget
        ? resolveByTarget(trigger, sentence, lex)
        : [trigger.event_type, trigger.sub_event_type, trigger.rule];
      const [event_type, sub_event_type, typeRule] = refineType(base, trigger.rule, segment.text, lex);
      // In a sentence of several clauses, each clause takes only its own dates and places.
      const single = segments.length === 1;
      const ownDates = single ? sentenceDates : within(sentenceDates, segment);
      // "... on Monday, a day after jets struck X": the clause after "after" tells an earlier day.
      const earlier =
        ownDates.length === 0 && !single ? priorDate(sentence, segment, sentenceDates, storyDay) : null;
      const clauseDates = earlier ? [earlier] : ownDates;
      const kinds = dateKinds(clauseDates, sentence, article.published);
      const { date, kind: dateKind } = eventDate(kinds, trigger.span);
      const toldDays = kinds.told
        .filter((d) => d.precision === "day" && d.value !== null && !namesEventByDay(d, article.text))
        .map((d) => d.value as string);
      const clausePlaces = single ? sentencePlaces : within(sentencePlaces, segment);
      const hitSpans = hits.map((h) => h.span);
      const places = clausePlaces.filter((r) => !labelsOther(sentence, r.span, trigger.span, hitSpans));
      const dated = date && date.precision !== "unknown" ? date : null;
      const head = sentence.text.slice(
        Math.max(0, trigger.span.start - sentence.start - 45),
        trigger.span.start - sentence.start,
      );
      const another = fresh || ANOTHER_EVENT.test(head);
      const tolled = within(casualties, segment).length > 0;
      // "The attack" points back to an event told already: a town in its clause does not make it a new one.
      const retold = trigger.priority <= GENERIC_PRIORITY && RETOLD.test(head);
      // A photo caption adds detail to an event the story tells; it never tells one of its own.
      const anchored =
        !captions.has(sentence) &&
        (another || dated !== null || (!retold && places.some((r) => r.geo_precision < 3)) || tolled);
      const background = dated
        ? isPastDate(dated, article.published)
          ? { rule: "background/past-date", span: dated.span }
          : null
        : (backgroundCue(segment, lex) ?? openingCue);
      candidates.push({
        sentence,
        clause: segment,
        tolled,
        toldDays,
        trigger,
        event_type,
        sub_event_type,
        typeRule,
        date,
        dateKind,
        resolutions: places,
        actors,
        cues,
        background,
        anchored,
        sentenceTriggers: hits.map((h) => h.span),
        headline,
        fresh: another,
        placedElsewhere: places.length < clausePlaces.length && !places.some((r) => r.geo_precision < 3),
      });
    }
  }
  return { candidates, dropped };
}
