/**
 * Date mentions resolved toward the past of the publication date.
 *
 * chrono-node recognises the absolute forms (ISO, "27 April 2020", "April 27, 2020", "Aug. 15", US slash dates,
 * "May 2019", times of day); our own chrono parsers, built from the RELATIVE_RULES table, recognise the
 * relative forms ("on Saturday night", "two days ago", "last week", "earlier this month", "in 2020"). A final
 * refiner resolves every result into the past of `published` with UTC day arithmetic only: the reference is
 * always the publication date passed in, never the machine clock, and times of day never move a date.
 */
import { Chrono, type ParsingContext, type ParsingResult, en } from "chrono-node";
import { normalizePublished } from "../ingest/published.js";
import type { DateMention, DatePrecision, Span } from "../model.js";
import { DAY_MS, dayNumber, dayOf, isCalendarDay, isoDay, lastDayOfMonth } from "../util/days.js";
import { NUMBER_SOURCE, parseNumber } from "./numbers.js";

// ---------------------------------------------------------------- UTC day arithmetic

/** The reference day used when an article has no publication date (day 0): nothing is then "in the future". */
const NO_REFERENCE = 0;
/** The earliest year an event date may carry. */
const MIN_YEAR = 1900;
/** Days after publication a stated date may still fall (time zones, a page dated in another zone's morning). */
const FUTURE_SLACK_DAYS = 1;

/** Calendar parts of a day number; weekday 0 = Sunday. */
function parts(n: number): { year: number; month: number; day: number; weekday: number } {
  const d = new Date(n * DAY_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
  };
}

/** The Monday starting the ISO week that holds day `n`. */
function mondayOf(n: number): number {
  return n - ((parts(n).weekday + 6) % 7);
}

// ---------------------------------------------------------------- resolved intervals

interface Resolved {
  readonly precision: DatePrecision;
  readonly start: number;
  readonly end: number;
}

function dayInterval(n: number): Resolved {
  return { precision: "day", start: n, end: n };
}

function monthInterval(year: number, month: number): Resolved {
  return {
    precision: "month",
    start: dayOf(year, month, 1),
    end: dayOf(year, month, lastDayOfMonth(year, month)),
  };
}

function yearInterval(year: number): Resolved {
  return { precision: "year", start: dayOf(year, 1, 1), end: dayOf(year, 12, 31) };
}

