import { z } from "zod";
import { type Alternation, alternation, trieSource } from "./alternation.js";
import actorsTable from "../../data/lexicons/actors.json" with { type: "json" };
import cuesTable from "../../data/lexicons/cues.json" with { type: "json" };
import triggersTable from "../../data/lexicons/triggers.json" with { type: "json" };
import { ACLED_TAXONOMY, CERTAINTIES, type Certainty, type EventType, type SubEventType } from "../model.js";
import { groupLinks } from "../util/table.js";

const SUB_TYPES = Object.values(ACLED_TAXONOMY).flat() as readonly string[];
const EventTypeSchema = z.enum(Object.keys(ACLED_TAXONOMY) as [EventType, ...EventType[]]);
const SubTypeSchema = z.string().refine((s) => SUB_TYPES.includes(s), "not an ACLED sub-event type");
const CertaintySchema = z.enum(CERTAINTIES);

const TriggersSchema = z.object({
  triggers: z.array(
    z.object({
      id: z.string(),
      pattern: z.string(),
      event_type: EventTypeSchema,
      sub_event_type: SubTypeSchema,
      priority: z.number(),
      resolve: z.literal("target").optional(),
      needs_deed: z.string().optional(),
    }),
  ),
  refinements: z.array(
    z.object({
      id: z.string(),
      from: z.array(SubTypeSchema),
      cue: z.string(),
      to: z.tuple([EventTypeSchema, SubTypeSchema]),
      requires_rule: z.union([z.string(), z.array(z.string())]).optional(),
      scope: z.enum(["clause", "event"]).optional(),
    }),
  ),
  armed_targets: z.string(),
  one_event_sub_types: z.array(z.array(SubTypeSchema).min(2)),
  /** Captivity around an armed noun ("captured soldiers", "troops taken hostage"): the victims are no combatants. */
  held_targets: z.object({ before: z.string(), after: z.string() }),
  civilian_targets: z.string(),
});

const ActorsSchema = z.object({
  actors: z.array(
    z.object({
      name: z.string(),
      category: z.string(),
      template: z.string().optional(),
      by_country: z.record(z.string(), z.string()).optional(),
      patterns: z.array(z.string()),
    }),
  ),
  roles: z.object({
    about: z.string().optional(),
    object_before: z.string(),
    object_tail: z.string(),
    backer_before: z.string(),
    victim_after: z.string(),
    facility: z.string(),
    place_after: z.string(),
    party_after: z.string(),
    partner_after: z.string(),
    apposition: z.string(),
    deed_demonyms: z.record(z.string(), z.string()),
    claim: z.string(),
    blame: z.string(),
    claim_denied: z.string(),
    outlets: z.array(z.object({ pattern: z.string(), actor: z.string() })),
    aircraft: z.object({
      rules: z.array(z.string()),
      except: z.string(),
      categories: z.array(z.string()),
      names: z.array(z.string()),
    }),
  }),
});

const CueSchema = z.object({
  id: z.string(),
  pattern: z.string(),
  window: z.enum(["before", "after"]).optional(),
});
const CuesSchema = z.object({
  certainty: z.array(CueSchema.extend({ certainty: CertaintySchema, reach: z.number().optional() })),
  negation: z.array(CueSchema),
  hypothetical: z.array(CueSchema),
  background: z.array(CueSchema),
  non_event: z.array(CueSchema),
  junk_lines: z.string(),
  junk_markers: z.string(),
  caption_credits: z.string(),
  aggregate: z.string(),
});

/** A trigger rule compiled from data/lexicons/triggers.json. */
export interface TriggerRule {
  readonly id: string;
  readonly event_type: EventType;
  readonly sub_event_type: SubEventType;
  readonly priority: number;
  readonly resolveByTarget: boolean;
}

/** A refinement: a cue in the event's sentence that moves it to another sub-type. */
export interface Refinement {
  readonly id: string;
  readonly from: readonly string[];
  readonly cue: RegExp;
  readonly to: readonly [EventType, SubEventType];
  readonly requiresRules: readonly string[] | null;
  /** "clause": the cue must be in the trigger's own clause; "event": anywhere in the event's sentences. */
  readonly scope: "clause" | "event";
}

