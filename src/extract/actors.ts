import type { ActorMention, Certainty, CertaintyCue, EventType, ReportActor, Span } from "../model.js";
import type { Lexicons } from "./lexicon.js";

/** The agent and target of one event, as mentions. */
export interface ActorRoles {
  readonly actor1: ActorMention | null;
  readonly actor2: ActorMention | null;
  readonly rule: string;
}

/** Categories that never act as the perpetrator of violence. */
const NEVER_AGENT = new Set(["civilians"]);
/** Categories that only make sense as actor1 of protests and riots. */
const CROWD = new Set(["protesters", "rioters"]);

const PASSIVE_BY = /\b(?:by|attributed to|blamed on)\s+(?:an?\s+|the\s+)?(?:\w+\s+){0,2}$/i;
/** An actor followed by a reporting verb is the source of the report, not the doer ("US forces reported a drone attack"). */
const REPORTING =
  /^\W{0,3}(?:\w+\s+){0,1}(?:said|says|reported|reports|told|claimed|claims|announced|accused|blamed|stated|confirmed|denied|warned)\b(?!\s+(?:it|they|its|their|responsibility|credit|the attack|the bombing)\b)/i;

/** Words that say the doer is not known (the unidentified actor's other words name a kind of doer). */
const UNNAMED =
  /\b(?:unidentified|unknown|unnamed|anonymous|gunm[ae]n|armed (?:men|group)|assailants?|attackers?|perpetrators?)\b/i;

/** Picks who did it and to whom from the actors of the event's sentence, relative to the trigger. */
export function assignRoles(
  trigger: Span,
  sentence: Span,
  actors: readonly ActorMention[],
  otherTriggers: readonly Span[] = [],
): ActorRoles {
  const reporting = (a: ActorMention) =>
    REPORTING.test(sentence.text.slice(a.span.end - sentence.start, a.span.end - sentence.start + 30));
  const violent = actors.filter((a) => !CROWD.has(a.category) && !reporting(a));
  // An actor that opens the trigger phrase ("Israeli jets", "Turkish drone strike") is its doer.
  const inside = violent.find((a) => a.span.start === trigger.start && !NEVER_AGENT.has(a.category));
  const after = violent.filter((a) => a.span.start >= trigger.end);
  const before = violent.filter((a) => a.span.end <= trigger.start);
  const passive = after.find(
    (a) =>
      !NEVER_AGENT.has(a.category) &&
      PASSIVE_BY.test(sentence.text.slice(trigger.end - sentence.start, a.span.start - sentence.start)) &&
      a.span.start - trigger.end < 40,
  );
  // Failing all else, an actor right before another trigger word of the sentence ("Israel's ... airstrikes").
  const adjacent = violent.find(
    (a) =>
      !NEVER_AGENT.has(a.category) &&
      otherTriggers.some(
        (t) => t.start >= a.span.end && t.start - a.span.end <= 40 && t.start !== trigger.start,
      ),
  );
  const chosen =
    inside ??
    passive ??
    [...before].reverse().find((a) => !NEVER_AGENT.has(a.category) && a.span.start >= trigger.start - 120) ??
    adjacent ??
    null;
  // A generic word followed by the group's name ("terrorists of the so-called X", "militants from X") is X.
  const named = chosen?.category === "unidentified" ? namedAfter(chosen, violent, sentence) : null;
  const agent = named ?? chosen;
  const target =
    after.find((a) => a !== agent && a.name !== agent?.name) ??
    before.find((a) => a !== agent && a.name !== agent?.name) ??
    null;
  const rule = inside
    ? "roles/in-trigger"
    : passive
      ? "roles/passive-by"
      : agent
        ? "roles/nearest-before"
        : "roles/none";
  return { actor1: agent, actor2: target, rule };
}

/** How far after a generic doer word its group's name may follow. */
const NAMED_REACH = 45;
const NAMING =
  /^[\s,]*(?:of|from|belonging to|affiliated (?:to|with)|linked to|loyal to|led by|of the so-called|from the so-called|known as)\b/i;

/** The named group that a generic doer word is said to belong to, right after it. */
function namedAfter(
  generic: ActorMention,
  actors: readonly ActorMention[],
  sentence: Span,
): ActorMention | null {
  const found = actors.find(
    (a) =>
      a.span.start >= generic.span.end &&
      a.span.start - generic.span.end <= NAMED_REACH &&
      a.category !== "unidentified" &&
      !NEVER_AGENT.has(a.category),
  );
  if (!found) return null;
  const between = sentence.text.slice(generic.span.end - sentence.start, found.span.start - sentence.start);
  return NAMING.test(between) ? found : null;
}

/** Fills a lexicon template ("Protesters ({country})") with the event's country, or drops the parentheses when unknown. */
export function actorName(mention: ActorMention, lex: Lexicons, country: string | null): string {
  const entry = lex.actorEntries.find((e) => e.name === mention.name && e.category === mention.category);
  const local = country ? entry?.byCountry[country] : undefined;
  if (local) return local;
  const template = entry?.template;
  if (!template) return mention.name;
  if (country) return template.replace("{country}", country);
  return template.replace(/\s*\(\{country\}\)/, "").replace(/ of \{country\}/, "");
}

/** The crowd actor of a protest or riot: Protesters (Country) or Rioters (Country). */
export function crowdActor(eventType: EventType, country: string | null): string | null {
  const base = eventType === "Protests" ? "Protesters" : eventType === "Riots" ? "Rioters" : null;
  if (!base) return null;
  return country ? `${base} (${country})` : base;
}

/** The certainty of an attribution, from the cues of the event's sentences (strongest rule first). */
export function certaintyOf(
  agent: ActorMention | null,
  cues: readonly CertaintyCue[],
  anchor: Span,
): { certainty: Certainty; cue: CertaintyCue | null } {
  // "Unidentified gunmen" leave the doer unknown; a generic word a source uses ("militants") attributes it.
  if (!agent || (agent.category === "unidentified" && UNNAMED.test(agent.span.text))) {
    return { certainty: "unknown", cue: cues.find((c) => c.certainty === "unknown") ?? null };
  }
  const inAnchor = (c: CertaintyCue) => c.span.start >= anchor.start && c.span.end <= anchor.end;
  const order: readonly Certainty[] = ["claimed", "confirmed", "alleged"];
  for (const certainty of order) {
    const cue = cues.find((c) => c.certainty === certainty && (certainty !== "alleged" || inAnchor(c)));
    if (cue) return { certainty, cue };
  }
  return { certainty: "attributed", cue: cues.find((c) => c.certainty === "attributed") ?? null };
}

/** Renders an actor mention as a report actor. */
export function reportActor(
  mention: ActorMention,
  lex: Lexicons,
  country: string | null,
  certainty?: Certainty,
): ReportActor {
  const name = actorName(mention, lex, country);
  return certainty ? { name, text: mention.span.text, certainty } : { name, text: mention.span.text };
}
