import type { Article, CasualtyMention, DateMention, Report, Resolution } from "../model.js";
import { type Sentence, sentenceAt } from "../nlp/sentences.js";
import { type Candidate, type Dropped, findCandidates, printedDate } from "./candidates.js";
import {
  attachCasualties,
  foldRetellings,
  buildReport,
  dominantCountry,
  type EventGroup,
  groupCandidates,
  groupDate,
  placeMentions,
} from "./events.js";
import type { Lexicons } from "./lexicon.js";
import { backgroundCue, nonEventCue } from "./mentions.js";

/** What the earlier stages found in one article: the extract stage's input. */
export interface ExtractInput {
  readonly article: Article;
  readonly sentences: readonly Sentence[];
  readonly dates: readonly DateMention[];
  readonly casualties: readonly CasualtyMention[];
  readonly resolutions: readonly Resolution[];
}

/** The extract stage's output: reports plus what it considered, for `explain`. */
export interface ExtractOutput {
  readonly reports: Report[];
  readonly candidates: readonly Candidate[];
  readonly dropped: readonly Dropped[];
}

/** Characters from a sentence's start within which a date opens it ("On 27 April 2020, ..."). */
const OPENING = 30;

/**
 * The last date that opens a sentence of the event's paragraph before its trigger ("On 27 April, ..."), if any;
 * the page's printed date line only when `printed` allows it.
 */
function openingDate(
  g: EventGroup,
  dates: readonly DateMention[],
  sentences: readonly Sentence[],
  published: string | null,
  printed: boolean,
): DateMention | null {
  const anchor = g.candidates[0];
  if (!anchor) return null;
  const paragraph = sentences.filter((s) => s.paragraph === anchor.sentence.paragraph);
  const first = paragraph[0]?.start ?? anchor.sentence.start;
  const opens = (d: DateMention) =>
    paragraph.some((s) => d.span.start >= s.start && d.span.start - s.start <= OPENING);
  let found: DateMention | null = null;
  for (const d of dates) {
    const before = d.span.start >= first && d.span.end <= anchor.trigger.span.start;
    const dated =
      d.precision !== "unknown" && !d.rule.includes("since") && (printed || !printedDate(d, published));
    if (before && opens(d) && dated) found = d;
  }
  return found;
}

/** How far into the text a dateline may stand ("Last updated ... BEIRUT", "KABUL, Jan 3 (Reuters) -"). */
const DATELINE_REACH = 80;
/** What follows a dateline's place: an agency in brackets, a dash or a comma and a date. */
const DATELINE_AFTER = /^\s*(?:\([^)]{1,30}\)\s*)?[-\u2013\u2014:]|^,\s+[A-Z][a-z]{2,8}\.? \d/;

/** A place in a compound that locates an organisation ("Britain-based monitor"), not an event. */
const BASED_IN = /^-(?:based|headquartered)\b/i;

/** Places in the main country (below country level) an article must name before a lone place abroad is doubted. */
const STRAY_EVIDENCE = 2;

/** True when a place is the article's dateline: where it was filed, not where its events happened. */
export function isDateline(text: string, r: Resolution): boolean {
  if (r.span.start > DATELINE_REACH) return false;
  const letters = r.span.text.replace(/[^\p{L}]/gu, "");
  const capitals = letters.length >= 4 && letters === letters.toUpperCase();
  return capitals || DATELINE_AFTER.test(text.slice(r.span.end, r.span.end + 40));
}

/** Villages smaller than this, abroad in a country the article never names, are namesakes of other words. */
const STRAY_POPULATION = 10_000;

/**
 * The places events may take: not the dateline, and not a lone place abroad in a country the article names
 * nowhere else, however often it is named (a namesake: "Mashhad" for an Aleppo district in a Syrian story).
 */
export function eventPlaces(
  text: string,
  resolutions: readonly Resolution[],
  home: string | null,
): Resolution[] {
  // Distinct places per country: one namesake named twice ("al-Maleh ... al-Maleh") is still a lone place.
  const placesIn = new Map<string, Set<string>>();
  for (const r of resolutions) {
    const cc = r.place.country_code;
    if (cc) placesIn.set(cc, (placesIn.get(cc) ?? new Set()).add(r.place.id));
  }
  const perCountry = new Map([...placesIn].map(([cc, ids]) => [cc, ids.size]));
  // Only an article that names places inside its main country makes a lone place abroad suspect.
  const namedCountries = new Set(
    resolutions
      .filter((r) => r.place.feature_code.startsWith("PCL") || r.rule === "demonym")
      .map((r) => r.place.country_code),
  );
  const homeTowns = resolutions.filter(
    (r) => r.place.country_code === home && !r.place.feature_code.startsWith("PCL"),
  ).length;
  return resolutions.filter((r) => {
    // The geoparser marks datelines, the hospital the wounded reached and where a speaker spoke from.
    if (r.role !== undefined || isDateline(text, r) || BASED_IN.test(text.slice(r.span.end, r.span.end + 8)))
      return false;
    const cc = r.place.country_code;
    const stray = homeTowns >= STRAY_EVIDENCE && cc !== null && cc !== home && (perCountry.get(cc) ?? 0) <= 1;
    // A village abroad in a country the article never names, by name or demonym ("Golani is now in a coma" is
    // no Romanian village), is a namesake however few home towns the article has.
    const unnamedAbroad =
      home !== null &&
      cc !== home &&
      !namedCountries.has(cc) &&
      r.place.feature_class === "P" &&
      r.place.population < STRAY_POPULATION;
    return !(stray || unnamedAbroad) || r.place.feature_code.startsWith("PCL");
  });
}