/** Shifts a month by `delta` months. */
function addMonths(year: number, month: number, delta: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + delta;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

// ---------------------------------------------------------------- tables

/** Month names and abbreviations → month number. */
const MONTHS: Readonly<Record<string, number>> = {
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sep: 9,
  sept: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};

/** Weekday names and abbreviations → weekday (0 = Sunday). */
const WEEKDAYS: Readonly<Record<string, number>> = {
  sunday: 0,
  sun: 0,
  monday: 1,
  mon: 1,
  tuesday: 2,
  tue: 2,
  tues: 2,
  wednesday: 3,
  wed: 3,
  thursday: 4,
  thu: 4,
  thur: 4,
  thurs: 4,
  friday: 5,
  fri: 5,
  saturday: 6,
  sat: 6,
};

const WEEKDAY_NAMES = "sunday|monday|tuesday|wednesday|thursday|friday|saturday";
const MONTH_NAMES = "january|february|march|april|may|june|july|august|september|october|november|december";
const PART_OF_DAY = "(?:\\s+(?:night|morning|afternoon|evening|midday|noon|dawn|overnight))?";
/**
 * A possessive whose apostrophe a source stripped ("Saturdays blast" for "Saturday's blast"): an "s" before a
 * noun, never after "on" ("on Saturdays" is a habit) nor before "and"/"or" (a list of days).
 */
const POSSESSIVE_S = "(?:(?<!\\bon\\s+[a-z]+)s(?=\\s+(?!and\\b|or\\b)[a-z]))?";
const EDGE = "(?:early|mid|late|the\\s+(?:start|beginning|end|middle)\\s+of|(?:earlier|later)\\s+in)[\\s-]+";

/** One relative-date rule: a pattern and how to resolve it against the publication day. */
interface RelativeRule {
  readonly rule: string;
  readonly pattern: RegExp;
  /** `ref` is the publication day number; null when the match is not a date after all. */
  readonly resolve: (match: RegExpExecArray, ref: number) => Resolved | null;
}

const B = "(?<![\\w-])";
const E = "(?![\\w-])";

/** Reads "two", "2", "a" as a count of units. */
function unitCount(word: string | undefined): number | null {
  if (!word) return null;
  const w = word.toLowerCase();
  if (w === "a" || w === "an" || w === "one") return 1;
  if (w === "a couple of" || w === "a few" || w === "couple of") return w.includes("few") ? null : 2;
  return parseNumber(w);
}

/**
 * The relative rules, ordered: longer phrases first within the same start, though chrono's overlap refiner
 * keeps the longest match anyway. Every rule resolves into the past (or the day) of publication.
 */
const RELATIVE_RULES: readonly RelativeRule[] = [
  {
    rule: "date/weekday",
    // "on Saturday night", "early hours of Wednesday", "last Friday", "Tuesday's attack"
    pattern: new RegExp(
      `${B}(?:(?:in\\s+|during\\s+)?the\\s+early\\s+hours\\s+of\\s+|(last|this\\s+past|past|this)\\s+)?(${WEEKDAY_NAMES})${POSSESSIVE_S}${PART_OF_DAY}${E}`,
      "i",
    ),
    resolve: (m, ref) => {
      const weekday = WEEKDAYS[(m[2] ?? "").toLowerCase()];
      if (weekday === undefined) return null;
      const back = (parts(ref).weekday - weekday + 7) % 7;
      // "last Friday" written on a Friday is a week back; a bare "Friday" on a Friday is that day.
      const strict = m[1] !== undefined && /last|past/i.test(m[1]) && back === 0 ? 7 : back;
      return dayInterval(ref - strict);
    },
  },
  {
    rule: "date/today",
    pattern: new RegExp(
      `${B}(?:(?:earlier|later)\\s+)?(?:today|tonight|this\\s+(?:morning|afternoon|evening))${E}`,
      "i",
    ),
    resolve: (_m, ref) => dayInterval(ref),
  },
  {
    rule: "date/yesterday",
    pattern: new RegExp(
      `${B}(?:(the\\s+day\\s+before\\s+)?yesterday|last\\s+night|overnight)${PART_OF_DAY}${E}`,
      "i",
    ),
    resolve: (m, ref) => dayInterval(ref - (m[1] ? 2 : 1)),
  },
  {
    rule: "date/units-ago",
    pattern: new RegExp(
      `${B}(${NUMBER_SOURCE}|a|an|a\\s+couple\\s+of)\\s+(day|week|month|year)s?\\s+(?:ago|earlier|before)${E}`,
      "i",
    ),
    resolve: (m, ref) => {
      const n = unitCount(m[1]);
      if (n === null || n > 400) return null;
      const unit = (m[2] ?? "").toLowerCase();
      if (unit === "day") return dayInterval(ref - n);
      if (unit === "week") {
        const start = mondayOf(ref - 7 * n);
        return { precision: "week", start, end: Math.min(start + 6, ref) };
      }
      const p = parts(ref);
      if (unit === "month") {
        const at = addMonths(p.year, p.month, -n);
        return monthInterval(at.year, at.month);
      }
      return yearInterval(p.year - n);
    },
  },
  {
    rule: "date/week",
    // "last week", "earlier this week", "this week", "the previous week", "the past week"
    pattern: new RegExp(
      `${B}(?:(?:earlier|later|early|late)\\s+)?(?:(last|this|the\\s+previous|the\\s+past|past|the\\s+last)\\s+week)(?:end)?${E}`,
      "i",
    ),
    resolve: (m, ref) => {
      const which = (m[1] ?? "").toLowerCase().replace(/\s+/g, " ");
      const weekend = /weekend$/i.test(m[0]);
      const monday = mondayOf(ref);
      if (weekend) {
        // the Saturday..Sunday before publication ("this weekend" in news copy is the one just gone, too)
        const saturday = which === "this" && parts(ref).weekday % 6 === 0 ? monday + 5 : monday - 2;
        return { precision: "week", start: saturday, end: Math.min(saturday + 1, ref) };
      }
      if (which === "this") return { precision: "week", start: monday, end: ref };
      if (which === "the past" || which === "past" || which === "the last") {
        return { precision: "week", start: ref - 6, end: ref };
      }
      return { precision: "week", start: monday - 7, end: monday - 1 };
    },
  },
  {
    rule: "date/month-relative",
    // "last month", "earlier this month", "late last month", "this month"
    pattern: new RegExp(
      `${B}(?:${EDGE})?(?:(?:earlier|later)\\s+)?(last|this|the\\s+previous|the\\s+past)\\s+month${E}`,
      "i",
    ),
    resolve: (m, ref) => {
      const p = parts(ref);
      const which = (m[1] ?? "").toLowerCase();
      if (which === "the past") return { precision: "month", start: ref - 30, end: ref };
      const at = which === "this" ? { year: p.year, month: p.month } : addMonths(p.year, p.month, -1);
      const interval = monthInterval(at.year, at.month);
      return { ...interval, end: Math.min(interval.end, ref) };
    },
  },
  {
    rule: "date/year-relative",
    // "last year", "late last year", "earlier this year"
    pattern: new RegExp(
      `${B}(?:${EDGE})?(?:(?:earlier|later)\\s+)?(last|this|the\\s+previous)\\s+year${E}`,
      "i",
    ),
    resolve: (m, ref) => {
      const year = parts(ref).year - (/this/i.test(m[1] ?? "") ? 0 : 1);
      const interval = yearInterval(year);
      return { ...interval, end: Math.min(interval.end, ref) };
    },
  },
];

/** Absolute year mentions: "in 2020", "since 2011", "in early 2020"; a bare year elsewhere is not a date. */
const YEAR_RULE = new RegExp(
  `${B}(in|during|since|throughout|by|until|from)\\s+(?:${EDGE})?((?:1[89]|20)\\d\\d)(?![\\w-]|\\s*(?:-|–|/)\\s*\\d)`,
  "i",
);

/** "in January", "since March", "mid-June", "in early May", "May 2019": month names without a day. */
const MONTH_RULE = new RegExp(
  `${B}(?:(in|during|since|throughout|by|until|from|early|mid|late|end\\s+of|beginning\\s+of)[\\s-]+(?:${EDGE})?)?(${MONTH_NAMES}|(?:sept?|oct|nov|dec|jan|feb|aug)\\.?)(?:\\s*,?\\s+((?:1[89]|20)\\d\\d))?(?![\\w-])`,
  "i",
);

// ---------------------------------------------------------------- chrono set-up

/** What our rules and refiner read from each chrono result (results are fresh per call, so entries die with them). */
interface Reading {
  readonly rule: string;
  readonly resolved: Resolved;
  readonly relative: boolean;
}
const READINGS = new WeakMap<object, Reading>();

/** Records our reading of a chrono result. */
function tagged(result: ParsingResult, rule: string, resolved: Resolved, relative: boolean): ParsingResult {
  READINGS.set(result, { rule, resolved, relative });
  return result;
}

/** The publication day chrono's reference stands for (noon UTC, so no zone can move it). */
function referenceDay(context: ParsingContext): number {
  return Math.floor(context.reference.instant.getTime() / DAY_MS);
}

function relativeParser(rule: RelativeRule) {
  return {
    pattern: () => rule.pattern,
    extract: (context: ParsingContext, match: RegExpMatchArray) => {
      const resolved = rule.resolve(match as RegExpExecArray, referenceDay(context));
      if (!resolved) return null;
      return tagged(context.createParsingResult(match.index ?? 0, match[0]), rule.rule, resolved, true);
    },
  };
}

const yearParser = {
  pattern: () => YEAR_RULE,
  extract: (context: ParsingContext, match: RegExpMatchArray) => {
    const year = Number(match[2]);
    const prep = (match[1] ?? "").toLowerCase();
    const offset = prep === "since" ? 0 : (match[1] ?? "").length + 1;
    const text = match[0].slice(offset);
    const rule = prep === "since" ? "date/since" : "date/year";
    return tagged(
      context.createParsingResult((match.index ?? 0) + offset, text),
      rule,
      yearInterval(year),
      false,
    );
  },
};

const monthParser = {
  pattern: () => MONTH_RULE,
  extract: (context: ParsingContext, match: RegExpMatchArray) => {
    const month = MONTHS[(match[2] ?? "").toLowerCase().replace(".", "")];
    if (month === undefined) return null;
    // "may" is a modal verb: the month must be written with a capital.
    if (!/^[A-Z]/.test(match[2] ?? "")) return null;
    // a bare month name ("March", "May") is a date only with its year ("May 2019")
    if (match[1] === undefined && match[3] === undefined) return null;
    const prep = (match[1] ?? "").toLowerCase();
    const offset = /^(in|during|by|until|from|throughout)$/.test(prep) ? (match[1] ?? "").length + 1 : 0;
    const text = match[0].slice(offset);
    const rule = prep === "since" ? "date/since" : "date/month";
    const index = (match.index ?? 0) + offset;
    if (match[3]) {
      return tagged(
        context.createParsingResult(index, text),
        rule,
        monthInterval(Number(match[3]), month),
        false,
      );
    }
    const ref = parts(referenceDay(context));
    const year = month <= ref.month ? ref.year : ref.year - 1;
    const interval = monthInterval(year, month);
    const resolved = { ...interval, end: Math.min(interval.end, referenceDay(context)) };
    return tagged(context.createParsingResult(index, text), rule, resolved, true);
  },
};

const MONTH_WORD = `(${MONTH_NAMES}|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\\.?)`;
const ORD = "(?:st|nd|rd|th)?";

/** Day ranges: "between 5 and 7 May 2020", "5-7 May", "May 5-7, 2020" (chrono reads only one end of these). */
const DAY_RANGE_RULE = new RegExp(
  `${B}(?:(?:between|from)\\s+)?(?:(\\d{1,2})${ORD}\\s*(?:-|–|and|to)\\s*(\\d{1,2})${ORD}\\s+(?:of\\s+)?${MONTH_WORD}|${MONTH_WORD}\\s+(\\d{1,2})${ORD}\\s*(?:-|–|and|to)\\s*(\\d{1,2})${ORD})(?:,?\\s+((?:1[89]|20)\\d\\d))?${E}`,
  "i",
);

const dayRangeParser = {
  pattern: () => DAY_RANGE_RULE,
  extract: (context: ParsingContext, match: RegExpMatchArray) => {
    const month = MONTHS[(match[3] ?? match[4] ?? "").toLowerCase().replace(".", "")];
    const first = Number(match[1] ?? match[5]);
    const last = Number(match[2] ?? match[6]);
    if (month === undefined || !/^[A-Z]/.test(match[3] ?? match[4] ?? "") || last <= first) return null;
    const ref = referenceDay(context);
    const p = parts(ref);
    let year = match[7] ? Number(match[7]) : p.year;
    if (!match[7] && (month > p.month || (month === p.month && first > p.day))) year--;
    if (!isCalendarDay(year, month, first) || !isCalendarDay(year, month, last)) return null;
    const start = dayOf(year, month, first);
    const end = dayOf(year, month, last);
    const resolved: Resolved = { precision: end - start <= 6 ? "week" : "month", start, end };
    const result = context.createParsingResult(match.index ?? 0, match[0]);
    return tagged(result, "date/day-range", resolved, !match[7]);
  },
};

/** chrono's own parsers we keep: absolute forms and times of day (times are recognised only to be skipped). */
const KEPT_CHRONO_PARSERS = new Set([
  "ISOFormatParser",
  "ENYearMonthDayParser",
  "SlashDateFormatParser",
  "ENMonthNameLittleEndianParser",
  "ENMonthNameMiddleEndianParser",
  "ENYearMonthNameParser",
  "ENTimeExpressionParser",
]);

/** Refiner: a weekday written just before an explicit date ("Monday, April 27, 2020") is part of that date. */
const weekdayBeforeDate = {
  refine: (_context: ParsingContext, results: ParsingResult[]): ParsingResult[] =>
    results.filter((r, i) => {
      const next = results[i + 1];
      if (!next || READINGS.get(r)?.rule !== "date/weekday") return true;
      const gap = next.index - (r.index + r.text.length);
      return !(gap >= 0 && gap <= 3 && READINGS.get(next)?.relative === false);
    }),
};

/** What follows a reading cut out of a longer numeric date: its separator and more digits. */
const CUT_DATE = /^[./-]\d/;

/** Refiner: reads chrono's absolute results into our tags, resolving a missing year toward the past. */
const pastRefiner = {
  refine: (context: ParsingContext, results: ParsingResult[]): ParsingResult[] => {
    const ref = referenceDay(context);
    const out: ParsingResult[] = [];
    for (const r of results) {
      if (READINGS.has(r)) {
        out.push(r);
        continue;
      }
      const s = r.start;
      if (!s.isCertain("day") || !s.isCertain("month")) continue; // a time of day alone, or a weekday alone
      // A reading that stops inside a longer numeric date ("1954 08.04" of "updated 1954 08.04.2017") is a clock
      // time before that date, not a date of its own.
      if (CUT_DATE.test(context.text.slice(r.index + r.text.length, r.index + r.text.length + 3))) continue;
      const month = s.get("month") ?? 0;
      const day = s.get("day") ?? 0;
      const slash = r.tags().has("parser/SlashDateFormatParser");
      if (s.isCertain("year")) {
        const year = s.get("year") ?? 0;
        // News tells nothing of before 1900: such a "year" is a clock time or a page counter ("1404 07.04.2017").
        if (year < MIN_YEAR || !isCalendarDay(year, month, day)) continue;
        let rule = slash ? slashRule(r.text) : "date/absolute";
        let start = dayOf(year, month, day);
        // Nothing a text reports happens after it is published: an ambiguous slash date read month-first that
        // lands in the future is day-first ("4/3/21" on 10 March 2021 is 4 March); a date still in the future
        // is a plan or a deadline, not an event's date.
        if (rule === "date/slash-mdy-preferred" && isCalendarDay(year, day, month)) {
          const dayFirst = dayOf(year, day, month);
          if (start > ref || dayFirstIsDateline(start, dayFirst, ref)) {
            start = dayFirst;
            rule = "date/slash-dmy";
          }
        }
        if (ref > NO_REFERENCE && start > ref + FUTURE_SLACK_DAYS) continue;
        let resolved = dayInterval(start);
        if (r.end?.isCertain("day")) {
          const e = r.end;
          const endDay = dayOf(e.get("year") ?? year, e.get("month") ?? month, e.get("day") ?? day);
          if (endDay > start)
            resolved = { precision: endDay - start <= 6 ? "week" : "month", start, end: endDay };
        }
        out.push(tagged(r, rule, resolved, false));
        continue;
      }
      if (slash) continue; // "24/7", "1/2": a slash pair without a year is not a date
      const p = parts(ref);
      let year = p.year;
      if (month > p.month || (month === p.month && day > p.day)) year--;
      if (!isCalendarDay(year, month, day)) continue;
      out.push(tagged(r, "date/day-month", dayInterval(dayOf(year, month, day)), true));
    }
    return out;
  },
};

/** Days within which an ambiguous numeric date read day-first is taken for the article's own (dateline) date. */
const DATELINE_DAYS = 3;

/**
 * An ambiguous numeric date whose day-first reading falls on the publication day (or just before) while the
 * month-first reading lies weeks back is the article's dateline written day-first ("10-11-2014" on 10 November).
 */
function dayFirstIsDateline(monthFirst: number, dayFirst: number, ref: number): boolean {
  if (ref <= NO_REFERENCE) return false;
  const dayFirstAge = ref - dayFirst;
  return dayFirstAge >= 0 && dayFirstAge <= DATELINE_DAYS && ref - monthFirst > 7;
}

/** Names the slash reading: US month/day first, as GTD summaries write it; day/month only when month > 12. */
function slashRule(text: string): string {
  const m = /(\d{1,2})[/.-](\d{1,2})/.exec(text);
  const a = Number(m?.[1]);
  const b = Number(m?.[2]);
  if (a > 12) return "date/slash-dmy";
  if (b > 12) return "date/slash-mdy";
  return a === b ? "date/slash-mdy" : "date/slash-mdy-preferred";
}

/** chrono's own refiners we keep: overlap removal (the longest reading of a stretch wins). Its merge refiners
 * would fold times and ranges into our readings, and its filters drop bare years. */
const KEPT_CHRONO_REFINERS = new Set(["OverlapRemovalRefiner"]);

function buildChronos(): { full: Chrono; light: Chrono } {
  const base = en.configuration.createConfiguration(true, false);
  const kept = base.parsers.filter((p) => KEPT_CHRONO_PARSERS.has(p.constructor.name));
  const overlap = base.refiners.find((r) => KEPT_CHRONO_REFINERS.has(r.constructor.name));
  if (kept.length !== KEPT_CHRONO_PARSERS.size || !overlap) {
    throw new Error(
      `nlp/dates: expected chrono parsers ${[...KEPT_CHRONO_PARSERS].join(", ")} and an OverlapRemovalRefiner, found ${kept.map((p) => p.constructor.name).join(", ")}`,
    );
  }
  const ours = [...RELATIVE_RULES.map(relativeParser), yearParser, monthParser, dayRangeParser];
  // order matters: ours first so equal-length overlaps keep our reading; overlaps go before the past refiner.
  const refiners = [overlap, pastRefiner, weekdayBeforeDate];
  return {
    full: new Chrono({ parsers: [...ours, ...kept], refiners }),
    light: new Chrono({ parsers: ours, refiners }),
  };
}

const CHRONOS = buildChronos();

/**
 * What every date form we read contains: a capitalised month or weekday, a relative phrase ("last week",
 * "two days ago", "yesterday"), an ISO or slash date, or a four-digit year. chrono runs only on windows around
 * these hints: most of an article holds no date, and chrono's cost grows with the text it reads.
 */
const DATE_HINT =
  /\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)days?|[Tt]oday|[Tt]onight|[Yy]esterday|[Oo]vernight|(?:[Ll]ast|[Tt]his|[Pp]revious|[Pp]ast)\s+(?:weekend|week|month|year|night|morning|afternoon|evening)|(?:weeks?|months?|years?|days?)\s+(?:ago|earlier|before))\b|\d{4}-\d\d-\d\d|\d{1,2}[/.-]\d{1,2}[/.-]\d{2}|\d{4}/g;

