import assert from "node:assert/strict";
import { test } from "node:test";
import type { DateMention } from "../model.js";
import { contradictingDateline, findDates, parsePublished } from "./dates.js";

/** [span text, value, precision, start, end, relative, rule] of each mention, in text order. */
type Want = [string, string | null, DateMention["precision"], string | null, string | null, boolean, string];

const SUNDAY = "2020-06-28";

// Fictional sentences written for these tests. Publication dates are explicit; 2020-06-28 is a Sunday.
const CASES: [text: string, published: string | null, want: Want[]][] = [
  [
    "Shelling hit the town on Saturday night, residents said.",
    SUNDAY,
    [["Saturday night", "2020-06-27", "day", "2020-06-27", "2020-06-27", true, "date/weekday"]],
  ],
  [
    "The raid took place on Saturday.",
    "2020-06-27",
    [["Saturday", "2020-06-27", "day", "2020-06-27", "2020-06-27", true, "date/weekday"]],
  ],
  [
    "Jets struck the depot in the early hours of Wednesday.",
    SUNDAY,
    [["the early hours of Wednesday", "2020-06-24", "day", "2020-06-24", "2020-06-24", true, "date/weekday"]],
  ],
  [
    "Protesters gathered on Tuesday outside the ministry.",
    SUNDAY,
    [["Tuesday", "2020-06-23", "day", "2020-06-23", "2020-06-23", true, "date/weekday"]],
  ],
  [
    "Gunmen opened fire on Sunday morning.",
    SUNDAY,
    [["Sunday morning", "2020-06-28", "day", "2020-06-28", "2020-06-28", true, "date/weekday"]],
  ],
  [
    "The convoy was ambushed last Friday.",
    SUNDAY,
    [["last Friday", "2020-06-26", "day", "2020-06-26", "2020-06-26", true, "date/weekday"]],
  ],
  [
    "A drone strike last Sunday killed two.",
    SUNDAY,
    [["last Sunday", "2020-06-21", "day", "2020-06-21", "2020-06-21", true, "date/weekday"]],
  ],
  [
    "Militants attacked a checkpoint on Monday, officials said.",
    "2020-06-29",
    [["Monday", "2020-06-29", "day", "2020-06-29", "2020-06-29", true, "date/weekday"]],
  ],
  [
    "Tuesday's attack was the deadliest this year.",
    SUNDAY,
    [
      ["Tuesday", "2020-06-23", "day", "2020-06-23", "2020-06-23", true, "date/weekday"],
      ["this year", "2020", "year", "2020-01-01", "2020-06-28", true, "date/year-relative"],
    ],
  ],
  [
    "Medics counted the dead of Fridays ambush near the ford.",
    SUNDAY,
    [["Fridays", "2020-06-26", "day", "2020-06-26", "2020-06-26", true, "date/weekday"]],
  ],
  ["The market is crowded on Fridays and quiet on Sundays.", SUNDAY, []],
  [
    "The bombing happened yesterday.",
    SUNDAY,
    [["yesterday", "2020-06-27", "day", "2020-06-27", "2020-06-27", true, "date/yesterday"]],
  ],
  [
    "Fighting resumed last night near the airport.",
    SUNDAY,
    [["last night", "2020-06-27", "day", "2020-06-27", "2020-06-27", true, "date/yesterday"]],
  ],
  [
    "Clashes broke out today in the old city.",
    SUNDAY,
    [["today", "2020-06-28", "day", "2020-06-28", "2020-06-28", true, "date/today"]],
  ],
  [
    "Police dispersed a crowd earlier today.",
    SUNDAY,
    [["earlier today", "2020-06-28", "day", "2020-06-28", "2020-06-28", true, "date/today"]],
  ],
  [
    "An explosion was heard this morning.",
    SUNDAY,
    [["this morning", "2020-06-28", "day", "2020-06-28", "2020-06-28", true, "date/today"]],
  ],
  [
    "The day before yesterday, rockets fell on the base.",
    SUNDAY,
    [["The day before yesterday", "2020-06-26", "day", "2020-06-26", "2020-06-26", true, "date/yesterday"]],
  ],
  [
    "Two days ago a mortar round hit the school.",
    SUNDAY,
    [["Two days ago", "2020-06-26", "day", "2020-06-26", "2020-06-26", true, "date/units-ago"]],
  ],
  [
    "The village was shelled three days ago.",
    SUNDAY,
    [["three days ago", "2020-06-25", "day", "2020-06-25", "2020-06-25", true, "date/units-ago"]],
  ],
  [
    "The commander was killed three weeks ago.",
    SUNDAY,
    [["three weeks ago", "2020-06-01", "week", "2020-06-01", "2020-06-07", true, "date/units-ago"]],
  ],
  [
    "Rebels seized the town two months ago.",
    SUNDAY,
    [["two months ago", "2020-04", "month", "2020-04-01", "2020-04-30", true, "date/units-ago"]],
  ],
  [
    "The bridge was destroyed a year ago.",
    SUNDAY,
    [["a year ago", "2019", "year", "2019-01-01", "2019-12-31", true, "date/units-ago"]],
  ],
  [
    "Raids intensified last week across the province.",
    SUNDAY,
    [["last week", "2020-06-15", "week", "2020-06-15", "2020-06-21", true, "date/week"]],
  ],
  [
    "More arrests were made this week.",
    SUNDAY,
    [["this week", "2020-06-22", "week", "2020-06-22", "2020-06-28", true, "date/week"]],
  ],
  [
    "The ceasefire collapsed earlier this week.",
    SUNDAY,
    [["earlier this week", "2020-06-22", "week", "2020-06-22", "2020-06-28", true, "date/week"]],
  ],
  [
    "Over the past week, dozens were detained.",
    SUNDAY,
    [["the past week", "2020-06-22", "week", "2020-06-22", "2020-06-28", true, "date/week"]],
  ],
  [
    "The strike in January left the plant in ruins.",
    "2021-03-10",
    [["January", "2021-01", "month", "2021-01-01", "2021-01-31", true, "date/month"]],
  ],
  [
    "The strike in January left the plant in ruins.",
    "2021-01-20",
    [["January", "2021-01", "month", "2021-01-01", "2021-01-20", true, "date/month"]],
  ],
  [
    "The strike in January left the plant in ruins.",
    "2020-11-05",
    [["January", "2020-01", "month", "2020-01-01", "2020-01-31", true, "date/month"]],
  ],
  [
    "Protests began in mid-June.",
    SUNDAY,
    [["mid-June", "2020-06", "month", "2020-06-01", "2020-06-28", true, "date/month"]],
  ],
  [
    "The curfew was imposed last month.",
    SUNDAY,
    [["last month", "2020-05", "month", "2020-05-01", "2020-05-31", true, "date/month-relative"]],
  ],
  [
    "Fighting has escalated earlier this month.",
    SUNDAY,
    [["earlier this month", "2020-06", "month", "2020-06-01", "2020-06-28", true, "date/month-relative"]],
  ],
  [
    "The offensive started late last month.",
    SUNDAY,
    [["late last month", "2020-05", "month", "2020-05-01", "2020-05-31", true, "date/month-relative"]],
  ],
  [
    "Talks collapsed late last year.",
    SUNDAY,
    [["late last year", "2019", "year", "2019-01-01", "2019-12-31", true, "date/year-relative"]],
  ],
  [
    "Attacks have doubled earlier this year.",
    SUNDAY,
    [["earlier this year", "2020", "year", "2020-01-01", "2020-06-28", true, "date/year-relative"]],
  ],
  [
    "The group was founded in 2014.",
    SUNDAY,
    [["2014", "2014", "year", "2014-01-01", "2014-12-31", false, "date/year"]],
  ],
  [
    "The conflict has killed thousands since 2011.",
    SUNDAY,
    [["since 2011", "2011", "year", "2011-01-01", "2011-12-31", false, "date/since"]],
  ],
  [
    "Violence flared in early 2019.",
    SUNDAY,
    [["early 2019", "2019", "year", "2019-01-01", "2019-12-31", false, "date/year"]],
  ],
  [
    "The siege began in May 2019 and lasted months.",
    SUNDAY,
    [["May 2019", "2019-05", "month", "2019-05-01", "2019-05-31", false, "date/month"]],
  ],
  [
    "Since March 2011 the city has changed hands four times.",
    SUNDAY,
    [["Since March 2011", "2011-03", "month", "2011-03-01", "2011-03-31", false, "date/since"]],
  ],
  [
    "The town fell on August 15.",
    SUNDAY,
    [["August 15", "2019-08-15", "day", "2019-08-15", "2019-08-15", true, "date/day-month"]],
  ],
  [
    "The town fell on 15 August.",
    SUNDAY,
    [["15 August", "2019-08-15", "day", "2019-08-15", "2019-08-15", true, "date/day-month"]],
  ],
  [
    "The town fell on Aug. 15.",
    SUNDAY,
    [["Aug. 15", "2019-08-15", "day", "2019-08-15", "2019-08-15", true, "date/day-month"]],
  ],
  [
    "The town fell on 15 August.",
    "2020-08-20",
    [["15 August", "2020-08-15", "day", "2020-08-15", "2020-08-15", true, "date/day-month"]],
  ],
  [
    "The town fell on 28 June.",
    SUNDAY,
    [["28 June", "2020-06-28", "day", "2020-06-28", "2020-06-28", true, "date/day-month"]],
  ],
  [
    "On 27 April 2020, police repelled an attack.",
    SUNDAY,
    [["27 April 2020", "2020-04-27", "day", "2020-04-27", "2020-04-27", false, "date/absolute"]],
  ],
  [
    "On April 27, 2020, police repelled an attack.",
    SUNDAY,
    [["April 27, 2020", "2020-04-27", "day", "2020-04-27", "2020-04-27", false, "date/absolute"]],
  ],
  [
    "The report is dated 2020-04-27.",
    SUNDAY,
    [["2020-04-27", "2020-04-27", "day", "2020-04-27", "2020-04-27", false, "date/absolute"]],
  ],
  [
    "01/05/2012: A bomb exploded near a market.",
    "2012-01-06",
    [["01/05/2012", "2012-01-05", "day", "2012-01-05", "2012-01-05", false, "date/slash-mdy-preferred"]],
  ],
  [
    "12/31/2013: Gunmen attacked a checkpoint.",
    "2014-01-01",
    [["12/31/2013", "2013-12-31", "day", "2013-12-31", "2013-12-31", false, "date/slash-mdy"]],
  ],
  [
    "25/03/2014: A car bomb exploded.",
    "2014-03-26",
    [["25/03/2014", "2014-03-25", "day", "2014-03-25", "2014-03-25", false, "date/slash-dmy"]],
  ],
  [
    "The march was held on 5 May.",
    SUNDAY,
    [["5 May", "2020-05-05", "day", "2020-05-05", "2020-05-05", true, "date/day-month"]],
  ],
  [
    "Monday, April 27, 2020: a statement was issued.",
    SUNDAY,
    [["April 27, 2020", "2020-04-27", "day", "2020-04-27", "2020-04-27", false, "date/absolute"]],
  ],
  [
    "Aid was blocked between 5 and 7 May 2020.",
    SUNDAY,
    [["between 5 and 7 May 2020", "2020-05-05", "week", "2020-05-05", "2020-05-07", false, "date/day-range"]],
  ],
  [
    "Clashes on May 3-5 displaced hundreds.",
    SUNDAY,
    [["May 3-5", "2020-05-03", "week", "2020-05-03", "2020-05-05", true, "date/day-range"]],
  ],
  ["The blast came at 3 am, witnesses said.", SUNDAY, []],
  [
    "On Saturday at 3 am the barracks came under fire.",
    SUNDAY,
    [["Saturday", "2020-06-27", "day", "2020-06-27", "2020-06-27", true, "date/weekday"]],
  ],
  ["The patrol left at 10:30 and returned at noon.", SUNDAY, []],
  ["Brigade 47 reported 30 indirect fire attacks, 24/7 monitoring, 1-2 casualties.", SUNDAY, []],
  ["A 25-year-old man may testify.", SUNDAY, []],
  [
    "Officials said the attack on Saturday killed four.",
    null,
    [["Saturday", null, "unknown", null, null, true, "date/weekday"]],
  ],
  [
    "The attack on 27 April 2020 killed four.",
    null,
    [["27 April 2020", "2020-04-27", "day", "2020-04-27", "2020-04-27", false, "date/absolute"]],
  ],
  ["Raids last week killed four.", null, [["last week", null, "unknown", null, null, true, "date/week"]]],
  [
    "Fighting in 2019 killed four.",
    null,
    [["2019", "2019", "year", "2019-01-01", "2019-12-31", false, "date/year"]],
  ],
  [
    "The shelling on 5 May killed four.",
    null,
    [["5 May", null, "unknown", null, null, true, "date/day-month"]],
  ],
  [
    "Gunmen attacked the post on Wednesday, a week after the raid of 17 June.",
    "2020-06-26",
    [
      ["Wednesday", "2020-06-24", "day", "2020-06-24", "2020-06-24", true, "date/weekday"],
      ["17 June", "2020-06-17", "day", "2020-06-17", "2020-06-17", true, "date/day-month"],
    ],
  ],
  [
    "The funeral on Friday drew thousands; the killing on Wednesday sparked protests.",
    "2020-07-04",
    [
      ["Friday", "2020-07-03", "day", "2020-07-03", "2020-07-03", true, "date/weekday"],
      ["Wednesday", "2020-07-01", "day", "2020-07-01", "2020-07-01", true, "date/weekday"],
    ],
  ],
];

