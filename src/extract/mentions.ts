import type { ActorMention, Certainty, CertaintyCue, Span, TriggerMention } from "../model.js";
import type { CueRule, Lexicons } from "./lexicon.js";

/** A trigger found in a sentence, with the rule that matched and how the sub-type may still change. */
export interface TriggerHit extends TriggerMention {
  readonly priority: number;
  readonly resolveByTarget: boolean;
}

const groupOfText = new WeakMap<RegExp, Map<string, number>>();

/**
 * Index of the named group (`g12` → 12) that matched in a compiled alternation. The same text always comes
 * from the same group, so the answer is remembered per pattern (the alternations have hundreds of groups).
 */
function matchedGroup(pattern: RegExp, match: RegExpExecArray): number {
  let memo = groupOfText.get(pattern);
  if (!memo) groupOfText.set(pattern, (memo = new Map()));
  const key = match[0].toLowerCase();
  const known = memo.get(key);
  if (known !== undefined) return known;
  const groups = match.groups ?? {};
  let found = -1;
  for (const name in groups) {
    if (groups[name] !== undefined) {
      found = Number(name.slice(1));
      break;
    }
  }
  if (memo.size < 50_000) memo.set(key, found);
  return found;
}

/** Every match of `pattern` in the span, with absolute offsets (a global pattern is reused, so scans must not nest on one pattern). */
export function scan(pattern: RegExp, span: Span): { span: Span; match: RegExpExecArray }[] {
  const re = pattern.global ? pattern : new RegExp(pattern.source, `${pattern.flags}g`);
  re.lastIndex = 0;
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

/** Trigger words in a sentence, mapped to ACLED types through the trigger table. */
export function findTriggers(sentence: Span, lex: Lexicons): TriggerHit[] {
  const hits: TriggerHit[] = [];
  for (const { span, match } of scan(lex.triggerPattern, sentence)) {
    const rule = lex.triggerRules[matchedGroup(lex.triggerPattern, match)];
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

/** Short all-caps names (US, IS, SDF) must be written in capitals so the pronoun "us" or the verb "is" never match. */
function acronymOk(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, "");
  if (letters.length <= 3) return letters === letters.toUpperCase();
  if (letters.length === 4) return letters[0] === letters[0]?.toUpperCase();
  return true;
}

/** Actor mentions in a sentence, normalised through the actor lexicon. */
export function findActors(sentence: Span, lex: Lexicons): ActorMention[] {
  const out: ActorMention[] = [];
  for (const { span, match } of scan(lex.actorPattern, sentence)) {
    const entry = lex.actorEntries[matchedGroup(lex.actorPattern, match)];
    if (!entry || !acronymOk(span.text)) continue;
    out.push({ span, name: entry.name, category: entry.category, rule: `actor/${entry.category}` });
  }
  return out;
}

/** Certainty cues in a sentence. */
export function findCertaintyCues(sentence: Span, lex: Lexicons): CertaintyCue[] {
  return lex.certainty.flatMap((rule) =>
    scan(rule.pattern, sentence).map(({ span }) => ({
      span,
      certainty: rule.certainty as Certainty,
      rule: rule.id,
    })),
  );
}

/** The first cue rule that matches shortly before a trigger (within `gap` characters, no clause break between). */
export function cueBefore(
  rules: readonly CueRule[],
  sentence: Span,
  trigger: Span,
  gap: number,
): { rule: string; span: Span } | null {
  const head: Span = {
    start: sentence.start,
    end: trigger.start,
    text: sentence.text.slice(0, trigger.start - sentence.start),
  };
  for (const rule of rules) {
    for (const { span } of scan(rule.pattern, head)) {
      const between = sentence.text.slice(span.end - sentence.start, trigger.start - sentence.start);
      if (trigger.start - span.end <= gap && !/[,;:.]|\bbut\b|\band\b|\bafter\b|\bwhen\b/i.test(between)) {
        return { rule: rule.id, span };
      }
    }
  }
  return null;
}

/** True when the trigger sits inside an aggregate count ("around 30 indirect fire attacks"). */
export function insideAggregate(sentence: Span, trigger: Span, lex: Lexicons): boolean {
  return scan(lex.aggregate, sentence).some(
    ({ span }) => span.start <= trigger.start && span.end >= trigger.end,
  );
}

/** The background cue found in a sentence, if any. */
export function backgroundCue(sentence: Span, lex: Lexicons): { rule: string; span: Span } | null {
  for (const rule of lex.background) {
    const found = scan(rule.pattern, sentence)[0];
    if (found) return { rule: rule.id, span: found.span };
  }
  return null;
}
