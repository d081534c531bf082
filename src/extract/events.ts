import {
  type ActorMention,
  type Article,
  type CasualtyMention,
  type Claim,
  type Count,
  type DateMention,
  type Evidence,
  type Outcome,
  type Report,
  type ReportDate,
  type ReportLocation,
  type Resolution,
  type Span,
  type SubEventType,
  VAGUE_QUANTITIES,
  type VagueQuantity,
} from "../model.js";
import { type Sentence, sentenceAt } from "../nlp/sentences.js";
import { shiftDay } from "../util/days.js";
import { distanceKm } from "../util/geo.js";
import {
  type ActorRoles,
  assignRoles,
  certaintyOf,
  blameIn,
  claimIn,
  crowdActor,
  doerFilter,
  DOER_UNKNOWN,
  isGeneric,
  isUnnamed,
  ownOutlet,
  reportActor,
} from "./actors.js";
import {
  type Candidate,
  clauseAt,
  type DateKind,
  GENERIC_PRIORITY,
  isPastDate,
  refineType,
} from "./candidates.js";
import type { Lexicons } from "./lexicon.js";

/** Candidates judged to tell one event, the first being the anchor (strongest trigger). */
export interface EventGroup {
  readonly candidates: Candidate[];
  readonly casualties: CasualtyMention[];
}

/** Triggers at or below this priority (killed, attacked, strikes) only add detail to an event already told. */
const WEAK_PRIORITY = 50;
/** How many sentences after an event a weak trigger of another type may still be part of it. */
const WEAK_REACH = 2;
/** How many sentences away a toll sentence may still report on an event. */
const OUTCOME_REACH = 6;
/** Places further apart than this are different events, unless in the same province with the same type. */
const SAME_PLACE_KM = 50;
/** Event types that always have a doer: with none named, it is an unidentified armed group. */
const UNNAMED_DOER: ReadonlySet<string> = new Set([
  "Explosions/Remote violence",
  "Violence against civilians",
]);
/** Event types whose trigger a country's adjective may open as its doer ("Syrian air strikes", "Iraqi shelling"). */
const DEMONYM_DEEDS: ReadonlySet<string> = new Set(["Explosions/Remote violence", "Battles"]);
/** Event types a group may claim (violence, not crowds nor strategic moves). */
const CLAIMABLE: ReadonlySet<string> = new Set([...UNNAMED_DOER, "Battles"]);
/** How many sentences after an event a claim of responsibility or a party's outlet may still speak of it. */
const CLAIM_REACH = 4;

/** The event's sentences and the few after them, where a claim or a source of the event may be told. */
function sentencesAround(group: EventGroup, sentences: readonly Sentence[]): Sentence[] {
  const indices = group.candidates.map((c) => c.sentence.index);
  const first = Math.min(...indices);
  const last = Math.max(...indices) + CLAIM_REACH;
  return sentences.filter((s) => s.index >= first && s.index <= last);
}

/** A figure under the largest one divided by this is a part of the toll, not a rival count of it. */
const PART_RATIO = 3;
/** How many sentences after an event a casualty figure with no trigger of its own may still belong to it. */
const CASUALTY_REACH = 3;
/** Words around a count that make it a part of a toll already given ("four of them were civilians"). */
const SUBSET_BEFORE = /\b(?:including|of whom|of them|among them|among those)\W+(?:\w+\W+){0,2}$/i;
const SUBSET_AFTER =
  /^\W*(?:\w+\W+){0,4}(?:were|was) among (?:the dead|those killed|the victims|the casualties)/i;
/**
 * A clause (not opening its sentence) that tells an earlier event: "... a day after strikes killed 24"; not a
 * lapse of time ("after three hours of fighting").
 */
const PRIOR_CLAUSE =
  /^(?:after|following|days after|weeks after|in response to|in (?:retaliation|revenge) for)\b(?!\s+(?:about\s+|nearly\s+|some\s+|more than\s+)?(?:[\w-]+\s+)?(?:minutes?|hours?|days?|weeks?|months?)\s+of\b)/i;
/** Words in a figure that add victims to a toll rather than count it ("were also killed", "four more"). */
const ADDITIONAL = /\b(?:also|another)\b|\b(?:more|others?)\b(?!\s+than)/i;
/** Words after a figure that make it one group's share ("15 dead among the ranks of the brigade"). */
const SHARE_AFTER = /^\s*among\b/i;
/** A count taken out of a group told already ("22 of the jihadists", "two of them"): a share of the toll. */
const PARTITIVE =
  /^(?:(?:at least|some|about|around|nearly|more than|over)\s+)?[\w-]+\s+of\s+(?:the|those|them|these|whom)\b/i;
/** Words after a figure that spread it over several days ("88 dead in two days of clashes"): a period total. */
const SEVERAL_DAYS_AFTER =
  /^\W*(?:[\w-]+\s+){0,6}?(?:in|over|during|after)\s+(?:the\s+)?(?:past\s+|last\s+)?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|few)\s+days\b/i;
/** Words before a toll that the source has since revised ("updated its earlier toll of 15"). */
const REVISED_BEFORE = /\b(?:earlier|previous|initial|preliminary|first)\b[^.;]{0,20}$/i;
/** A clause that opens on a revised toll and reports its figure further on ("An earlier toll ... said 15 died"). */
const REVISED_CLAUSE_BEFORE =
  /\b(?:earlier|previous|initial|preliminary|first)\s+(?:death\s+|casualty\s+)?(?:tolls?|tally|count|figures?)\b[^.;:]{0,90}$/i;

const STATE_SIDE = new Set(["state", "state-forces"]);

/** Territory taken by a state's forces is regained; taken by anyone else, overtaken (ACLED's two sub-types). */
export function territorySide(
  sub: SubEventType,
  rule: string,
  actor: ActorMention | null,
): [SubEventType, string] {
  if (!actor || (sub !== "Government regains territory" && sub !== "Non-state actor overtakes territory"))
    return [sub, rule];
  const side: SubEventType = STATE_SIDE.has(actor.category)
    ? "Government regains territory"
    : "Non-state actor overtakes territory";
  return side === sub ? [sub, rule] : [side, `${rule}+territory/actor-side`];
}

