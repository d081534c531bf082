import type { ActorMention, Certainty, CertaintyCue, EventType, ReportActor, Span } from "../model.js";
import type { Lexicons } from "./lexicon.js";
import { findActors, scan } from "./mentions.js";

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

/** The words that name the doer next ("carried out by X", "blamed on X", "fell to X"). */
const PASSIVE_BY =
  /\b(?:by|attributed to|blamed on|fell to|fell into the hands of)\s+(?:an?\s+|the\s+)?(?:[\w'-]+\s+){0,2}$/i;
/** A country named as the other side of a border ("near the border with Turkey") is a place, not a party. */
const BORDER_BEFORE = /\b(?:borders?|frontier|boundary)\s+(?:with|of)\s+(?:the\s+)?$/i;
/** A passive verb with no doer right before a trigger ("were also executed", "was then killed"). */
const AGENTLESS_BEFORE = /\b(?:was|were|had been|have been|has been)\s+(?:also\s+|then\s+|later\s+)?$/i;
/** An actor followed by a reporting verb is the source of the report, not the doer ("US forces reported a drone attack"). */
const REPORTING =
  /^\W{0,3}(?:\w+\s+){0,1}(?:said|says|reported|reports|told|claimed|claims|announced|accused|blamed|stated|confirmed|denied|warned)\b(?!\s+(?:it|they|its|their|responsibility|credit|the attack|the bombing|(?:the )?lives?)\b)/i;

/** A source telling its own side's deed ("X said on its channel that its fighters had ...") is the doer. */
const OWN_DEED =
  /^\W{0,3}(?:\w+\s+){0,1}(?:said|says|reported|claimed|claims|announced|stated|confirmed)\b[^.;"]{0,50}?\bthat\s+(?:its|their|our)\s+(?:\w+\s+)?(?:fighters|forces|troops|units|soldiers|men|jets|aircraft|warplanes|drones)\b/i;

/** Words that say the doer is not known (the unidentified actor's other words name a kind of doer). */
const UNNAMED =
  /\b(?:unidentified|unknown|unnamed|anonymous|gunm[ae]n|armed (?:men|group)|assailants?|attackers?|perpetrators?)\b/i;

/** What besides the sentence's actors decides who did it. */
export interface RoleContext {
  /** Every trigger word of the sentence (an actor right before another one is a likely doer). */
  readonly otherTriggers?: readonly Span[];
  /** The clause the trigger was read from: an actor next to another trigger word must be in it. */
  readonly clause?: Span;
  /** Whether an actor can carry out the deed (aircraft); every actor can when absent. */
  readonly canDo?: (a: ActorMention) => boolean;
  /** The lexicons: role cues around mentions, generic words. */
  readonly lex?: Lexicons;
  /** A country's adjective right before the trigger ("Syrian air strikes") may name its doer (not for crowds). */
  readonly deedDemonym?: boolean;
}

/** How far before a trigger its doer may be named. */
const DOER_REACH = 120;
/** How far after a trigger a passive "by X" or a side ("between X") may be named. */
const AFTER_REACH = 40;

/** Picks who did it and to whom from the actors of the event's sentence, relative to the trigger. */
export function assignRoles(
  trigger: Span,
  sentence: Span,
  actors: readonly ActorMention[],
  ctx: RoleContext = {},
): ActorRoles {
  const { otherTriggers = [], clause, canDo, lex, deedDemonym = false } = ctx;
  const text = sentence.text;
  const at = (offset: number) => offset - sentence.start;
  const textBefore = (offset: number, reach: number) =>
    text.slice(Math.max(0, at(offset) - reach), at(offset));
  const textAfter = (offset: number, reach: number) => text.slice(at(offset), at(offset) + reach);
  const reporting = (a: ActorMention) => {
    const next = textAfter(a.span.end, 90);
    return REPORTING.test(next.slice(0, 30)) && !OWN_DEED.test(next);
  };
  const roles = lex?.roles;
  // A country word before a place noun ("a Turkish province") is a place; a mention after "fighting" or
  // "killed 20", or before "were killed", is the target or the victim, never the doer.
  const place = (a: ActorMention) =>
    a.category === "state" &&
    (roles?.placeAfter.test(textAfter(a.span.end, 20)) === true ||
      BORDER_BEFORE.test(textBefore(a.span.start, 30)));
  const object = (a: ActorMention) =>
    roles !== undefined &&
    (roles.objectBefore.test(textBefore(a.span.start, 60)) ||
      roles.victimAfter.test(textAfter(a.span.end, 40)));
  // A country word right before a word for civilians or a crowd ("Israeli civilians") only says whose they are.
  const whose = (a: ActorMention) =>
    a.category === "state" &&
    actors.some(
      (b) =>
        (NEVER_AGENT.has(b.category) || CROWD.has(b.category)) &&
        b.span.start >= a.span.end &&
        b.span.start - a.span.end <= 1,
    );
  const violent = actors.filter((a) => !CROWD.has(a.category) && !reporting(a) && !place(a) && !whose(a));
  const able = (a: ActorMention) => !NEVER_AGENT.has(a.category) && (canDo?.(a) ?? true);
  // A mention that names a place of a side ("a police station") is where the deed struck, never its doer.
  const doer = (a: ActorMention) => able(a) && !object(a) && roles?.facilityEnd.test(a.span.text) !== true;
  const between = (a: ActorMention) => text.slice(at(trigger.end), at(a.span.start));
  // An actor that opens the trigger phrase ("Israeli jets", "Turkish drone strike") is its doer.
  const inside =
    violent.find((a) => a.span.start === trigger.start && able(a)) ??
    (deedDemonym && lex ? demonymBefore(trigger, sentence, lex, able) : undefined);
  const after = violent.filter((a) => a.span.start >= trigger.end);
  const before = violent.filter((a) => a.span.end <= trigger.start);
  const near = (a: ActorMention) => a.span.start - trigger.end < AFTER_REACH;
  // The words before the doer may end the trigger itself ("fell to X": X took it).
  const passive = after.find((a) => able(a) && near(a) && PASSIVE_BY.test(trigger.text + between(a)));
  // The sides a trigger names after it ("clashes between X and Y", "pitted X against Y"): the first is actor1.
  const side = after.find((a) => able(a) && near(a) && roles?.partyAfter.test(between(a)) === true);
  const closest = [...before].reverse().find((a) => doer(a) && a.span.start >= trigger.start - DOER_REACH);
  // Of doers named together ("police and army arrested"), the first named is actor1.
  const nearest = closest ? firstOfPair(closest, before, sentence) : undefined;
  // "Clashes with X" with no doer before: X is a side.
  const partner = after.find((a) => able(a) && near(a) && roles?.partnerAfter.test(between(a)) === true);
  // Failing all else, an actor of the same clause right before another trigger word ("Israel's ... airstrikes").
  const inClause = (a: ActorMention) => !clause || (a.span.start >= clause.start && a.span.end <= clause.end);
  const adjacent = violent.find(
    (a) =>
      doer(a) &&
      inClause(a) &&
      otherTriggers.some(
        (t) => t.start >= a.span.end && t.start - a.span.end <= 40 && t.start !== trigger.start,
      ),
  );
  // "X detained a woman and executed her while a man was also executed": an agentless passive deed is the doer's
  // named earlier in the sentence, however far back.
  const earlier = AGENTLESS_BEFORE.test(textBefore(trigger.start, 30))
    ? [...before].reverse().find(doer)
    : undefined;
  // The readings in order of trust: the first found is the doer, and its rule the one the evidence names.
  const readings: readonly [ActorMention | undefined, string][] = [
    [inside, "roles/in-trigger"],
    [passive, "roles/passive-by"],
    [side, "roles/side"],
    [nearest, "roles/nearest-before"],
    [partner, "roles/partner"],
    [adjacent, "roles/adjacent"],
    [earlier, "roles/earlier-doer"],
  ];
  const [chosen, rule] = readings.find(([a]) => a !== undefined) ?? [null, "roles/none"];
  // A generic word followed by the group's name ("terrorists of the so-called X", "militants from X") is X.
  const named = chosen && isGeneric(chosen, lex) ? namedAfter(chosen, violent, sentence, lex) : null;
  const agent = named ?? chosen ?? null;
  // A backer ("forces backed by Russia") is neither doer nor target.
  const backer = (a: ActorMention) => roles?.backerBefore.test(textBefore(a.span.start, 60)) === true;
  const other = (a: ActorMention) => a !== agent && a.name !== agent?.name && a !== chosen && !backer(a);
  const target = after.find(other) ?? before.find(other) ?? null;
  return { actor1: agent, actor2: target, rule };
}

/** The actor a country's adjective right before the trigger names ("Syrian air strikes"), if the table has one. */
function demonymBefore(
  trigger: Span,
  sentence: Span,
  lex: Lexicons,
  able: (a: ActorMention) => boolean,
): ActorMention | undefined {
  const head = /([A-Za-z]+)\s+$/.exec(
    sentence.text.slice(Math.max(0, trigger.start - sentence.start - 20), trigger.start - sentence.start),
  );
  const entry = head?.[1] ? lex.roles.deedDemonyms.get(head[1].toLowerCase()) : undefined;
  if (!head?.[1] || !entry) return undefined;
  const start = trigger.start - head[0].length;
  const mention: ActorMention = {
    span: { start, end: start + head[1].length, text: head[1] },
    name: entry.name,
    category: entry.category,
    rule: "actor/deed-demonym",
  };
  return able(mention) ? mention : undefined;
}

const COORDINATED = /^\s*(?:,\s*)?(?:and|as well as|alongside|together with|,)\s+(?:the\s+|its\s+)?$/i;

/** The first of actors named together before a trigger ("the army and police stormed" → the army). */
function firstOfPair(chosen: ActorMention, before: readonly ActorMention[], sentence: Span): ActorMention {
  let first = chosen;
  for (let i = before.indexOf(chosen) - 1; i >= 0; i--) {
    const prev = before[i] as ActorMention;
    const gap = sentence.text.slice(prev.span.end - sentence.start, first.span.start - sentence.start);
    if (!COORDINATED.test(gap) || NEVER_AGENT.has(prev.category)) break;
    first = prev;
  }
  return first;
}

/** True when a doer word says the doer is not known ("unidentified gunmen", "armed men"). */
export function isUnnamed(mention: ActorMention): boolean {
  return mention.category === "unidentified" && UNNAMED.test(mention.span.text);
}

/** A word for a kind of doer, not a name: an unidentified actor, or an entry whose name a template fills. */
export function isGeneric(mention: ActorMention, lex: Lexicons | undefined): boolean {
  if (mention.category === "unidentified") return true;
  const entry = lex?.actorEntries.find((e) => e.name === mention.name && e.category === mention.category);
  return entry?.template != null;
}

/** Who may carry out a deed: a deed that needs aircraft only a state's forces or a group that flies them. */
export function doerFilter(
  triggerRule: string,
  triggerText: string,
  lex: Lexicons,
): ((a: ActorMention) => boolean) | undefined {
  const air = lex.roles.aircraft;
  if (!air.rules.has(triggerRule) || air.except.test(triggerText)) return undefined;
  return (a) => air.categories.has(a.category) || air.names.has(a.name);
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
  lex: Lexicons | undefined,
): ActorMention | null {
  const found = actors.find(
    (a) =>
      a.span.start >= generic.span.end &&
      a.span.start - generic.span.end <= NAMED_REACH &&
      !isGeneric(a, lex) &&
      !NEVER_AGENT.has(a.category),
  );
  if (!found) return null;
  const between = sentence.text.slice(generic.span.end - sentence.start, found.span.start - sentence.start);
  return NAMING.test(between) || lex?.roles.apposition.test(between) ? found : null;
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

/** The certainty rule of a source that says the doer is not known: the event's doer is then unidentified. */
export const DOER_UNKNOWN = "certainty/doer-unknown";

/** The certainty of an attribution, from the cues of the event's sentences (strongest rule first). */
export function certaintyOf(
  agent: ActorMention | null,
  cues: readonly CertaintyCue[],
  anchor: Span,
  trigger: Span | null = null,
  reach: ReadonlyMap<string, number> = new Map(),
): { certainty: Certainty; cue: CertaintyCue | null } {
  // "Unidentified gunmen" leave the doer unknown; a generic word a source uses ("militants") attributes it.
  if (!agent || (agent.category === "unidentified" && UNNAMED.test(agent.span.text))) {
    return { certainty: "unknown", cue: cues.find((c) => c.certainty === "unknown") ?? null };
  }
  const inAnchor = (c: CertaintyCue) => c.span.start >= anchor.start && c.span.end <= anchor.end;
  // A source that says who did it is not known ("it was unclear who carried out the strike") outweighs a name
  // found near the trigger, unless a side claims or confirms the deed, or another sentence names the doer as the
  // trigger's own ("Russian jets struck ...").
  const doubt = cues.find((c) => c.rule === DOER_UNKNOWN);
  const own = trigger !== null && agent.span.start <= trigger.start && trigger.start - agent.span.end <= 1;
  if (
    doubt &&
    (inAnchor(doubt) || !own) &&
    !cues.some((c) => c.certainty === "claimed" || c.certainty === "confirmed")
  ) {
    return { certainty: "unknown", cue: doubt };
  }
  // A cue with a reach speaks of the doer only next to it or to the trigger ("an alleged strike", "announced by X").
  const from = Math.min(agent.span.start, trigger?.start ?? agent.span.start);
  const to = Math.max(agent.span.end, trigger?.end ?? agent.span.end);
  const near = (c: CertaintyCue) => {
    const limit = reach.get(c.rule);
    if (limit === undefined) return true;
    const gap = c.span.start >= to ? c.span.start - to : c.span.end <= from ? from - c.span.end : 0;
    return inAnchor(c) && gap <= limit;
  };
  const order: readonly Certainty[] = ["claimed", "confirmed", "alleged"];
  for (const certainty of order) {
    const cue = cues.find(
      (c) => c.certainty === certainty && near(c) && (certainty !== "alleged" || inAnchor(c)),
    );
    if (cue) return { certainty, cue };
  }
  return { certainty: "attributed", cue: cues.find((c) => c.certainty === "attributed") ?? null };
}

/** How far before a claim of responsibility its claimant may be named ("the X group claimed responsibility"). */
const CLAIMANT_REACH = 60;

/** A cue (a claim, a blame) in the sentences and the actor its words name, with the cue's span. */
type NamedBy = { readonly actor: ActorMention; readonly span: Span } | null;

/**
 * The first cue of `pattern` in the sentences, not cancelled by a denial in the `deniedReach` characters before
 * it, whose words name an actor that may be a doer (`pick` chooses it among the sentence's named actors).
 */
function namedBy(
  sentences: readonly Span[],
  pattern: RegExp,
  deniedReach: number,
  lex: Lexicons,
  pick: (named: ActorMention[], cue: Span) => ActorMention | undefined,
): NamedBy {
  for (const sentence of sentences) {
    for (const { span } of scan(pattern, sentence)) {
      const head = sentence.text.slice(
        Math.max(0, span.start - sentence.start - deniedReach),
        span.start - sentence.start,
      );
      if (lex.roles.claimDenied.test(head.slice(head.search(/[^,;:]*$/)))) continue;
      const named = findActors(sentence, lex).filter(
        (a) => !NEVER_AGENT.has(a.category) && !CROWD.has(a.category) && !isGeneric(a, lex),
      );
      const actor = pick(named, span);
      if (actor) return { actor, span };
    }
  }
  return null;
}

/** A named group's claim of responsibility in the sentences around an event: the claimant and the claim's words. */
export function claimIn(sentences: readonly Span[], lex: Lexicons): NamedBy {
  // "responsibility was claimed by X" names it after; "X claimed responsibility" before.
  return namedBy(sentences, lex.roles.claim, 30, lex, (named, span) =>
    /\bby$/i.test(span.text)
      ? named.find((a) => a.span.start >= span.end && a.span.start - span.end <= 5)
      : named.filter((a) => a.span.end <= span.start && span.start - a.span.end <= CLAIMANT_REACH).pop(),
  );
}

/** Characters after a blame word within which the blamed actor stands ("blamed the attack on X"). */
const BLAMED_REACH = 40;

/**
 * The actor others blame in the sentences (the first named after a blame word: "pointed the finger at the
 * government", "blamed the attack on X"), unless the blame is denied ("denied accusations"); null if none.
 */
export function blameIn(sentences: readonly Span[], lex: Lexicons): NamedBy {
  return namedBy(sentences, lex.roles.blame, 20, lex, (named, span) =>
    named.find((a) => a.span.start >= span.end && a.span.start - span.end <= BLAMED_REACH),
  );
}

/** Where the sentences cite a party's own news outlet speaking for `actor` ("according to the X news agency"). */
export function ownOutlet(sentences: readonly Span[], actor: string, lex: Lexicons): Span | null {
  for (const outlet of lex.roles.outlets) {
    if (outlet.actor !== actor) continue;
    for (const sentence of sentences) {
      const found = scan(outlet.pattern, sentence)[0];
      if (found) return found.span;
    }
  }
  return null;
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
