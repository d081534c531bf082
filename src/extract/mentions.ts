import type { ActorMention, CertaintyCue, Span, TriggerMention } from "../model.js";
import { type Alternation, matchAll } from "./alternation.js";
import type { CueSet, Lexicons } from "./lexicon.js";

/** A trigger found in a sentence, with the rule that matched and how the sub-type may still change. */
export interface TriggerHit extends TriggerMention {
  readonly priority: number;
  readonly resolveByTarget: boolean;
}

const rowOfText = new WeakMap<Alternation, Map<string, number>>();

/**
 * The table row a match came from: the first row whose pattern matches its whole text, or, before that, a row
 * that looks ahead and matches it where it stands in `sentence`. The same text comes from the same whole-text row,
 * so that answer is remembered (the alternations have hundreds of rows).
 */
function matchedRow(alt: Alternation, span: Span, sentence: Span): number {
  let memo = rowOfText.get(alt);
  if (!memo) {
    memo = new Map();
    rowOfText.set(alt, memo);
  }
  const key = span.text.toLowerCase();
  let found = memo.get(key);
  if (found === undefined) {
    found = alt.rows.findIndex((row) => row.test(span.text));
    if (memo.size < 50_000) memo.set(key, found);
  }
  for (const [row, re] of alt.inContext) {
    if (found !== -1 && row > found) break;
    re.lastIndex = span.start - sentence.start;
    if (re.exec(sentence.text)?.[0].length === span.text.length) return row;
  }
  return found;
}

const globalCopies = new WeakMap<RegExp, RegExp>();

/** The pattern itself when it is global, else its global copy (compiled once per pattern), reset to the start. */
export function globalPattern(pattern: RegExp): RegExp {
  let re = pattern.global ? pattern : globalCopies.get(pattern);
  if (!re) {
    re = new RegExp(pattern.source, `${pattern.flags}g`);
    globalCopies.set(pattern, re);
  }
  re.lastIndex = 0;
  return re;
}

/**
 * Every match of `pattern` in the span from offset `from` of its text on, with absolute offsets (a global pattern
 * is reused, so scans must not nest on one pattern).
 */
export function scan(pattern: RegExp, span: Span, from = 0): { span: Span; match: RegExpExecArray }[] {
  const re = globalPattern(pattern);
  re.lastIndex = from;
  const out: { span: Span; match: RegExpExecArray }[] = [];
  for (let m = re.exec(span.text); m !== null; m = re.exec(span.text)) {
    if (m[0] === "") {
      re.lastIndex++;
      continue;
    }
    const start = span.start + m.index;
    out.push({ span: { start, end: start + m[0].length, text: m[0] }, match: m });
  }
  re.lastIndex = 0;
  return out;
}

/** Every match of a table's alternation in a span, with absolute offsets. */
function scanAlternation(alt: Alternation, span: Span): Span[] {
  return matchAll(alt, span.text).map((m) => {
    const start = span.start + m.index;
    return { start, end: start + m[0].length, text: m[0] };
  });
}

/** Trigger words in a sentence, mapped to ACLED types through the trigger table. */
export function findTriggers(sentence: Span, lex: Lexicons): TriggerHit[] {
  const hits: TriggerHit[] = [];
  for (const span of scanAlternation(lex.triggerPattern, sentence)) {
    const rule = lex.triggerRules[matchedRow(lex.triggerPattern, span, sentence)];
    if (!rule) continue;
    hits.push({
      span,
      event_type: rule.event_type,
      sub_event_type: rule.sub_event_type,
      rule: `trigger/${rule.id}`,
      priority: rule.priority,
      resolveByTarget: rule.resolveByTarget,
    });
  }
  return hits;
}

/** Short all-caps names (US, IS, SDF) must be written in capitals (generic words with a template are exempt) so the pronoun "us" or the verb "is" never match. */
function acronymOk(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, "");
  if (letters.length <= 3) return letters === letters.toUpperCase();
  if (letters.length === 4) return letters[0] === letters[0]?.toUpperCase();
  return true;
}