for (const [text, published, want] of CASES) {
  test(`findDates: ${JSON.stringify(text)} published ${published}`, () => {
    const found = findDates(text, published);
    for (const d of found) assert.equal(text.slice(d.span.start, d.span.end), d.span.text, "span offsets");
    assert.deepEqual(
      found.map((d) => [d.span.text, d.value, d.precision, d.start, d.end, d.relative, d.rule]),
      want,
    );
  });
}

test("findDates: never reads the machine clock (same answer for the same publication date, any text order)", () => {
  const a = findDates("Raids last week and on Saturday.", "2019-02-03");
  assert.deepEqual(
    a.map((d) => d.value),
    ["2019-01-21", "2019-02-02"],
  );
});

test("findDates: a date-time publication keeps its written calendar day whatever the hour", () => {
  const late = findDates("The attack happened yesterday.", "2020-06-28T23:59:59+05:00");
  const early = findDates("The attack happened yesterday.", "2020-06-28T00:00:01-08:00");
  assert.equal(late[0]?.value, "2020-06-27");
  assert.equal(early[0]?.value, "2020-06-27");
});

test("findDates: an invalid publication date leaves relative dates unresolved", () => {
  const found = findDates("Shelling on Saturday and on 27 April 2020.", "not a date");
  assert.deepEqual(
    found.map((d) => [d.value, d.precision]),
    [
      [null, "unknown"],
      ["2020-04-27", "day"],
    ],
  );
});