/** The most specific place a candidate's sentence names (town before province before country), nearest the trigger. */
export function bestResolution(c: Candidate): Resolution | null {
  let best: Resolution | null = null;
  for (const r of c.resolutions) {
    if (!best || r.geo_precision < best.geo_precision) best = r;
    else if (r.geo_precision === best.geo_precision) {
      const d = Math.abs(r.span.start - c.trigger.span.start);
      if (d < Math.abs(best.span.start - c.trigger.span.start)) best = r;
    }
  }
  return best;
}

/** The country most of these places lie in (ties go to `fallback`, the article's main country). */
function consensusCountry(places: readonly Resolution[], fallback: string | null): string | null {
  const counts = new Map<string, number>();
  for (const r of places) {
    const cc = r.place.country_code;
    if (cc) counts.set(cc, (counts.get(cc) ?? 0) + (cc === fallback ? 1.5 : 1));
  }
  let best: string | null = null;
  for (const [cc, n] of counts) if (best === null || n > (counts.get(best) ?? 0)) best = cc;
  return best ?? fallback;
}

/**
 * The event's place: among the places its sentences name, those in the country most of them agree on
 * (a stray namesake abroad is ignored), then the most specific, then the one the article names most often.
 */
function eventPlace(
  g: EventGroup,
  mentions: ReadonlyMap<string, number>,
  articleCountry: string | null,
): Resolution | null {
  // A headline names every place of its story: its places count only when the body names none.
  const body = g.candidates.filter((c) => !c.headline).flatMap((c) => c.resolutions);
  const all = provincesOverCapitals(body.length > 0 ? body : g.candidates.flatMap((c) => c.resolutions), g);
  const country = consensusCountry(all, articleCountry);
  const agreeing = all.filter((r) => r.place.country_code === country);
  let best: Resolution | null = null;
  // Among equally specific places, one inside the province its own chain names right after it ("Tudun Wada
  // (Kaduna North LGA, Kaduna)": the district in Kaduna, not a namesake elsewhere); then the one named most often.
  const provinces = all.filter((r) => r.place.feature_code === "ADM1");
  const inNamed = (r: Resolution) =>
    r.place.feature_code !== "ADM1" &&
    provinces.some(
      (p) =>
        provinceOf(p) === provinceOf(r) &&
        p.span.start >= r.span.end &&
        p.span.start - r.span.end <= CHAIN_CHARS,
    )
      ? 1
      : 0;
  const weight = (r: Resolution) => mentions.get(r.place.id) ?? 0;
  for (const r of agreeing.length > 0 ? agreeing : all) {
    if (!best || placeLevel(r) < placeLevel(best)) best = r;
    else if (placeLevel(r) === placeLevel(best)) {
      const d = inNamed(r) - inNamed(best);
      if (d > 0 || (d === 0 && weight(r) > weight(best))) best = r;
    }
  }
  return best;
}

/** A written name without its Arabic article, case or punctuation ("al-Raqqa" and "Raqqa" alike). */
function bareName(text: string): string {
  return text
    .toLowerCase()
    .replace(/^(?:al|el|ad|ar|as|ash|at|az|an|ed|es|ez)[-\s]/, "")
    .replace(/[^\p{L}\p{N}]/gu, "");
}