/** Characters kept around a hint: enough for "in the early hours of Wednesday" or "between 5 and 7 May 2020". */
const WINDOW_BEFORE = 48;
const WINDOW_AFTER = 36;

/** Merged windows of text around date hints, widened to whitespace so no word is cut. */
function hintWindows(text: string): { start: number; end: number }[] {
  const windows: { start: number; end: number }[] = [];
  DATE_HINT.lastIndex = 0;
  for (let m = DATE_HINT.exec(text); m !== null; m = DATE_HINT.exec(text)) {
    // a bare four-digit number is a date only as "in 2020", "since 2011" (a month name nearby is its own hint)
    if (FOUR_DIGITS.test(m[0]) && !YEAR_LEAD.test(text.slice(Math.max(0, m.index - 16), m.index))) continue;
    let start = Math.max(0, m.index - WINDOW_BEFORE);
    let end = Math.min(text.length, m.index + m[0].length + WINDOW_AFTER);
    while (start > 0 && !/\s/.test(text[start - 1] ?? "")) start--;
    while (end < text.length && !/\s/.test(text[end] ?? "")) end++;
    const last = windows[windows.length - 1];
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else windows.push({ start, end });
  }
  return windows;
}

const DIGIT = /\d/;
/** Joins the windows for one chrono call: not a space or a word character, so no pattern reads across it. */
const SEPARATOR = " ¦¦ ";
const FOUR_DIGITS = /^\d{4}$/;
const YEAR_LEAD =
  /\b(?:in|during|since|throughout|by|until|from|early|mid|late|end\s+of|beginning\s+of)[\s-]+$/i;