/** An actor entry compiled from data/lexicons/actors.json. */
export interface ActorEntry {
  readonly name: string;
  readonly category: string;
  readonly template: string | null;
  /** The actor a generic word names in one country, by country name ("rebels" in Syria). */
  readonly byCountry: Readonly<Record<string, string>>;
}

/** Where an actor stands to an event, read from the words around its mention (actors.json "roles"). */
export interface RoleCues {
  /** Tested on the text right before a mention: it is the target of a deed ("fighting X", "killed 20 X") or a backer. */
  readonly objectBefore: RegExp;
  /** Tested on the text right before a mention: it is a backer ("backed by X"), neither doer nor target. */
  readonly backerBefore: RegExp;
  /** Tested on the text right after a mention: it is the victim ("X were killed") or owns the place hit ("X base"). */
  readonly victimAfter: RegExp;
  /** Tested on a mention's own text: it names a side's building ("police station"), where a deed struck. */
  readonly facilityEnd: RegExp;
  /** Tested on the text right after a country word: it is a place ("a Turkish province"). */
  readonly placeAfter: RegExp;
  /** Tested on the text between a trigger and a mention: the mention is one of its sides ("clashes between X"). */
  readonly partyAfter: RegExp;
  /** Tested on the text between a trigger and a mention: a side when no doer comes before ("clashes with X"). */
  readonly partnerAfter: RegExp;
  /** Tested on the text between a generic doer word and a group: the group is what it names ("a rebel faction, X"). */
  readonly apposition: RegExp;
  /** A country's adjective right before a trigger ("Syrian air strikes") → the actor it names. */
  readonly deedDemonyms: ReadonlyMap<string, ActorEntry>;
  /** A group taking responsibility ("X claimed responsibility for the attack"). */
  readonly claim: RegExp;
  /** Words by which others name the doer of an event told nearby ("pointed the finger at X"). */
  readonly blame: RegExp;
  /** Tested on the words right before a claim: it is no claim ("no group has claimed responsibility"). */
  readonly claimDenied: RegExp;
  /** A party's own news outlets, each with the actor it speaks for. */
  readonly outlets: readonly { readonly pattern: RegExp; readonly actor: string }[];
  /** Deeds that need aircraft: who may carry them out. */
  readonly aircraft: {
    readonly rules: ReadonlySet<string>;
    readonly except: RegExp;
    readonly categories: ReadonlySet<string>;
    readonly names: ReadonlySet<string>;
  };
}

/** A cue rule (certainty, negation, hypothetical, background). */
export interface CueRule {
  readonly id: string;
  readonly pattern: RegExp;
  readonly certainty?: Certainty;
}

/**
 * Cue rules kept in table order, with `any`: one expression over all of them. A stretch where `any` finds nothing
 * holds no cue of the set (a rule matching at some position means the alternation matches there or before), so
 * most stretches are ruled out with one scan instead of one per rule; where it does, no rule matches before the
 * place it first matches, so the rules are scanned from there.
 */
export interface CueSet {
  readonly rules: readonly CueRule[];
  readonly any: RegExp;
}