test("findDates: dates far apart in a long article keep their own offsets and readings", () => {
  const filler = " The convoy moved slowly through the hills and the valley beyond.".repeat(20);
  const text = `Jets struck the depot on Saturday night.${filler} The ceasefire of 2 March 2020 had held until then.${filler} Talks resume in 2021, officials said.`;
  const found = findDates(text, SUNDAY);
  for (const d of found) assert.equal(text.slice(d.span.start, d.span.end), d.span.text);
  assert.deepEqual(
    found.map((d) => [d.span.text, d.value, d.rule]),
    [
      ["Saturday night", "2020-06-27", "date/weekday"],
      ["2 March 2020", "2020-03-02", "date/absolute"],
      ["2021", "2021", "date/year"],
    ],
  );
});

test("findDates: UTF-16 offsets hold after astral characters", () => {
  const text = "🔥🔥 Breaking: on Saturday night jets struck 🚀 the depot (27 April 2020).";
  const found = findDates(text, SUNDAY);
  assert.equal(found.length, 2);
  for (const d of found) assert.equal(text.slice(d.span.start, d.span.end), d.span.text);
});

test("findDates: text with no date-like word returns nothing", () => {
  assert.deepEqual(findDates("Gunmen attacked a police post, killing four officers.", SUNDAY), []);
  assert.deepEqual(findDates("", SUNDAY), []);
});