// ---------------------------------------------------------------- public

/** Validates a publication date (ISO date or date-time, or an RFC 2822 feed date) into `YYYY-MM-DD`, else null. */
export function parsePublished(value: string): string | null {
  return normalizePublished(value)?.slice(0, 10) ?? null;
}

function valueText(resolved: Resolved): string {
  const start = isoDay(resolved.start);
  if (resolved.precision === "month") return start.slice(0, 7);
  if (resolved.precision === "year") return start.slice(0, 4);
  return start;
}

const LEADING_PREPOSITION = /^(?:on|in|at|during)\s+/i;

/**
 * Every date expression in `text`, in text order, resolved into the past of `published` (`YYYY-MM-DD`, or null).
 * Without a publication date, relative expressions come back with precision "unknown" and value null.
 */
export function findDates(text: string, published: string | null): DateMention[] {
  const windows = hintWindows(text);
  if (windows.length === 0) return [];
  const pub = published ? parsePublished(published) : null;
  // Without a publication date a fixed reference lets chrono find the spans; relative readings are then dropped.
  const refDay = pub ? dayOf(Number(pub.slice(0, 4)), Number(pub.slice(5, 7)), Number(pub.slice(8, 10))) : 0;
  const reference = { instant: new Date(refDay * DAY_MS + DAY_MS / 2), timezone: 0 };
  const out: DateMention[] = [];
  // One chrono call reads every window, joined by a separator no pattern crosses.
  const pieces: string[] = [];
  const offsets: { joined: number; text: number }[] = [];
  let joined = 0;
  for (const w of windows) {
    offsets.push({ joined, text: w.start });
    pieces.push(text.slice(w.start, w.end));
    joined += w.end - w.start + SEPARATOR.length;
  }
  const all = pieces.join(SEPARATOR);
  // chrono's absolute forms all hold a digit; without one only our relative rules can match
  const chrono = DIGIT.test(all) ? CHRONOS.full : CHRONOS.light;
  for (const r of chrono.parse(all, reference)) {
    const reading = READINGS.get(r);
    if (!reading) continue;
    let piece = offsets[0] as { joined: number; text: number };
    for (const o of offsets) if (o.joined <= r.index) piece = o;
    const { rule, resolved, relative } = reading;
    let start = piece.text + (r.index - piece.joined);
    let spanText = r.text;
    const lead = LEADING_PREPOSITION.exec(spanText);
    if (lead && spanText.length > lead[0].length) {
      start += lead[0].length;
      spanText = spanText.slice(lead[0].length);
    }
    const span: Span = { start, end: start + spanText.length, text: spanText };
    if (relative && !pub) {
      out.push({ span, value: null, precision: "unknown", start: null, end: null, relative, rule });
      continue;
    }
    out.push({
      span,
      value: valueText(resolved),
      precision: resolved.precision,
      start: isoDay(resolved.start),
      end: isoDay(resolved.end),
      relative,
      rule,
    });
  }
  return out;
}