/** Every table the extractor uses, compiled once. */
export interface Lexicons {
  /** One alternation over all trigger patterns (no capture groups, so matching allocates little). */
  readonly triggerPattern: Alternation;
  readonly triggerRules: readonly TriggerRule[];
  /**
   * Doer-noun trigger rules ("trigger/armed-doer": "gunmen") → the deed that may follow them ("stormed"): such
   * a trigger tells an event only when that follows or its sentence holds another trigger.
   */
  readonly deedAfter: ReadonlyMap<string, RegExp>;
  readonly refinements: readonly Refinement[];
  readonly armedTarget: RegExp;
  /** Sub-type → the other sub-types an article may use for the same event (suicide bomb ~ car bomb). */
  readonly sameEventSubTypes: ReadonlyMap<SubEventType, ReadonlySet<SubEventType>>;
  readonly civilianTarget: RegExp;
  /** Captivity right before ("captured soldiers") or after ("troops taken hostage") an armed noun: no combatants. */
  readonly heldTarget: { readonly before: RegExp; readonly after: RegExp };
  readonly actorPattern: Alternation;
  readonly actorEntries: readonly ActorEntry[];
  readonly roles: RoleCues;
  readonly certainty: readonly CueRule[];
  /** Certainty cues that count only within this many characters of the doer or the trigger, by rule id. */
  readonly certaintyReach: ReadonlyMap<string, number>;
  /** The certainty rules as one alternation (rows in table order), so a sentence is scanned once. */
  readonly certaintyPattern: Alternation;
  readonly negation: CueSet;
  readonly hypothetical: CueSet;
  readonly background: CueSet;
  /** Cumulative and period totals, habitual patterns: a trigger or a toll near one of these tells no event. */
  readonly nonEvent: CueSet;
  readonly junkLine: RegExp;
  /** Markers of page chrome anywhere in a sentence (an embedded video's title, a photo credit). */
  readonly junkMarker: RegExp;
  /** A photo credit right after a date ("(Reuters)", "(TRT World and Agencies)"): the date is a caption's. */
  readonly captionCredit: RegExp;
  readonly aggregate: RegExp;
}

/** Wraps a pattern fragment so it matches whole words only. */
export function wordPattern(fragment: string, flags = "i"): RegExp {
  // The tables are ASCII English, so \b word boundaries (no Unicode mode) keep matching fast.
  return new RegExp(`\\b(?:${fragment})(?![\\w-])`, flags);
}

/** An actor pattern that also reads the Arabic article written with a space ("al Sham" for "al-Sham"). */
function arabicArticleSpellings(pattern: string): string {
  return pattern.replace(/\bal-/g, "al[- ]");
}