/** A count this large ("an estimated 170000 killed", "6000 militants killed on this front") is a war's or a
 * year's total, never one event's toll. */
const WAR_SCALE_TOLL = 5_000;

/** Codes every event the article reports: candidates per sentence, grouped into events, each built with evidence. */
export function extractReports(input: ExtractInput, lex: Lexicons): ExtractOutput {
  const { article, sentences, dates, resolutions } = input;
  const country = dominantCountry(resolutions);
  // A cumulative or period total ("killed since 2011", "over two years of shelling") is no event's toll.
  // Nor is a year read as a count ("12 August 2016 Attacks leave two dead").
  const inDate = (cm: CasualtyMention) =>
    dates.some((d) => d.span.start <= cm.span.start && cm.span.start < d.span.end);
  const tolls = input.casualties.filter((cm) => {
    const sentence = sentenceAt(sentences, cm.span.start);
    return (
      !inDate(cm) && cm.low < WAR_SCALE_TOLL && (!sentence || nonEventCue(sentence, cm.span, lex) === null)
    );
  });
  const places = eventPlaces(article.text, resolutions, country.code);
  const found = findCandidates(article, sentences, dates, places, tolls, lex, country.code);
  const { candidates } = found;
  const grouped = groupCandidates(candidates, lex.sameEventSubTypes);
  const { unanchored } = grouped;
  const dropped = [
    ...found.dropped,
    ...unanchored.map((c) => ({
      span: c.trigger.span,
      rule: c.trigger.rule,
      reason: "unanchored mention: no date, town or toll of its own, and no event it could belong to",
    })),
  ];
  attachCasualties(grouped.groups, tolls, sentences, (s) => backgroundCue(s, lex) !== null);
  const groups = foldRetellings(grouped.groups);
  const mentions = placeMentions(resolutions);
  // The article's lead place: a town of its main country, else its dateline, else the country itself.
  const home = (r: Resolution) => r.place.country_code === country.code;
  const lead =
    places.find((r) => r.geo_precision < 3 && home(r)) ??
    resolutions.find(
      (r) => r.geo_precision < 3 && home(r) && (r.role === "dateline" || isDateline(article.text, r)),
    ) ??
    places.find(home) ??
    places[0] ??
    null;
  const nation = places.find((r) => home(r) && r.place.feature_code.startsWith("PCL")) ?? null;
  // Under a headline, an event of a type the headline does not tell, with no date or toll of its own, is context.
  const headlineTypes = new Set(candidates.filter((c) => c.headline).map((c) => c.event_type));
  const contextOnly = (g: EventGroup) =>
    headlineTypes.size > 0 &&
    !g.candidates.some((c) => headlineTypes.has(c.event_type)) &&
    g.casualties.length === 0 &&
    !g.candidates.some((c) => c.date && c.date.precision !== "unknown");
  // The day of the news event told just before in the same paragraph: the story's day, for an event with none.
  let story: { paragraph: number; date: DateMention } | null = null;
  const reports = groups.map((g) => {
    const first = g.candidates[0];
    const storyDate = story && first?.sentence.paragraph === story.paragraph ? story.date : null;
    const own = groupDate(g);
    if (first && !first.background && own) story = { paragraph: first.sentence.paragraph, date: own };
    // An event whose sentences name no place takes one named in its paragraph, else (news only) the lead's;
    // one whose sentence names places only as other events' labels ("the X strike prompted ...") takes only
    // the article's country.
    const paragraph = new Set(g.candidates.filter((c) => !c.headline).map((c) => c.sentence.paragraph));
    const nearby = places.find(
      (r) => r.geo_precision < 3 && paragraph.has(sentenceAt(sentences, r.span.start)?.paragraph ?? -1),
    );
    const elsewhere = g.candidates.some((c) => c.placedElsewhere);
    const fallback = elsewhere ? nation : (nearby ?? (first && !first.background ? lead : null));
    return buildReport(
      g,
      article,
      lex,
      fallback,
      country.name,
      mentions,
      country.code,
      sentences,
      contextOnly(g),
      // a date opening the paragraph, else the story's day, else the page's printed date line
      openingDate(g, dates, sentences, article.published, false) ??
        storyDate ??
        openingDate(g, dates, sentences, article.published, true),
    );
  });
  return { reports, candidates, dropped };
}