/** How far into the text a page prints its own date line ("AFP Saturday 2 Aug 2014", "Posted on April 2 2017"). */
const DATELINE_REACH = 120;
/** What may stand before a date line: nothing, a label ("Published", "Date of publication", "Posted on"), an agency or a weekday. */
const DATELINE_BEFORE =
  /(?:^\s*|\b(?:posted|published|updated|last updated|date of publication|afp|reuters|ap|monitor|ngo)(?: on| at)?:?\s+|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thurs|fri|sat|sun)\.?,?\s+)$/i;
/** A year a date line could print. */
const YEAR_NEAR_TOP = /(?:^|\D)(?:1[89]|20)\d\d(?!\d)/;
/** The most days a printed date line may stand from the given publication date and still be this page's. */
const DATELINE_MAX_DAYS = 400;

/**
 * The page's own printed date line when it contradicts `published` (a feed or dataset that gave the crawl or
 * event day): an absolute day near the top, alone or after a label, an agency or a weekday ("Reuters Wednesday
 * 25 Feb 2015"), never an event's date ("On 27 April 2020, ..."). Null when there is none or it agrees.
 */
export function contradictingDateline(text: string, published: string | null): string | null {
  const pub = published ? parsePublished(published) : null;
  if (!pub) return null;
  // Only absolute days count, read with no reference (a date line after `published` must not be pulled into its past).
  const top = text.slice(0, DATELINE_REACH + 40);
  // A date line writes its year: without one near the top there is none to read.
  if (!YEAR_NEAR_TOP.test(top)) return null;
  const line = findDates(top, null).find(
    (d) =>
      d.span.start <= DATELINE_REACH &&
      d.precision === "day" &&
      !d.relative &&
      d.value !== null &&
      /\d{4}/.test(d.span.text) &&
      DATELINE_BEFORE.test(text.slice(Math.max(0, d.span.start - 40), d.span.start)) &&
      // "01/05/2012: An explosive device ..." heads an entry with its event's day
      !/^\s*:/.test(text.slice(d.span.end, d.span.end + 3)),
  );
  if (!line?.value || line.value === pub) return null;
  const [a, b] = [dayNumber(line.value), dayNumber(pub)];
  return a !== null && b !== null && Math.abs(a - b) <= DATELINE_MAX_DAYS ? line.value : null;
}