/** Words that mark a capital's name as the city itself ("Idlib city", "the city of Idlib"). */
const CITY_AFTER = /^\s+(?:city|town)\b/i;
/** A container chain right after a name ("Menaka (Menaka)", "Sao Paulo, Sao Paulo"): the name is the town in it. */
const CONTAINER_AFTER = /^\s*[,(]/;
const CITY_BEFORE = /\b(?:(?:city|town|capital)\s+of\s+(?:the\s+)?|central\s+|downtown\s+)$/i;

/**
 * Where an event's sentences name a province ("in Idlib province") and elsewhere its capital's bare name
 * ("in Idlib"), the bare name is read as the province too: only "Idlib city", "the city of Idlib" or a name its
 * container follows ("Menaka (Menaka)", "Sao Paulo, Sao Paulo") is the city.
 */
function provincesOverCapitals(all: readonly Resolution[], g: EventGroup): readonly Resolution[] {
  const provinces = all.filter((r) => r.place.feature_code === "ADM1");
  if (provinces.length === 0) return all;
  const heads = (p: Resolution, r: Resolution) =>
    p.seat?.id === r.place.id ||
    (/^PPL[AC]$/.test(r.place.feature_code) &&
      r.place.country_code === p.place.country_code &&
      r.place.admin1 === p.place.admin1 &&
      bareName(r.span.text) === bareName(p.span.text));
  const textAround = (r: Resolution): [string, string] => {
    const c = g.candidates.find((x) => x.sentence.start <= r.span.start && r.span.end <= x.sentence.end);
    if (!c) return ["", ""];
    const at = r.span.start - c.sentence.start;
    return [c.sentence.text.slice(Math.max(0, at - 20), at), c.sentence.text.slice(at + r.span.text.length)];
  };
  const bareCapital = (r: Resolution) => {
    if (!provinces.some((p) => heads(p, r))) return false;
    const [before, after] = textAround(r);
    return !CITY_AFTER.test(after) && !CONTAINER_AFTER.test(after) && !CITY_BEFORE.test(before);
  };
  const kept = all.filter((r) => !bareCapital(r));
  return kept.length > 0 ? kept : all;
}

/** How far after a place its chain of containers may name its province ("X, Y district, Z province"). */
const CHAIN_CHARS = 80;

/** `CC|admin1` of a resolved place. */
function provinceOf(r: Resolution): string {
  return `${r.place.country_code}|${r.place.admin1}`;
}

/**
 * How specific a place is for choosing among an event's places: its geo precision, except that a town "near" or
 * "east of" which it happened is a town (1) and a country or region is less specific than a province (4).
 */
function placeLevel(r: Resolution): number {
  const nearTown = r.rule === "relative/near" || r.rule === "relative/direction";
  if (r.geo_precision === 2 && nearTown && r.place.feature_class !== "A") return 1;
  return r.geo_precision === 3 && BROAD_AREA.test(r.place.feature_code) ? 4 : r.geo_precision;
}

/** Feature codes of places wider than a province: countries, continents, regions. */
const BROAD_AREA = /^(?:PCL|CONT|RGN|TERR)/;

/** How often the article names each place (by gazetteer id). */
export function placeMentions(resolutions: readonly Resolution[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of resolutions) counts.set(r.place.id, (counts.get(r.place.id) ?? 0) + 1);
  return counts;
}

const PRECISION_RANK: Readonly<Record<string, number>> = { day: 0, week: 1, month: 2, year: 3, unknown: 4 };
/** Among equally precise dates, one told of the event beats the day a source spoke, which beats the page's date. */
const KIND_RANK: Readonly<Record<DateKind, number>> = { told: 0, spoken: 1, printed: 2 };

function dateRank(c: Candidate): number {
  const precision = PRECISION_RANK[c.date?.precision ?? "unknown"] ?? 4;
  return precision * 3 + (c.dateKind ? KIND_RANK[c.dateKind] : 2);
}

/** The group's date: the most precise one its sentences give, a told date before a spoken or printed one, the first of equals. */
export function groupDate(g: EventGroup): DateMention | null {
  let best: Candidate | null = null;
  for (const c of g.candidates) {
    if (!c.date || c.date.precision === "unknown") continue;
    if (!best || dateRank(c) < dateRank(best)) best = c;
  }
  return best?.date ?? null;
}

function groupPlace(g: EventGroup): Resolution | null {
  let best: Resolution | null = null;
  for (const c of g.candidates) {
    const r = bestResolution(c);
    if (r && (!best || r.geo_precision < best.geo_precision)) best = r;
  }
  return best;
}

/** Date intervals overlap, with a day of slack either side ("Tuesday's strikes" told on Wednesday). */
function datesAgree(a: DateMention | null, b: DateMention | null): boolean {
  if (!a || !b || !a.start || !b.start || !a.end || !b.end) return true;
  return shiftDay(a.start, -1) <= b.end && shiftDay(b.start, -1) <= a.end;
}

/** Places agree when one is missing, they are near, or one is the province or country the other lies in. */
function placesAgree(a: Resolution | null, b: Resolution | null, sameType: boolean): boolean {
  if (!a || !b || a.place.id === b.place.id) return true;
  if (distanceKm(a.place, b.place) <= SAME_PLACE_KM) return true;
  const [wide, narrow] = a.geo_precision >= b.geo_precision ? [a, b] : [b, a];
  if (wide.geo_precision === 3 && wide.place.country_code === narrow.place.country_code) {
    return (
      wide.place.admin1 === null ||
      wide.place.admin1 === narrow.place.admin1 ||
      wide.place.feature_code.startsWith("PCL")
    );
  }
  return sameType && a.place.admin1 !== null && a.place.admin1 === b.place.admin1;
}

/** Both places are towns or sites (not provinces) of one country, further apart than one town's reach. */
function distinctTowns(a: Resolution | null, b: Resolution | null): boolean {
  if (!a || !b || a.place.id === b.place.id) return false;
  const sameCountry = a.place.country_code === b.place.country_code;
  return (
    sameCountry && a.geo_precision < 3 && b.geo_precision < 3 && distanceKm(a.place, b.place) > SAME_PLACE_KM
  );
}

/** Both places lie in one country, in two different provinces (neither is the country itself). */
function distinctProvinces(a: Resolution | null, b: Resolution | null): boolean {
  if (!a || !b || a.place.country_code !== b.place.country_code) return false;
  const [x, y] = [a.place.admin1, b.place.admin1];
  const national = (r: Resolution) => r.place.feature_code.startsWith("PCL");
  return x !== null && y !== null && x !== y && !national(a) && !national(b);
}

/** The reading tells another day than every day the group's readings tell: one event per day told apart. */
function anotherDay(g: EventGroup, c: Candidate): boolean {
  const day = c.date?.value;
  if (!day || !c.toldDays.includes(day)) return false;
  const days = g.candidates.flatMap((x) => x.toldDays);
  return days.length > 0 && !days.includes(day);
}

/** Event types whose sub-types are stages of one event (fighting then capture; a march then its dispersal). */
const ONE_KIND_TYPES: ReadonlySet<string> = new Set(["Battles", "Protests", "Riots"]);

/** A reading at or below a priority whose clause did not retype it (a weapon, a target's kind) says little of its own. */
function vague(c: Candidate, priority: number): boolean {
  return c.trigger.priority <= priority && !c.typeRule.includes("+");
}

/** Characters between a doer named before a trigger and the trigger ("Rebels in the east targeted"). */
const DOER_REACH = 40;
/** A trigger that is a verb in the past: something was done ("targeted", "shot down"), not a weapon's name. */
const DONE = /\b(?:\w+ed|shot|hit|struck|took|blew|fought|seized|overran|stormed)\b/i;
/** Actor categories that wage the violence a doer-told reading reports. */
const ARMED_SIDES: ReadonlySet<string> = new Set(["state", "state-forces", "armed-group"]);

/** Kinds of violence a doer-told reading may report alone (an arrest or a seizure is the sequel of another event). */
const DOER_TOLD: ReadonlySet<string> = new Set([
  "Explosions/Remote violence",
  "Battles",
  "Violence against civilians",
  "Disrupted weapons use",
]);
/** In a story of a crowd, what armed men did unanchored is the policing of that crowd. */
const CROWD_TYPES: ReadonlySet<string> = new Set(["Protests", "Riots"]);

/** The armed side named right before a reading's trigger or as its first word, in its own clause ("Rebels ... targeted", "Israeli jets"). */
function doerOf(c: Candidate): ActorMention | undefined {
  return c.actors.find(
    (a) =>
      a.span.start <= c.trigger.span.start &&
      a.span.start >= c.clause.start &&
      c.trigger.span.start - a.span.end <= DOER_REACH &&
      ARMED_SIDES.has(a.category),
  );
}

/**
 * A reading that names its doer right before a trigger of its own kind tells an event, though it gives no date
 * or town; unless the story is a crowd's (its policing) or the same side's act anchors an event already (a retelling).
 */
function toldByDoer(c: Candidate, groups: readonly EventGroup[]): boolean {
  if (!DOER_TOLD.has(c.event_type) && !DOER_TOLD.has(c.sub_event_type)) return false;
  if (c.headline || c.background || vague(c, WEAK_PRIORITY) || !DONE.test(c.trigger.span.text)) return false;
  const doer = doerOf(c);
  if (!doer) return false;
  return !groups.some(
    (g) =>
      CROWD_TYPES.has(g.candidates[0]?.event_type ?? "") ||
      (g.candidates[0] && doerOf(g.candidates[0])?.name === doer.name),
  );
}

/** Words that tell a reading followed the event before it ("clashes then erupted", "fighting ensued"). */
const SEQUEL =
  /\b(?:then|later|subsequently|afterwards|ensued|ensuing|(?:shortly|soon|immediately) after(?:wards)?)\b/i;

/**
 * An unanchored reading that tells what followed an event already told ("Heavy clashes then erupted") is an event
 * of its own kind on that event's day and ground; not a headline, background, a vague word or a kind already told.
 */
function sequel(c: Candidate, groups: readonly EventGroup[]): boolean {
  if (c.headline || c.background || vague(c, WEAK_PRIORITY) || groups.length === 0) return false;
  if (CROWD_TYPES.has(c.event_type)) return false;
  const told = (g: EventGroup) =>
    CROWD_TYPES.has(g.candidates[0]?.event_type ?? "") ||
    g.candidates[0]?.sub_event_type === c.sub_event_type;
  if (groups.some(told)) return false;
  return SEQUEL.test(c.clause.text);
}

/** Sub-type → the sub-types an article may use for the same event (the lexicon's `sameEventSubTypes`). */
type SubTypeKin = ReadonlyMap<SubEventType, ReadonlySet<SubEventType>>;

/** Two readings tell the same kind of event: one sub-type, or one event type where a reading names no weapon. */
function sameKind(a: Candidate, b: Candidate, kin: SubTypeKin): boolean {
  if (a.sub_event_type === b.sub_event_type || kin.get(a.sub_event_type)?.has(b.sub_event_type)) return true;
  if (a.event_type !== b.event_type) return false;
  const generic = vague(a, GENERIC_PRIORITY) || vague(b, GENERIC_PRIORITY);
  return generic || ONE_KIND_TYPES.has(a.event_type);
}

/**
 * A reading dated by "N days after" in its sentence tells an earlier event than the group when the group holds its
 * sentence's own news (not a headline or page date line glued before it), or comes from other sentences on
 * another day.
 */
function earlierClause(g: EventGroup, c: Candidate): boolean {
  const own = g.candidates.filter((x) => x.sentence === c.sentence);
  if (own.length > 0) return own.some((x) => !x.headline && x.dateKind !== "printed");
  return groupDate(g)?.value !== c.date?.value;
}

/** True when a candidate may be another sentence about the group's event. */
function joins(g: EventGroup, c: Candidate, kin: SubTypeKin): boolean {
  const anchor = g.candidates[0];
  if (!anchor || c.fresh) return false;
  // A headline sums up the story: it joins an event of its own type, wherever that is told.
  if (c.headline) return anchor.event_type === c.event_type && !anchor.background;
  // A mention marked background only by a cue word ("in recent months") may still retell the news event.
  const cueOnly =
    c.background?.rule.startsWith("background/") === true && c.background.rule !== "background/past-date";
  if (Boolean(anchor.background) !== Boolean(c.background) && !(cueOnly && !anchor.background)) return false;
  // A clause told days before its own sentence ("... a week after the army recaptured X") is an earlier event:
  // not a part of its sentence's news, nor of an event whose day is not its own.
  if (c.date?.rule === "date/prior-clause" && earlierClause(g, c)) return false;
  const sameType = sameKind(anchor, c, kin);
  const date = c.date && c.date.precision !== "unknown" ? c.date : null;
  const groupDay = groupDate(g);
  const gap = Math.min(...g.candidates.map((x) => Math.abs(c.sentence.index - x.sentence.index)));
  const sameParagraph = g.candidates.some((x) => x.sentence.paragraph === c.sentence.paragraph);
  // A toll sentence ("40 people were killed, the monitor said") belongs to the event told a few sentences before.
  const near =
    c.trigger.rule === "trigger/outcome" ? gap <= OUTCOME_REACH : sameParagraph || gap <= WEAK_REACH;
  // A day-precise date inside the group's interval ("the August 15 attack" for "last week's attack").
  const sameDayGiven =
    date?.precision === "day" &&
    groupDay !== null &&
    groupDay.start !== null &&
    groupDay.end !== null &&
    date.value !== null &&
    groupDay.start <= date.value &&
    date.value <= groupDay.end;
  // A weak trigger ("killed", "the attack") adds detail to the event told near it or on the same day.
  const weak = (vague(c, WEAK_PRIORITY) || vague(anchor, WEAK_PRIORITY)) && (near || sameDayGiven);
  if (!sameType && !weak) return false;
  // A bare toll ("86 were killed on Tuesday") is not held to the day a source spoke of the group's event; a
  // clause told days before its sentence ("four days after an attack") is held to its own day.
  const spokenOnly =
    vague(c, WEAK_PRIORITY) && c.date?.rule !== "date/prior-clause" && !g.candidates.some(tellsDate);
  if ((!spokenOnly && !datesAgree(groupDay, date)) || anotherDay(g, c)) return false;
  const place = bestResolution(c);
  // Two towns told apart in their own sentences are two events, even of one type on one day.
  // (A town named with no toll or day of its own is one more place of the same wave: "strikes also hit B".)
  const ownFacts = date?.precision === "day" || c.tolled;
  if (c.trigger.priority > WEAK_PRIORITY && ownFacts && distinctTowns(groupPlace(g), place)) return false;
  // A toll of its own in another province of the country ("three killed in Hasakah while seven were killed in
  // Deir ez-Zor") is another event, even of one type on one day.
  if (c.trigger.priority > WEAK_PRIORITY && c.tolled && distinctProvinces(groupPlace(g), place)) return false;
  // Same type on the same day in one article is one event told in parts ("strikes hit A ... and B").
  const sameDay = sameType && date !== null && groupDay !== null;
  return !c.anchored || sameDay || placesAgree(groupPlace(g), place, sameType);
}

function add(group: EventGroup, c: Candidate): void {
  group.candidates.push(c);
  const anchor = group.candidates[0];
  // A retelling marked past by a cue word joins a news event as a mention, never as its anchor; nor does a
  // headline whose kind no body reading of the event tells ("forces bombard suburbs after gas attack").
  const pastRetelling = Boolean(c.background) && !anchor?.background;
  const unconfirmed =
    c.headline && !group.candidates.some((x) => !x.headline && x.sub_event_type === c.sub_event_type);
  if (anchor && c.trigger.priority > anchor.trigger.priority && !pastRetelling && !unconfirmed) {
    group.candidates.sort((a, b) => b.trigger.priority - a.trigger.priority);
  }
}

/**
 * Groups candidates into events: each joins the latest group it agrees with; an anchored one (own date,
 * town or toll) otherwise starts its own; an unanchored mention joins any agreeing group or is dropped,
 * except that an article with no anchored event keeps its first mention as its event.
 */
export function groupCandidates(
  candidates: readonly Candidate[],
  kin: SubTypeKin = new Map(),
): {
  groups: EventGroup[];
  unanchored: Candidate[];
} {
  const groups: EventGroup[] = [];
  const held: Candidate[] = [];
  for (const c of candidates) {
    // The latest agreeing event of the same type first; a weak link to another type only failing that.
    const agreeing = c.headline ? [] : [...groups].reverse().filter((g) => joins(g, c, kin));
    const target =
      agreeing.find((g) => g.candidates[0]?.sub_event_type === c.sub_event_type) ??
      agreeing.find((g) => g.candidates[0]?.event_type === c.event_type) ??
      agreeing[0];
    if (target) add(target, c);
    else if (c.anchored && !c.headline) groups.push({ candidates: [c], casualties: [] });
    else held.push(c);
  }
  // A headline confirms its story: a body mention of the same type becomes the event even if unanchored.
  for (const h of held.filter((c) => c.headline)) {
    if (groups.some((g) => g.candidates[0]?.event_type === h.event_type)) continue;
    const story = held.find((c) => !c.headline && !c.background && c.event_type === h.event_type);
    if (story) groups.push({ candidates: [story], casualties: [] });
  }
  // An article that anchors nothing still reports its first event (a headline, a one-line dispatch).
  const first = held[0];
  if (groups.length === 0 && first) groups.push({ candidates: [], casualties: [] });
  const unanchored: Candidate[] = [];
  const anchoredGroups = [...groups];
  for (const c of held) {
    if (groups.some((g) => g.candidates.includes(c))) continue;
    const empty = groups.find((g) => g.candidates.length === 0);
    if (empty) {
      add(empty, c);
      continue;
    }
    const target = groups.find((g) => joins(g, c, kin));
    if (target) add(target, c);
    else if (toldByDoer(c, anchoredGroups) || sequel(c, anchoredGroups))
      groups.push({ candidates: [c], casualties: [] });
    else unanchored.push(c);
  }
  return { groups, unanchored };
}

/** The reading's clause tells a date of its own (not only the day a source spoke or the page's date line). */
function tellsDate(c: Candidate): boolean {
  const d = c.date;
  if (!d || d.precision === "unknown") return false;
  return d.precision !== "day" || (d.value !== null && c.toldDays.includes(d.value));
}

/** Killed-count lows of a group's figures. */
function killedLows(g: EventGroup): number[] {
  return g.casualties.filter((cm) => cm.outcome === "killed").map((cm) => cm.low);
}

/**
 * Folds a news event that tells no date of its own into a past event of the same sub-type the article dates,
 * when their places and tolls agree: an undated retelling of a dated precedent ("the gas attack that killed
 * 1,400", then "the attack near the capital on August 21") is that precedent, not news.
 */
export function foldRetellings(groups: readonly EventGroup[]): EventGroup[] {
  const dated = groups.filter((g) => g.candidates[0]?.background?.rule === "background/past-date");
  return groups.filter((g) => {
    const anchor = g.candidates[0];
    if (!anchor || anchor.background || g.candidates.some(tellsDate)) return true;
    const lows = killedLows(g);
    const precedent = dated.find(
      (b) =>
        b.candidates[0]?.sub_event_type === anchor.sub_event_type &&
        placesAgree(groupPlace(b), groupPlace(g), true) &&
        (lows.length === 0 || killedLows(b).some((low) => lows.includes(low))),
    );
    if (!precedent) return true;
    precedent.candidates.push(...g.candidates);
    precedent.casualties.push(...g.casualties);
    return false;
  });
}

/**
 * True when a figure told in a clause of the group tells another incident: the clause dates it to another day,
 * or to a whole week, month or year (a period total); or the clause tells an earlier event ("a day after
 * strikes killed 24") that is no event of its own.
 */
function otherIncident(
  g: EventGroup,
  cm: CasualtyMention,
  sentence: Sentence,
  groups: readonly EventGroup[],
): boolean {
  const clause = clauseAt(sentence, cm.span.start);
  const inClause = (c: Candidate) => c.clause.start <= cm.span.start && cm.span.start < c.clause.end;
  if (cm.low > 0 && clause.start > sentence.start && PRIOR_CLAUSE.test(clause.text.trimStart())) {
    const anchorsOwn = groups.some((o) => o.candidates[0] && inClause(o.candidates[0]));
    if (!anchorsOwn) return true;
  }
  const told = g.candidates.find((c) => inClause(c) && c !== g.candidates[0] && c.dateKind === "told");
  const day = groupDate(g);
  if (!told?.date || told.date.precision === "unknown" || day?.precision !== "day") return false;
  return told.date.precision !== "day" || told.date.value !== day.value;
}

/**
 * Gives each casualty figure to the event told in its clause, else in its sentence, else to the latest news
 * event just before it; a figure of another incident told inside the event's sentences goes to none.
 */
export function attachCasualties(
  groups: readonly EventGroup[],
  casualties: readonly CasualtyMention[],
  sentences: readonly Sentence[],
  pastContext: (sentence: Sentence) => boolean = () => false,
): void {
  const sentenceOf = (s: Span) => sentenceAt(sentences, s.start);
  for (const cm of casualties) {
    const sentence = sentenceOf(cm.span);
    if (!sentence) continue;
    const before = sentence.text.slice(
      Math.max(0, cm.span.start - sentence.start - 30),
      cm.span.start - sentence.start,
    );
    const after = sentence.text.slice(cm.span.end - sentence.start, cm.span.end - sentence.start + 40);
    if (cm.low > 0 && (SUBSET_BEFORE.test(before) || SUBSET_AFTER.test(after))) continue;
    if (SEVERAL_DAYS_AFTER.test(after)) continue;
    // The event told in the figure's own clause, else in its sentence.
    const inClause = (c: Candidate) => c.clause.start <= cm.span.start && cm.span.start < c.clause.end;
    const own =
      groups.find((g) => g.candidates.some(inClause)) ??
      groups.find((g) => g.candidates.some((c) => c.sentence.index === sentence.index));
    // A toll told as past context ("over the past months the strikes killed dozens") is not this event's toll,
    // even when its sentence was let into a news event as a retelling.
    const ownCandidate = own?.candidates.find((c) => c.sentence.index === sentence.index);
    if (ownCandidate?.background && !own?.candidates[0]?.background) continue;
    if (!own && pastContext(sentence)) continue;
    if (own && otherIncident(own, cm, sentence, groups)) continue;
    const previous = [...groups]
      .filter((g) => g.candidates.some((c) => c.sentence.index < sentence.index))
      .map((g) => ({ g, last: Math.max(...g.candidates.map((c) => c.sentence.index)) }))
      .filter(({ last }) => sentence.index - last <= CASUALTY_REACH)
      .sort((a, b) => b.last - a.last)[0]?.g;
    (own ?? previous)?.casualties.push(cm);
  }
}

/** Keeps, per sentence, the largest figure of an outcome: smaller ones in the same sentence are its parts. */
function totals(mentions: readonly CasualtyMention[], sentences: readonly Sentence[]): CasualtyMention[] {
  const best = new Map<string, CasualtyMention>();
  for (const m of mentions) {
    const s = sentenceAt(sentences, m.span.start);
    const key = `${s?.index ?? m.span.start}:${m.outcome}`;
    const seen = best.get(key);
    if (!seen || m.low > seen.low) best.set(key, m);
  }
  return mentions.filter((m) => [...best.values()].includes(m));
}

const VAGUE = new RegExp(`\\b(${VAGUE_QUANTITIES.join("|")})\\b`, "i");

/** The vague quantity a claim's text used ("dozens of fighters"), for ACLED's conservative export figure. */
export function vagueOf(text: string): VagueQuantity | null {
  const word = VAGUE.exec(text)?.[1]?.toLowerCase();
  return VAGUE_QUANTITIES.find((q) => q === word) ?? null;
}

/**
 * True when a figure is no rival count of the toll: it adds victims ("were also killed", "four more"), counts one
 * group's share ("15 dead among the ranks of ..."), or is a toll its source has since revised ("its earlier toll").
 */
function secondary(m: CasualtyMention, sentences: readonly Sentence[]): boolean {
  const sentence = sentenceAt(sentences, m.span.start);
  if (!sentence) return false;
  const at = m.span.start - sentence.start;
  const before = sentence.text.slice(Math.max(0, at - 30), at);
  const clause = sentence.text.slice(Math.max(0, at - 120), at);
  const after = sentence.text.slice(m.span.end - sentence.start, m.span.end - sentence.start + 20);
  return (
    ADDITIONAL.test(m.span.text) ||
    PARTITIVE.test(m.span.text) ||
    SHARE_AFTER.test(after) ||
    (m.rule === "casualties/toll" && REVISED_BEFORE.test(before)) ||
    REVISED_CLAUSE_BEFORE.test(clause)
  );
}

function count(
  mentions: readonly CasualtyMention[],
  outcome: Outcome,
  isSecondary: (m: CasualtyMention) => boolean = () => false,
): Count | null {
  const own = mentions.filter((m) => m.outcome === outcome);
  const main = own.filter((m) => !isSecondary(m));
  const claims: Claim[] = own.map((m) => {
    const vague = vagueOf(m.span.text);
    return {
      low: m.low,
      high: m.high,
      who: m.who,
      reported_by: m.reportedBy,
      evidence: { start: m.span.start, end: m.span.end },
      ...(vague ? { vague } : {}),
    };
  });
  if (claims.length === 0) return null;
  // An added, partial or revised figure bounds the toll only when the text gives no other.
  const rivals = main.length > 0 ? claims.filter((_, i) => main.includes(own[i] as CasualtyMention)) : claims;
  // "No civilian casualties" beside "ten killed" is about a part of the victims, not a rival toll.
  const positive = rivals.some((c) => c.low > 0) ? rivals.filter((c) => c.low > 0 || c.high !== 0) : rivals;
  // A figure far below the largest is a part of the toll or another incident's, not a rival count.
  const largest = Math.max(...positive.map((c) => c.low));
  const bounding = positive.filter((c) => c.low * PART_RATIO >= largest);
  const low = Math.min(...bounding.map((c) => c.low));
  const high = bounding.some((c) => c.high === null)
    ? null
    : Math.max(...bounding.map((c) => c.high ?? c.low));
  // A figure that bounds nothing here is a part of the toll (or an added one): fusion must not take it as a bound.
  return { low, high, claims: claims.map((c) => (bounding.includes(c) ? c : { ...c, part: true as const })) };
}

function reportDate(date: DateMention | null, published: string | null): ReportDate {
  if (!date || date.precision === "unknown" || !date.value) {
    return {
      value: null,
      precision: "unknown",
      start: null,
      end: published ? published.slice(0, 10) : null,
      inferred: true,
    };
  }
  return {
    value: date.value,
    precision: date.precision,
    start: date.start,
    end: date.end,
    inferred: date.relative,
  };
}

/** Where a report stands: the place's point; a province told at province level stands at its seat (ACLED's convention). */
export function reportLocation(r: Resolution): ReportLocation {
  const point = r.geo_precision === 3 && r.seat ? r.seat : r.place;
  return {
    name: r.place.name,
    text: r.span.text,
    lat: point.lat,
    lon: point.lon,
    country: r.place.country,
    country_code: r.place.country_code,
    admin1: r.place.admin1,
    admin2: r.place.admin2,
    geo_precision: r.geo_precision,
    gazetteer_id: r.place.id,
  };
}

function evidence(field: string, span: Span, rule?: string): Evidence {
  return rule ? { field, start: span.start, end: span.end, text: span.text, rule } : { field, ...span };
}

/** The article's main country: the one its toponyms name most often, as {name, code}. */
export function dominantCountry(resolutions: readonly Resolution[]): {
  name: string | null;
  code: string | null;
} {
  const counts = new Map<string, { n: number; r: Resolution }>();
  for (const r of resolutions) {
    const cc = r.place.country_code;
    if (cc) counts.set(cc, { n: (counts.get(cc)?.n ?? 0) + 1, r });
  }
  let best: { n: number; r: Resolution } | null = null;
  for (const entry of counts.values()) if (!best || entry.n > best.n) best = entry;
  return { name: best?.r.place.country ?? null, code: best?.r.place.country_code ?? null };
}

/** An event placed only in a country takes the article's town there (its paragraph's, else the lead), if any. */
function sharpen(own: Resolution | null, fallback: Resolution | null): Resolution | null {
  if (!own) return fallback;
  const countryOnly = own.place.feature_code.startsWith("PCL");
  const sameCountry = fallback?.place.country_code === own.place.country_code;
  return countryOnly && fallback && sameCountry && fallback.geo_precision < 3 ? fallback : own;
}

/**
 * Who did it, read from the event's candidates in order: the first that names its doer, unless a later one names
 * a group where the first only had a generic word that does not say the doer is unknown ("militants ... the clashes pitted X against Y"). A deed that
 * needs aircraft (the event's anchor) is done by those who fly them.
 */
function eventRoles(group: EventGroup, lex: Lexicons): { c: Candidate; roles: ActorRoles } {
  const anchor = group.candidates[0] as Candidate;
  const canDo = doerFilter(anchor.trigger.rule, anchor.trigger.span.text, lex);
  const read = group.candidates.map((c) => ({
    c,
    roles: assignRoles(c.trigger.span, c.sentence, c.actors, {
      otherTriggers: c.sentenceTriggers,
      clause: c.clause,
      canDo: canDo ?? doerFilter(c.trigger.rule, c.trigger.span.text, lex),
      lex,
      deedDemonym: DEMONYM_DEEDS.has(c.event_type),
    }),
  }));
  const found = read.filter(({ roles }) => roles.actor1 !== null);
  const named = found.find(({ roles }) => roles.actor1 !== null && !isGeneric(roles.actor1, lex));
  const first = found[0];
  const generic = first?.roles.actor1;
  if (first && named && generic?.category === "unidentified" && !isUnnamed(generic)) return named;
  return first ?? (read[0] as { c: Candidate; roles: ActorRoles });
}

/** Words that tell of fighting within one side: there the doer and the target may share a name. */
const WITHIN_SIDE =
  /\b(?:rival|infighting|in-fighting|internecine|among themselves|each other|one another)\b/i;

/** Builds the report (docs/FORMATS.md §2) for one group, every field with its evidence span; `context` marks it background. */
export function buildReport(
  group: EventGroup,
  article: Article,
  lex: Lexicons,
  fallbackPlace: Resolution | null,
  articleCountry: string | null,
  mentions: ReadonlyMap<string, number>,
  articleCountryCode: string | null,
  sentences: readonly Sentence[],
  context = false,
  paragraphDate: DateMention | null = null,
): Report {
  const anchor = group.candidates[0] as Candidate;
  // Cues anywhere in the event's sentences refine its type ("Police later dispersed them" → intervention).
  const groupText = group.candidates.map((c) => c.sentence.text).join(" ");
  const [eventType, refinedSub, refinedRule] = refineType(
    [anchor.event_type, anchor.sub_event_type, anchor.typeRule],
    anchor.trigger.rule,
    groupText,
    lex,
    "event",
  );
  // With no date of its own, the event takes the date that opens its paragraph ("On 27 April, ... . Later, ...").
  const own = groupDate(group) ?? anchor.date;
  const date = own && own.precision !== "unknown" ? own : (paragraphDate ?? own);
  const inheritedPast = date === paragraphDate && date !== null && isPastDate(date, article.published);
  const place = sharpen(eventPlace(group, mentions, articleCountryCode), fallbackPlace);
  const country = place?.place.country ?? articleCountry;
  const roles = eventRoles(group, lex);
  // Who takes ground decides the sub-type: a state regains it, anyone else overtakes it.
  const [subType, typeRule] = territorySide(refinedSub, refinedRule, roles.roles.actor1);
  const cues = group.candidates.flatMap((c) => c.cues);
  const { certainty, cue } = certaintyOf(
    roles.roles.actor1,
    cues,
    roles.c.sentence,
    roles.c.trigger.span,
    lex.certaintyReach,
  );
  // Where the text says the doer is not known, the name nearest the trigger is not the doer.
  const named = cue?.rule === DOER_UNKNOWN ? null : roles.roles.actor1;
  const crowd = crowdActor(eventType, country);
  const ev: Evidence[] = [evidence("trigger", anchor.trigger.span, typeRule)];
  for (const c of group.candidates.slice(1)) ev.push(evidence("mention", c.trigger.span, c.typeRule));
  if (date) ev.push(evidence("date", date.span, date.rule));
  if (place) ev.push(evidence("location", place.span, place.rule));
  let actor1 = named ? reportActor(named, lex, country, certainty) : null;
  let actor2 = roles.roles.actor2 ? reportActor(roles.roles.actor2, lex, country) : null;
  // In a one-sided deed (a strike, an attack, a seizure) the doer's own side named again ("Syrian forces" after
  // "regime") is no target, unless the text tells of fighting within a side ("rival rebel groups").
  const ownSide =
    actor2 !== null &&
    actor2.name === actor1?.name &&
    eventType !== "Battles" &&
    !WITHIN_SIDE.test(groupText);
  if (ownSide) actor2 = null;
  if (crowd) {
    actor2 = actor1 && actor1.name !== crowd ? { name: actor1.name, text: actor1.text } : actor2;
    const crowdMention = anchor.actors.find((a) => a.category === "protesters" || a.category === "rioters");
    actor1 = {
      name: crowd,
      text: crowdMention?.span.text ?? anchor.trigger.span.text,
      certainty: "attributed",
    };
    ev.push(evidence("actor1", crowdMention?.span ?? anchor.trigger.span, "actor/crowd"));
  } else if (named) ev.push(evidence("actor1", named.span, roles.roles.rule));
  if (!crowd && !ownSide && roles.roles.actor2)
    ev.push(evidence("actor2", roles.roles.actor2.span, roles.roles.rule));
  // A group that claims the deed in the sentences around it is its doer, unless the text named another.
  let claimCue: { span: Span; rule: string } | null = null;
  const around = sentencesAround(group, sentences);
  if (!crowd && CLAIMABLE.has(eventType)) {
    const claim = claimIn(around, lex);
    const doer = roles.roles.actor1;
    if (claim && (!doer || isGeneric(doer, lex) || doer.name === claim.actor.name)) {
      actor1 = reportActor(claim.actor, lex, country, "claimed");
      const at = ev.findIndex((e) => e.field === "actor1");
      const claimed = evidence("actor1", claim.actor.span, "actor/claimed-responsibility");
      if (at >= 0) ev[at] = claimed;
      else ev.push(claimed);
      claimCue = { span: claim.span, rule: "certainty/claimed-responsibility" };
    } else if (doer && actor1 && actor1.certainty === "attributed") {
      const outlet = ownOutlet(around, doer.name, lex);
      if (outlet) {
        actor1 = { ...actor1, certainty: "claimed" };
        claimCue = { span: outlet, rule: "certainty/own-outlet" };
      }
    }
  }
  // A doer the sentences around name only by blame ("world powers pointed the finger at X") is attributed.
  if (!actor1 && !crowd && CLAIMABLE.has(eventType)) {
    const blamed = blameIn(around, lex);
    if (blamed) {
      actor1 = reportActor(blamed.actor, lex, country, "attributed");
      ev.push(evidence("actor1", blamed.actor.span, "actor/blamed"));
      claimCue = { span: blamed.span, rule: "certainty/blamed" };
    }
  }
  // Violence whose doer the text never names is coded to an unidentified armed group, certainty unknown.
  if (!actor1 && UNNAMED_DOER.has(eventType)) {
    actor1 = {
      name: country ? `Unidentified Armed Group (${country})` : "Unidentified Armed Group",
      text: anchor.trigger.span.text,
      certainty: "unknown",
    };
    ev.push(evidence("actor1", anchor.trigger.span, "actor/unnamed-doer"));
  }
  if (!actor2 && eventType === "Violence against civilians") {
    actor2 = { name: country ? `Civilians (${country})` : "Civilians", text: anchor.trigger.span.text };
  }
  if (claimCue) ev.push(evidence("certainty", claimCue.span, claimCue.rule));
  else if (cue && actor1) ev.push(evidence("certainty", cue.span, cue.rule));
  for (const cm of group.casualties)
    ev.push(evidence(cm.outcome === "killed" ? "fatalities" : "injuries", cm.span, cm.rule));
  const fields = [date, place, actor1, group.casualties[0]].filter(Boolean).length;
  return {
    id: `${article.id}:${anchor.trigger.span.start}-${anchor.trigger.span.end}`,
    event_type: eventType,
    sub_event_type: subType,
    date: reportDate(date, article.published),
    location: place ? reportLocation(place) : null,
    actor1,
    actor2,
    assoc_actors: [],
    fatalities: count(totals(group.casualties, sentences), "killed", (m) => secondary(m, sentences)),
    injuries: count(totals(group.casualties, sentences), "injured", (m) => secondary(m, sentences)),
    is_background: context || inheritedPast || Boolean(anchor.background),
    confidence: Math.round(Math.min(0.95, 0.35 + anchor.trigger.priority / 400 + fields * 0.1) * 100) / 100,
    evidence: ev,
  };
}