const PUBLISHED: [string, string | null][] = [
  ["2020-06-28", "2020-06-28"],
  ["2020-06-28T10:15:00Z", "2020-06-28"],
  ["2020-06-28T23:30:00+03:00", "2020-06-28"],
  ["2020-06-28 08:00", "2020-06-28"],
  ["2020-06-28T10:15:00.123Z", "2020-06-28"],
  ["Sun, 28 Jun 2020 10:00:00 GMT", "2020-06-28"],
  ["Sun, 28 Jun 2020 10:00:00 +0300", "2020-06-28"],
  ["28 June 2020", "2020-06-28"],
  ["2020-02-30", null],
  ["2020-13-01", null],
  ["2020-06-28T25:00:00Z", null],
  ["yesterday", null],
  ["", null],
  ["Sun, 31 Jun 2020 10:00:00 GMT", null],
];

for (const [value, want] of PUBLISHED) {
  test(`parsePublished: ${JSON.stringify(value)}`, () => {
    assert.equal(parsePublished(value), want);
  });
}

test("nothing is dated after publication: an ambiguous slash date turns day-first, a future date is no event date", () => {
  const slash = findDates("The attack on 4/3/21 killed two.", "2021-03-10");
  assert.equal(slash[0]?.value, "2021-03-04");
  assert.equal(slash[0]?.rule, "date/slash-dmy");
  assert.deepEqual(findDates("Elections are set for 25 December 2024.", "2024-03-10"), []);
  const dated = findDates("The vote of 25 December 2024 was annulled.", "2025-01-10");
  assert.equal(dated[0]?.value, "2024-12-25");
});