/** Actor mentions in a sentence, normalised through the actor lexicon. */
export function findActors(sentence: Span, lex: Lexicons): ActorMention[] {
  const out: ActorMention[] = [];
  const generic = new Set<ActorMention>();
  for (const span of scanAlternation(lex.actorPattern, sentence)) {
    const entry = lex.actorEntries[matchedRow(lex.actorPattern, span, sentence)];
    // Generic words ("army", "mobs") are no acronyms: only names need their capitals.
    if (!entry || (entry.template === null && !acronymOk(span.text))) continue;
    const mention = { span, name: entry.name, category: entry.category, rule: `actor/${entry.category}` };
    out.push(mention);
    if (entry.category === "unidentified" || entry.template !== null) generic.add(mention);
  }
  return namedGenerics(
    withoutModifiers(out, sentence).filter((m) => !atDateline(m, sentence)),
    generic,
    sentence,
  );
}

/**
 * What follows a dateline's city in capitals: a date or an agency in parentheses, or the dash that opens the
 * story. Not index.ts's place rule (isDateline): there a parenthesis alone would take "Colón (Panama)" as one.
 */
const CAPITALS_DATELINE_AFTER = /^,?\s+(?:\p{Lu}[\p{L}.]+\s+\d{1,2},?\s+)?(?:\(|[-–—]\s)/u;

/** A capital written in capitals at a dateline ("MOSCOW October 1 (RIA Novosti) -"): where the story was filed, no doer. */
function atDateline(m: ActorMention, sentence: Span): boolean {
  if (m.span.text.length < 4 || m.span.text !== m.span.text.toUpperCase()) return false;
  return CAPITALS_DATELINE_AFTER.test(
    sentence.text.slice(m.span.end - sentence.start, m.span.end - sentence.start + 40),
  );
}

/** Words between a group named as a modifier and the group it describes ("the al-Qaeda breakaway ISIL"). */
const MODIFIER_BETWEEN =
  /^['’]?s?\s+(?:breakaway|splinter|offshoot|affiliate|branch|wing|ally|allies|proxy|proxies)(?:\s+(?:group|faction|militia))?(?:\s+the)?\s+$/i;

/** Mentions without those that only describe the group named right after them. */
function withoutModifiers(mentions: readonly ActorMention[], sentence: Span): ActorMention[] {
  return mentions.filter((m, i) => {
    const next = mentions[i + 1];
    if (!next) return true;
    const between = sentence.text.slice(m.span.end - sentence.start, next.span.start - sentence.start);
    return !MODIFIER_BETWEEN.test(between);
  });
}

/** Categories whose name before a generic word ("NAF rebel forces", "Turkish soldiers") makes one mention. */
const NAMING_CATEGORIES = new Set(["armed-group", "state"]);
/** Categories of the generic doer words that join a name before them (never civilians nor crowds). */
const JOINING_CATEGORIES = new Set(["unidentified", "armed-group", "state-forces"]);

/** The last word of a mention, lower-cased ("ISIS terrorists" → "terrorists"). */
function headWord(text: string): string {
  return text.slice(text.search(/\S+$/)).toLowerCase();
}

/**
 * A group's or a state's name followed by a generic doer word ("ISIS terrorists", "NAF rebel forces", "Turkish
 * soldiers") is one mention of it; the same generic word later in the sentence ("... executed by the terrorists") refers to it too.
 */
function namedGenerics(
  mentions: readonly ActorMention[],
  generic: ReadonlySet<ActorMention>,
  sentence: Span,
): ActorMention[] {
  const out: ActorMention[] = [];
  const referents = new Map<string, ActorMention>();
  let prevGeneric = true;
  for (const m of mentions) {
    const prev = out[out.length - 1];
    const gap = prev
      ? sentence.text.slice(prev.span.end - sentence.start, m.span.start - sentence.start)
      : "";
    const joins =
      prev !== undefined &&
      !prevGeneric &&
      NAMING_CATEGORIES.has(prev.category) &&
      generic.has(m) &&
      JOINING_CATEGORIES.has(m.category);
    prevGeneric = generic.has(m);
    if (prev && joins && /^ ?$/.test(gap)) {
      const span = {
        start: prev.span.start,
        end: m.span.end,
        text: sentence.text.slice(prev.span.start - sentence.start, m.span.end - sentence.start),
      };
      const merged = { ...prev, span, rule: `${prev.rule}+generic` };
      out[out.length - 1] = merged;
      referents.set(headWord(m.span.text), merged);
      continue;
    }
    const referent = m.category === "unidentified" ? referents.get(headWord(m.span.text)) : undefined;
    out.push(
      referent ? { ...m, name: referent.name, category: referent.category, rule: `${m.rule}+referent` } : m,
    );
  }
  return out;
}

/** Certainty cues in a sentence. */
export function findCertaintyCues(sentence: Span, lex: Lexicons): CertaintyCue[] {
  const cues: CertaintyCue[] = [];
  for (const span of scanAlternation(lex.certaintyPattern, sentence)) {
    const rule = lex.certainty[matchedRow(lex.certaintyPattern, span, sentence)];
    if (rule?.certainty) cues.push({ span, certainty: rule.certainty, rule: rule.id });
  }
  return cues;
}

/** A dotted initialism ("U.S.", "U.N."). */
const INITIALISM = /\b(?:[A-Z]\.){2,}/g;

/** The first cue rule that matches shortly before a trigger (within `gap` characters, no clause break between). */
export function cueBefore(
  cues: CueSet,
  sentence: Span,
  trigger: Span,
  gap: number,
): { rule: string; span: Span } | null {
  // Only the stretch just before the trigger can hold its cue: scan that window, not the whole sentence.
  const from = Math.max(sentence.start, trigger.start - gap - 60);
  const head: Span = {
    start: from,
    end: trigger.start,
    text: sentence.text.slice(from - sentence.start, trigger.start - sentence.start),
  };
  const first = cues.any.exec(head.text);
  if (first === null) return null;
  for (const rule of cues.rules) {
    for (const { span } of scan(rule.pattern, head, first.index)) {
      // An initialism's dots ("U.S.", "U.N.") end no clause.
      const between = sentence.text
        .slice(span.end - sentence.start, trigger.start - sentence.start)
        .replace(INITIALISM, "");
      if (trigger.start - span.end <= gap && !/[,;:.]|\bbut\b|\band\b|\bafter\b|\bwhen\b/i.test(between)) {
        return { rule: rule.id, span };
      }
    }
  }
  return null;
}

/** True when the trigger sits inside an aggregate count ("around 30 indirect fire attacks"). */
export function insideAggregate(sentence: Span, trigger: Span, lex: Lexicons): boolean {
  // The count comes before the trigger and the counted noun may follow it: scan a window around it.
  const from = Math.max(sentence.start, trigger.start - 80);
  const to = Math.min(sentence.end, trigger.end + 40);
  const window: Span = {
    start: from,
    end: to,
    text: sentence.text.slice(from - sentence.start, to - sentence.start),
  };
  return scan(lex.aggregate, window).some(
    ({ span }) => span.start <= trigger.start && span.end >= trigger.end,
  );
}

/** The background cue found in a sentence, if any. */
export function backgroundCue(sentence: Span, lex: Lexicons): { rule: string; span: Span } | null {
  const first = lex.background.any.exec(sentence.text);
  if (first === null) return null;
  for (const rule of lex.background.rules) {
    const found = scan(rule.pattern, sentence, first.index)[0];
    if (found) return { rule: rule.id, span: found.span };
  }
  return null;
}

/** How far (characters) a non-event cue may lie from the trigger or figure it cancels. */
const NON_EVENT_REACH = 60;

/** Every non-event cue of a sentence in table order, found once per sentence (its triggers and tolls all ask). */
const nonEventsOf = new WeakMap<Span, { readonly rule: string; readonly span: Span }[]>();

function nonEventMatches(
  sentence: Span,
  lex: Lexicons,
): readonly { readonly rule: string; readonly span: Span }[] {
  let found = nonEventsOf.get(sentence);
  if (!found) {
    const first = lex.nonEvent.any.exec(sentence.text);
    found =
      first === null
        ? []
        : lex.nonEvent.rules.flatMap((rule) =>
            scan(rule.pattern, sentence, first.index).map((m) => ({ rule: rule.id, span: m.span })),
          );
    nonEventsOf.set(sentence, found);
  }
  return found;
}

/**
 * The non-event cue (a cumulative toll "since 2011", a period total, a habitual pattern) that governs `span`:
 * one whose match covers it or lies within NON_EVENT_REACH characters of it in the same sentence.
 */
export function nonEventCue(sentence: Span, span: Span, lex: Lexicons): { rule: string; span: Span } | null {
  for (const found of nonEventMatches(sentence, lex)) {
    const gap =
      found.span.start > span.end
        ? found.span.start - span.end
        : span.start > found.span.end
          ? span.start - found.span.end
          : 0;
    if (gap <= NON_EVENT_REACH) return { rule: found.rule, span: found.span };
  }
  return null;
}