/** Validates the raw tables and compiles their patterns. */
export function compileLexicons(raw: { triggers: unknown; actors: unknown; cues: unknown }): Lexicons {
  const triggers = TriggersSchema.parse(raw.triggers);
  const actors = ActorsSchema.parse(raw.actors);
  const cues = CuesSchema.parse(raw.cues);
  const cue = (c: z.infer<typeof CueSchema> & { certainty?: Certainty }): CueRule => ({
    id: c.id,
    pattern: wordPattern(c.pattern, "gi"),
    ...(c.certainty ? { certainty: c.certainty } : {}),
  });
  const cueSet = (rows: readonly z.infer<typeof CueSchema>[]): CueSet => ({
    rules: rows.map(cue),
    // As a first-letter trie: the same stretches match, each word start tries one letter's rows.
    any: wordPattern(trieSource(rows.map((r) => r.pattern))),
  });
  // An alternation takes the first alternative that matches at a position: longer patterns go first so
  // "US military" is read as one actor, not "US" then "military".
  const actorPairs = actors.actors
    .flatMap((a) =>
      a.patterns.map((p) => ({
        p,
        entry: {
          name: a.name,
          category: a.category,
          template: a.template ?? null,
          byCountry: a.by_country ?? {},
        },
      })),
    )
    .sort((x, y) => y.p.length - x.p.length);
  const actorFragments = actorPairs.map((x) => arabicArticleSpellings(x.p));
  // What may stand between a target's or backer's cue and its name ("killed the", "backed by dozens of").
  const objectTail = `(?:\\s+(?:${actors.roles.object_tail}))*`;
  const actorEntries: ActorEntry[] = actorPairs.map((x) => x.entry);
  // Stronger triggers first, so "suicide car bomb" is read as a suicide bombing before "car bomb" is tried.
  const triggerRows = [...triggers.triggers].sort((a, b) => b.priority - a.priority);
  return {
    triggerPattern: alternation(triggerRows.map((t) => t.pattern)),
    triggerRules: triggerRows.map((t) => ({
      id: t.id,
      event_type: t.event_type,
      sub_event_type: t.sub_event_type as SubEventType,
      priority: t.priority,
      resolveByTarget: t.resolve === "target",
    })),
    deedAfter: new Map(
      triggerRows.flatMap((t) =>
        t.needs_deed === undefined
          ? []
          : [[`trigger/${t.id}`, new RegExp(`^\\s+${t.needs_deed}\\b`, "i")] as const],
      ),
    ),
    refinements: triggers.refinements.map((r) => ({
      id: r.id,
      from: r.from,
      cue: wordPattern(r.cue),
      to: [r.to[0], r.to[1] as SubEventType] as const,
      requiresRules:
        r.requires_rule === undefined ? null : [r.requires_rule].flat().map((id) => `trigger/${id}`),
      scope: r.scope ?? "event",
    })),
    armedTarget: wordPattern(triggers.armed_targets),
    sameEventSubTypes: groupLinks(triggers.one_event_sub_types as SubEventType[][]),
    civilianTarget: wordPattern(triggers.civilian_targets),
    heldTarget: {
      before: new RegExp(triggers.held_targets.before, "i"),
      after: new RegExp(triggers.held_targets.after, "i"),
    },
    actorPattern: alternation(actorFragments),
    actorEntries,
    roles: {
      objectBefore: new RegExp(
        `\\b(?:${actors.roles.object_before}|${actors.roles.backer_before})${objectTail}\\s+$`,
        "i",
      ),
      backerBefore: new RegExp(`\\b(?:${actors.roles.backer_before})${objectTail}\\s+$`, "i"),
      victimAfter: new RegExp(
        `^\\s*,?\\s*(?:${actors.roles.victim_after}|(?:${actors.roles.facility}))\\b`,
        "i",
      ),
      facilityEnd: new RegExp(`\\b(?:${actors.roles.facility})$`, "i"),
      placeAfter: new RegExp(`^\\s+(?:${actors.roles.place_after})\\b`, "i"),
      partyAfter: new RegExp(`^\\s+(?:${actors.roles.party_after})\\s+$`, "i"),
      partnerAfter: new RegExp(`^\\s+(?:${actors.roles.partner_after})\\s+$`, "i"),
      apposition: new RegExp(`^[\\s,]*(?:${actors.roles.apposition})[\\s,]*$`, "i"),
      deedDemonyms: new Map(
        Object.entries(actors.roles.deed_demonyms).map(([word, name]) => {
          const entry = actorEntries.find((e) => e.name === name);
          if (!entry) throw new Error(`actors.json roles.deed_demonyms: "${word}" names no actor "${name}"`);
          return [word, entry] as const;
        }),
      ),
      claim: wordPattern(actors.roles.claim, "gi"),
      blame: wordPattern(actors.roles.blame, "gi"),
      claimDenied: new RegExp(actors.roles.claim_denied, "i"),
      outlets: actors.roles.outlets.map((o) => ({ pattern: wordPattern(o.pattern), actor: o.actor })),
      aircraft: {
        rules: new Set(actors.roles.aircraft.rules),
        except: wordPattern(actors.roles.aircraft.except),
        categories: new Set(actors.roles.aircraft.categories),
        names: new Set(actors.roles.aircraft.names),
      },
    },
    certainty: cues.certainty.map(cue),
    certaintyReach: new Map(
      cues.certainty.flatMap((c) => (c.reach === undefined ? [] : [[c.id, c.reach] as const])),
    ),
    certaintyPattern: alternation(cues.certainty.map((c) => c.pattern)),
    negation: cueSet(cues.negation),
    hypothetical: cueSet(cues.hypothetical),
    background: cueSet(cues.background),
    nonEvent: cueSet(cues.non_event),
    junkLine: new RegExp(cues.junk_lines, "iu"),
    junkMarker: new RegExp(cues.junk_markers, "i"),
    captionCredit: new RegExp(cues.caption_credits, "i"),
    aggregate: wordPattern(cues.aggregate, "gi"),
  };
}

let compiled: Lexicons | null = null;

/** The lexicons shipped in data/lexicons, compiled on first use. */
export function defaultLexicons(): Lexicons {
  compiled ??= compileLexicons({ triggers: triggersTable, actors: actorsTable, cues: cuesTable });
  return compiled;
}