test("an ambiguous numeric date on the publication day read day-first is the dateline; otherwise month-first stays", () => {
  const cases: readonly (readonly [string, string, string])[] = [
    ["12-11-2019 The army said it shelled the hills.", "2019-11-12", "2019-11-12"],
    ["On 6/5/2019 the army shelled the hills.", "2019-06-06", "2019-06-05"],
    ["On 3/4/2020 gunmen raided a market.", "2020-05-20", "2020-03-04"],
  ];
  for (const [text, published, want] of cases) {
    assert.equal(findDates(text, published)[0]?.value, want, `${text} on ${published}`);
  }
});

test("a clock time before a dotted date is no year: nothing is dated before 1900", () => {
  const found = findDates("07.04.2017(updated 1404 07.04.2017) Jets struck a depot.", "2017-04-07");
  assert.ok(
    found.every((d) => (d.value ?? "").startsWith("2017")),
    JSON.stringify(found.map((d) => d.value)),
  );
});

test("contradictingDateline: the page's own date line near the top, never an entry's or an event's date", () => {
  const cases: [text: string, published: string, want: string | null][] = [
    ["Date of publication 7 July 2016 Jets struck the market on Monday.", "2016-04-12", "2016-07-07"],
    ["Posted on April 2 2017 by a staff writer. Shelling hit the town.", "2017-03-25", "2017-04-02"],
    [
      "Fighting kills 40 Monitor AFP Wednesday 25 Feb 2015 At least 40 fighters died.",
      "2015-02-15",
      "2015-02-25",
    ],
    ["12 February 2015 Fighters were pushed from the town.", "2015-02-12", null],
    ["On 27 April 2020, gunmen attacked a checkpoint.", "2020-04-28", null],
    ["01/05/2012: An explosive device detonated near a market.", "2012-01-06", null],
    ["Published 3 March 2009 Jets struck the town.", "2016-03-03", null],
    ["Jets struck the market on Monday, a monitor said on 7 July 2016.", "2016-04-12", null],
  ];
  for (const [text, published, want] of cases)
    assert.equal(contradictingDateline(text, published), want, text);
});

test("a clock time before a numeric date is no date of its own ('updated 1954 08.04.2017')", () => {
  const found = findDates("08.04.2017 (updated 1954 08.04.2017) Jets struck the town.", "2017-04-08");
  assert.ok(
    found.every((d) => d.value === "2017-04-08"),
    JSON.stringify(found.map((d) => d.value)),
  );
});
