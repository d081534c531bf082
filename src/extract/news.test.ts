// Real-news phenomena, one kind per table row: totals and patterns that are no event, a second event told
// apart, the day a source spoke, the hospital the wounded reached. Every sentence is written for Sitrep.
import assert from "node:assert/strict";
import { test } from "node:test";
import { testArticle } from "../../test/support/article.js";
import { createMemoryGazetteer } from "../geocode/gazetteer.js";
import type { Place } from "../model.js";
import { runPipeline } from "../pipeline.js";
import { defaultLexicons } from "./lexicon.js";
import { eventPlaces } from "./index.js";

/** Real places (GeoNames ids, coordinates rounded) for the fictional sentences below. */
function town(id: string, name: string, lat: number, lon: number, admin1: string, population: number): Place {
  const base = { id, name, lat, lon, country_code: "SY", country: "Syria", admin1, admin2: null };
  return { ...base, feature_class: "P", feature_code: "PPL", population };
}
const PLACES: Place[] = [
  {
    ...town("geonames:163843", "Syria", 35, 38, "", 22_000_000),
    admin1: null,
    feature_class: "A",
    feature_code: "PCLI",
  },
  town("geonames:174448", "Albu Kamal", 34.45, 40.92, "Deir ez-Zor", 57_000),
  town("geonames:170794", "Deir ez-Zor", 35.34, 40.14, "Deir ez-Zor", 242_000),
  town("geonames:173655", "Ras al-Ayn", 36.85, 40.07, "Al-Hasakah", 29_000),
  town("geonames:173377", "Qamishli", 37.05, 41.23, "Al-Hasakah", 184_000),
  { ...town("geonames:173654", "Al-Hasakah", 36.5, 40.75, "Al-Hasakah", 188_000), feature_code: "PPLA" },
  {
    ...town("geonames:173813", "Al-Hasakah", 36.4, 40.9, "Al-Hasakah", 0),
    feature_class: "A",
    feature_code: "ADM1",
  },
  {
    ...town("geonames:276781", "Beirut", 33.89, 35.5, "Beyrouth", 1_916_000),
    country_code: "LB",
    country: "Lebanon",
  },
  {
    ...town("geonames:124665", "Mashhad", 36.3, 59.61, "Razavi Khorasan", 2_307_000),
    country_code: "IR",
    country: "Iran",
  },
];
PLACES.push({
  ...town("geonames:5273283", "Tomahawk", 45.47, -89.73, "Wisconsin", 3_400),
  country_code: "US",
  country: "United States",
});
const gazetteer = createMemoryGazetteer(PLACES, {
  alternates: {
    "geonames:174448": ["Abu Kamal"],
    "geonames:173654": ["Hasakah"],
    "geonames:173813": ["Hasakah"],
    "geonames:2635167": ["Britain"],
  },
  demonyms: { Syrian: "SY" },
  abbreviations: {},
});
const ctx = { lexicons: defaultLexicons(), gazetteer };

function run(text: string) {
  const article = testArticle(text);
  return runPipeline(article, ctx);
}

/** Events whose trigger lies in the given sentence of the text. */
function triggeredIn(text: string, sentence: string) {
  const at = text.indexOf(sentence);
  return run(text).result.events.filter((e) =>
    e.evidence.some((ev) => ev.field === "trigger" && ev.start >= at && ev.end <= at + sentence.length),
  );
}

const NEWS = "Jets struck a fuel depot near Abu Kamal on Saturday, killing four guards, a monitor said.";

test("totals over a war or a period and habitual patterns are no event, and their tolls are no claim", () => {
  const cases: [string, string][] = [
    [
      "a half-year total",
      "The two clinics recorded 290 wounded and 31 dead for the first six months of 2016.",
    ],
    ["a month's total", "In that month alone 400 patients were wounded and 40 died in the province."],
    ["cumulative since a year", "More than 9000 people have been killed in the province since 2015."],
    [
      "cumulative since an intervention",
      "Its aircraft have killed 1200 civilians since they first intervened.",
    ],
    ["war toll", "The war, which has killed hundreds of thousands of people, shows no sign of ending."],
    ["habitual", "The militia has repeatedly attacked convoys on the desert highway."],
    ["continuing pattern", "Air strikes and shelling have continued in the area since the truce."],
    ["campaign", "The coalition has been conducting air strikes against the group since the summer."],
    ["period total", "Two months of shelling and siege have emptied the old town."],
    [
      "a span's total",
      "Feuding between the two rebel factions in less than a month has killed some 300 fighters.",
    ],
    ["acknowledged total", "Last month the alliance acknowledged the deaths of 300 civilians in its raids."],
    ["aftermath", "Rescuers were recovering the bodies of those killed from the rubble."],
    ["bodies lifted", "Rescuers said three bodies were lifted from the rubble of the building."],
    ["a tally in the perfect", "At least 210 people have also been killed in clashes in the next province."],
    [
      "campaign being fought",
      "Two offensives are being fought against the group in the east of the province.",
    ],
    ["part of an operation", "The raids are part of the operation launched last month to clear the valley."],
    ["a month's fighting", "A month of infighting in the valley alone has killed nearly 300 fighters."],
    ["a toll over a war's length", "The group counted 23 medics killed in the country's 30-month war."],
    ["intermittent", "The two factions have since intermittently clashed near the dam."],
    [
      "a toll so far",
      "Over 700 people have so far been killed in the ongoing bombing campaign on the valley.",
    ],
  ];
  for (const [kind, sentence] of cases) {
    const text = `${NEWS} ${sentence}`;
    assert.deepEqual(triggeredIn(text, sentence), [], `${kind}: no event from "${sentence}"`);
    const news = run(text).result.events.filter((e) => !e.is_background);
    assert.equal(news.length, 1, `${kind}: the news event stays`);
    assert.equal(news[0]?.fatalities?.low, 4, `${kind}: the total is no claim of the news event`);
    const at = text.indexOf(sentence);
    const dropped = run(text).trace.stages.find((s) => s.stage === "extract/dropped")?.found as
      | { span: { start: number }; reason: string }[]
      | undefined;
    const inSentence = dropped?.filter((d) => d.span.start >= at) ?? [];
    assert.ok(
      inSentence.length > 0 && inSentence.every((d) => /no single event|aggregate/.test(d.reason)),
      `${kind}: the drop and its reason are recorded for explain`,
    );
  }
});
test("a large toll in the perfect with a day of its own is still that day's event", () => {
  const text =
    "More than 120 people have been killed in air strikes on a market in Douma on Monday, a monitor said.";
  const [event] = run(text).result.events;
  assert.equal(event?.fatalities?.low, 121);
  // A deed named (air strikes near a town), not fighting at large, is an event even with no day of its own.
  const named = run(
    "Over 100 civilians have been killed in coalition air strikes near Manbij, a source said.",
  ).result.events;
  assert.equal(named[0]?.fatalities?.low, 101);
});

test("an event compared with the past or told with 'since' wording stays news", () => {
  const cases = [
    "A car bomb killed six people in Ras al-Ayn on Sunday, the deadliest attack in the town since 2019.",
    "A car bomb killed six people in Ras al-Ayn on Sunday, the third such bombing since January.",
  ];
  for (const text of cases) {
    const events = run(text).result.events.filter((e) => !e.is_background);
    assert.equal(events.length, 1, text);
    assert.equal(events[0]?.fatalities?.low, 6, text);
  }
});

test("a marker of another event ('a second', 'another') starts a new event of the same type", () => {
  const text =
    "A drone strike hit a truck near Abu Kamal on Saturday, killing two. Hours later another drone strike hit a car on the same road, killing three.";
  const strikes = run(text).result.events.filter((e) => e.sub_event_type === "Air/drone strike");
  assert.equal(strikes.length, 2);
  assert.deepEqual(strikes.map((e) => e.fatalities?.low).sort(), [2, 3]);
  // "killed in similar attacks on X" tells one more event; "one of five similar attacks" only compares.
  const similar = run(
    "Jets struck a market in Hajin on Monday, killing nine. Four more were killed in similar attacks on Abu Kamal.",
  ).result.events;
  assert.equal(similar.length, 2, JSON.stringify(similar.map((e) => e.location?.name)));
  const compared = run(
    "Jets struck a market in Hajin on Monday, killing nine. It was one of five similar attacks.",
  ).result.events;
  assert.equal(compared.length, 1);
});

test("the same type on the same day in two distant towns told apart is two events", () => {
  const text =
    "A car bomb exploded at a checkpoint in Ras al-Ayn on Sunday, killing five fighters. A car bomb also exploded outside a bakery in Abu Kamal on Sunday, killing three civilians.";
  const bombs = run(text).result.events.filter((e) => e.sub_event_type === "Remote explosive/landmine/IED");
  assert.deepEqual(bombs.map((e) => e.location?.name).sort(), ["Albu Kamal", "Ras al-Ayn"]);
});

test("a toll of its own in another province is another event, even in one sentence on one day", () => {
  const text =
    "Jets struck villages in Hasakah province on Sunday, killing three, while seven were killed on Sunday by air strikes near Deir ez-Zor.";
  const strikes = run(text).result.events.filter((e) => e.sub_event_type === "Air/drone strike");
  assert.deepEqual(strikes.map((e) => [e.location?.admin1, e.fatalities?.low]).sort(), [
    ["Al-Hasakah", 3],
    ["Deir ez-Zor", 7],
  ]);
});

test("a clause that tells another day tells another event, even of the same type in the same town", () => {
  const cases: readonly [string, number][] = [
    [
      "Jets struck a market in Deir ez-Zor on Saturday, killing nine people. On Friday, jets struck the same district, killing four.",
      2,
    ],
    // One reading over two days, or the day a source spoke, or the page's date line, is no second day.
    [
      "Jets struck Deir ez-Zor on Friday and Saturday, killing nine. The strikes on Saturday hit a bakery.",
      1,
    ],
    [
      "Jets struck Deir ez-Zor on Friday, killing nine. The monitor said on Saturday the strikes hit a bakery.",
      1,
    ],
    // A day used as a possessive names the event already told, whatever time zone its teller counts in.
    ["Jets struck Deir ez-Zor early on Saturday, killing nine. Friday's strikes hit a bakery.", 1],
  ];
  for (const [text, count] of cases) {
    const strikes = run(text).result.events.filter((e) => e.sub_event_type === "Air/drone strike");
    assert.equal(strikes.length, count, text);
  }
});

test("the day a source spoke is not the event's day when the text dates the event", () => {
  const { events } = run(
    "A monitor said on Saturday that jets had struck a bakery in Abu Kamal on Friday, killing six.",
  ).result;
  assert.equal(events[0]?.date.value, "2024-03-08");
});

test("the hospital the wounded reached is not the event's place", () => {
  const cases = [
    "A car bomb exploded in Ras al-Ayn on Sunday, killing five. The wounded were taken to hospitals in Hasakah.",
    "A car bomb exploded in Ras al-Ayn on Sunday. Twelve people were wounded and rushed to Al-Hasakah hospital.",
    "A car bomb exploded in Ras al-Ayn on Sunday. The wounded are being treated at a hospital in Hasakah.",
  ];
  for (const text of cases) {
    const events = run(text).result.events;
    assert.equal(events.length, 1, text);
    assert.equal(events[0]?.location?.name, "Ras al-Ayn", text);
  }
});

test("a hospital named without care for the wounded is where the event happened", () => {
  const cases = [
    "Nurses staged a protest at the main hospital in Qamishli, Hasakah province, on Sunday over unpaid wages.",
    "Jets struck a hospital in Qamishli, Hasakah province, on Sunday, killing three patients.",
  ];
  for (const text of cases) assert.equal(run(text).result.events[0]?.location?.name, "Qamishli", text);
});

test("'against' names a strike's target; only a protest makes a strike its topic", () => {
  const strike = run("The navy fired cruise missiles against an air base near Deir ez-Zor on Friday.").result
    .events;
  assert.equal(strike[0]?.sub_event_type, "Shelling/artillery/missile attack");
  const protest = run("Hundreds protested against the air strikes in Deir ez-Zor on Friday.").result.events;
  assert.deepEqual(
    protest.map((e) => e.event_type),
    ["Protests"],
  );
});

test("an embedded video's title is page chrome, not an event", () => {
  const text = `${NEWS} Blast hits border crossing - YouTube`;
  assert.deepEqual(triggeredIn(text, "Blast hits border crossing - YouTube"), []);
});

test("a photo caption is page chrome, not an event", () => {
  for (const caption of [
    "In this photo taken on March 2 rescuers help a man after warplanes attacked a street in Deir ez-Zor (AP Photo)",
    "Rescuers help a man after warplanes attacked a street in Deir ez-Zor (AFP photo) on Sunday",
  ]) {
    const text = `${NEWS} ${caption}.`;
    assert.deepEqual(triggeredIn(text, caption), [], caption);
  }
});

test("who takes ground decides regains or overtakes", () => {
  const cases: [string, string][] = [
    [
      "Government forces seized a rebel-held district of the city on Tuesday.",
      "Government regains territory",
    ],
    ["Rebels captured an army-held hill outside the town on Tuesday.", "Non-state actor overtakes territory"],
    ["Islamic State militants seized the air base on Tuesday.", "Non-state actor overtakes territory"],
    ["Rebels pushed north on Tuesday, capturing two villages.", "Non-state actor overtakes territory"],
    [
      "On Tuesday militants were seizing several districts, a monitor said.",
      "Non-state actor overtakes territory",
    ],
    ["The army takes control of the air base, state media said on Tuesday.", "Government regains territory"],
    ["Rebels announced the capture of the town on Tuesday.", "Non-state actor overtakes territory"],
    [
      "The army said on Tuesday three villages had been wrested back from the insurgents.",
      "Government regains territory",
    ],
    [
      "Troops have retaken two hilltops from the militants, the army said on Tuesday.",
      "Government regains territory",
    ],
  ];
  for (const [text, sub] of cases) assert.equal(run(text).result.events[0]?.sub_event_type, sub, text);
});

test("a place's participle ('a town retaken by the army') describes it: the sentence's own deed is the event", () => {
  const subs = run(
    "On Monday rescuers found the bodies of 20 villagers in a hill town retaken by the army from jihadists",
  ).result.events.map((e) => e.sub_event_type);
  assert.ok(!subs.includes("Government regains territory"), subs.join(", "));
  assert.ok(!subs.includes("Non-state actor overtakes territory"), subs.join(", "));
});

test("a deed named as the subject of a prospect is no event; the same gerund telling a deed is one", () => {
  assert.deepEqual(
    run("Capturing the whole town would give the army a road to the coast.").result.events,
    [],
  );
  assert.deepEqual(run("Taking the air base could take rebels months, analysts said.").result.events, []);
  assert.equal(
    run("Capturing the town on Tuesday, rebels drove the army back.").result.events[0]?.sub_event_type,
    "Non-state actor overtakes territory",
  );
});

test("a generic word for the doer attributes the event; only an unnamed doer leaves it unknown", () => {
  const cases: [string, string][] = [
    ["Terrorists fired mortar shells at a school in Deir ez-Zor on Monday.", "attributed"],
    ["Unidentified men fired mortar shells at a school in Deir ez-Zor on Monday.", "unknown"],
    ["Gunmen fired mortar shells at a school in Deir ez-Zor on Monday.", "unknown"],
  ];
  for (const [text, certainty] of cases)
    assert.equal(run(text).result.events[0]?.actor1?.certainty, certainty, text);
});

test("gas names are chemical weapons; a general statement about their use is no event", () => {
  const attack = run(
    "A chlorine gas attack on a village near Deir ez-Zor on Monday killed three people.",
  ).result;
  assert.equal(attack.events[0]?.sub_event_type, "Chemical weapon");
  const general = run(`${NEWS} Observers say toxic gas is being used across the region.`).result.events;
  assert.equal(general.filter((e) => e.sub_event_type === "Chemical weapon").length, 0);
});

test("a year in a date line is no toll", () => {
  const { events } = run(
    "12 March 2024 Rocket attack leaves two dead in Deir ez-Zor. Rockets hit a market on Tuesday.",
  ).result;
  assert.ok(events.length > 0);
  for (const e of events) assert.notEqual(e.fatalities?.low, 2024);
});

test("a weapon named in another clause does not retype the event", () => {
  const text =
    "Militants fired rocket shells at a school in Deir ez-Zor on Monday, killing a teacher. A sniper also shot a man dead in the old market.";
  const first = triggeredIn(
    text,
    "Militants fired rocket shells at a school in Deir ez-Zor on Monday, killing a teacher.",
  );
  assert.deepEqual(
    first.map((e) => e.sub_event_type),
    ["Shelling/artillery/missile attack"],
  );
});

test("a figure far below the event's largest toll is a part of it, not its low bound", () => {
  const text =
    "A car bomb killed 60 people in Ras al-Ayn on Sunday, the monitor said. Six of the victims were children.";
  const bomb = run(text).result.events[0];
  assert.equal(bomb?.fatalities?.low, 60);
  const rival = run(
    "A car bomb killed 40 people in Ras al-Ayn on Sunday. Medics said 57 people were killed.",
  ).result;
  assert.equal(rival.events[0]?.fatalities?.low, 40);
  assert.equal(rival.events[0]?.fatalities?.high, 57);
});

test("the dateline is where the story was filed, not where its event happened", () => {
  const cases = [
    "BEIRUT (Reuters) - Jets struck a fuel depot in Ras al-Ayn on Sunday, killing four guards.",
    "Last updated 12 March BEIRUT Jets struck a fuel depot on Sunday, killing four guards in Ras al-Ayn.",
  ];
  for (const text of cases) assert.equal(run(text).result.events[0]?.location?.name, "Ras al-Ayn", text);
});

test("a lone namesake abroad in a story told in one country is no event place", () => {
  const text =
    "Jets struck Deir ez-Zor on Monday, killing two. Shelling hit Albu Kamal on Monday. On Tuesday a barrel bomb hit the Mashhad district, killing five.";
  const places = run(text).result.events.map((e) => e.location?.country_code);
  assert.ok(places.length >= 2);
  assert.ok(!places.includes("IR"), JSON.stringify(places));
  // Named twice, it is still one lone namesake.
  const twice = `${text} Rescuers from Deir ez-Zor searched the Mashhad district for survivors.`;
  const again = run(twice).result.events.map((e) => e.location?.country_code);
  assert.ok(!again.includes("IR"), JSON.stringify(again));
});

test("a generic word for a side names the actor the event's country gives it", () => {
  const syria = run("Rebels shelled a checkpoint in Deir ez-Zor on Monday.").result.events[0];
  assert.equal(syria?.actor1?.name, "Syrian opposition");
  const elsewhere = runPipeline(testArticle("Rebels shelled a checkpoint on Monday."), {
    lexicons: defaultLexicons(),
    gazetteer: null,
  }).result.events[0];
  assert.equal(elsewhere?.actor1?.name, "Rebels");
});

test("a generic doer word followed by its group's name is that group", () => {
  const { events } = run(
    "Terrorists belonging to Jaish al-Islam shelled a school in Deir ez-Zor on Monday.",
  ).result;
  assert.equal(events[0]?.actor1?.name, "Jaish al-Islam");
  assert.equal(events[0]?.actor1?.certainty, "attributed");
});

test("violence whose doer is never named is an unidentified armed group's, certainty unknown", () => {
  const { events } = run("A bomb exploded at a bus station in Ras al-Ayn on Monday, killing three.").result;
  assert.equal(events[0]?.actor1?.name, "Unidentified Armed Group (Syria)");
  assert.equal(events[0]?.actor1?.certainty, "unknown");
  assert.ok(events[0]?.evidence.some((ev) => ev.field === "actor1" && ev.rule === "actor/unnamed-doer"));
});

test("a page counter glued before the toll is not the toll", () => {
  const { events } = run(
    "Views 1520 More than 40 civilians were killed in an air strike on Ras al-Ayn on Sunday.",
  ).result;
  assert.equal(events[0]?.fatalities?.low, 41);
});

test("two sub-types on one day in one town are two events; a generic retelling joins the event it retells", () => {
  const text =
    "Rebel shelling hit a district of Deir ez-Zor on Saturday, killing seven. Barrel bombs dropped from helicopters killed three people in Deir ez-Zor on Saturday. The strikes also destroyed a bakery.";
  const events = run(text).result.events;
  assert.deepEqual(events.map((e) => e.sub_event_type).sort(), [
    "Air/drone strike",
    "Shelling/artillery/missile attack",
  ]);
});

test("a place under bombardment for months, or shells that have hit a city, tell a pattern, not an event", () => {
  const cases = [
    "The district has been under heavy bombardment since February.",
    "A number of shells fired from the enclave have hit the capital.",
    "He condemned the gunmen who attack our villages with mortars.",
  ];
  for (const sentence of cases) assert.deepEqual(triggeredIn(`${NEWS} ${sentence}`, sentence), [], sentence);
});

test("an agreement is an event when it is reached, not when a deal is mentioned", () => {
  const reached = run("The two sides reached a truce in Ras al-Ayn on Sunday.").result.events;
  assert.deepEqual(
    reached.map((e) => e.sub_event_type),
    ["Agreement"],
  );
  const mentioned = run("Buses left Ras al-Ayn on Sunday under the evacuation deal.").result.events;
  assert.equal(mentioned.filter((e) => e.sub_event_type === "Agreement").length, 0);
});

test("an organisation's base ('Britain-based') is no event place", () => {
  const { events } = run(
    "Jets struck a market on Sunday, killing nine, the Britain-based monitor said.",
  ).result;
  assert.notEqual(events[0]?.location?.country_code, "GB");
});

test("a precedent more than a week old is background; one within the week is news", () => {
  const old = run("On 1 March 2024 jets struck a fuel depot near Abu Kamal, killing four guards.").result
    .events;
  assert.equal(old[0]?.is_background, true);
  const recent = run("On 5 March 2024 jets struck a fuel depot near Abu Kamal, killing four guards.").result
    .events;
  assert.equal(recent[0]?.is_background, false);
});

test("a town named with no toll or day of its own is one more place of the same wave", () => {
  const text =
    "Jets struck a depot near Deir ez-Zor early on Sunday, killing nine. Strikes also landed near Abu Kamal, the monitor said.";
  const strikes = run(text).result.events.filter((e) => e.sub_event_type === "Air/drone strike");
  assert.equal(strikes.length, 1);
});

test("a toll counted since a date or over a month is no event's toll, commas or not", () => {
  const cases = [
    "Since the truce collapsed on 3 March at least 300 civilians have been killed in the city.",
    "More than 100 civilians have been killed in February shelling of the city, officials said.",
  ];
  for (const sentence of cases) {
    const news = run(`${NEWS} ${sentence}`).result.events.filter((e) => !e.is_background);
    assert.deepEqual(
      news.map((e) => e.fatalities?.low),
      [4],
      sentence,
    );
  }
});

test("'another' before a count is no second event", () => {
  const text =
    "A car bomb exploded in Ras al-Ayn on Sunday. Three people died and another six were hurt in the blast.";
  const bombs = run(text).result.events;
  assert.equal(bombs.length, 1);
  assert.equal(bombs[0]?.fatalities?.low, 3);
});

test("in Syria the state media's 'terrorists' are the armed opposition, named by others", () => {
  const { events } = run("Terrorists fired rocket shells at a school in Deir ez-Zor on Monday.").result;
  assert.equal(events[0]?.actor1?.name, "Syrian opposition");
  assert.equal(events[0]?.actor1?.certainty, "attributed");
});

test("the page's printed date line yields to the day a source spoke of", () => {
  const { events } = run(
    "Published March 10 2024 Air strikes killed 20 civilians near Abu Kamal the monitor said yesterday.",
  ).result;
  assert.equal(events[0]?.date.value, "2024-03-09");
});

test("a weapon named in an attack's own clause types it: rockets at a base are shelling, not a clash", () => {
  const text = "On Sunday rebels targeted an army base near Deir ez-Zor with rockets.";
  const [event] = run(text).result.events;
  assert.equal(event?.sub_event_type, "Shelling/artillery/missile attack");
});

test("an armed side named as the doer of its own act tells an event, though the clause gives no day or town", () => {
  const text =
    "Jets struck a market in Deir ez-Zor on Saturday, killing nine people. Rebels then targeted an army base with rockets. The Nusra Front said it had shot down a helicopter.";
  const subs = run(text).result.events.map((e) => e.sub_event_type);
  assert.deepEqual(subs.sort(), [
    "Air/drone strike",
    "Disrupted weapons use",
    "Shelling/artillery/missile attack",
  ]);
  // An arrest after a protest is its policing, not an event of its own.
  const protest = run(
    "Hundreds of students marched in Deir ez-Zor on Saturday against rising prices. Police arrested two organisers.",
  ).result.events;
  assert.equal(protest.length, 1);
});

test("a side's act told again without a day or town retells its event, it is no second event", () => {
  const text =
    "Israeli jets struck a weapons depot near Deir ez-Zor on Saturday, killing nine fighters. Israeli forces engaged several targets, the army said.";
  assert.equal(run(text).result.events.length, 1);
});

test("an explosion that struck or rocked a place is a bombing, not an air strike", () => {
  const [event] = run(
    "A powerful explosion struck a bus station in Deir ez-Zor on Sunday, killing eight people.",
  ).result.events;
  assert.equal(event?.sub_event_type, "Remote explosive/landmine/IED");
});

test("an undated retelling of a precedent the article dates is that precedent, not news", () => {
  const text =
    "Inspectors say a nerve gas attack killed more than 300 people, a monitor said on Monday. The chemical attack near Deir ez-Zor on February 2 killed more than 300 people.";
  const events = run(text).result.events;
  assert.equal(events.filter((e) => !e.is_background).length, 0, JSON.stringify(events.map((e) => e.date)));
  // A new attack with a toll of its own stays news beside the precedent.
  const fresh = run(
    "A nerve gas attack killed 40 people, a monitor said on Monday. The chemical attack near Deir ez-Zor on February 2 killed more than 300 people.",
  ).result.events;
  assert.equal(fresh.filter((e) => !e.is_background).length, 1);
});

test("a date followed by a photo credit is a caption's date, not the event's", () => {
  const text =
    "Rescuers search the rubble in Deir ez-Zor March 1 2024 (Reuters) A car bomb exploded at a market in Deir ez-Zor, killing eleven people.";
  const [event] = run(text).result.events;
  assert.equal(event?.is_background, false);
  assert.notEqual(event?.date.value, "2024-03-01");
});

test("a bare toll with its own day joins the event a source spoke of, and its day is the event's", () => {
  const text =
    "Doctors found signs of nerve gas in victims of the attack, the health ministry said on Friday. At least 30 people were killed early on Tuesday in Deir ez-Zor.";
  const events = run(text).result.events;
  assert.equal(events.length, 1);
  assert.equal(events[0]?.sub_event_type, "Chemical weapon");
  assert.equal(events[0]?.date.value, "2024-03-05");
});

test("a weekday near the top of the page is a day the story tells, not its printed date line", () => {
  const text =
    "Jets struck Deir ez-Zor on Sunday, killing nine. On Saturday jets struck the same district, killing four.";
  const strikes = run(text).result.events.filter((e) => e.sub_event_type === "Air/drone strike");
  assert.equal(strikes.length, 2);
});

test("a car bomb and the suicide bomber who drove it are one event, typed by the suicide", () => {
  const text =
    "A car bomb killed at least 20 people in Deir ez-Zor on Sunday. Witnesses said a suicide bomber drove the car into a checkpoint.";
  const events = run(text).result.events;
  assert.deepEqual(
    events.map((e) => e.sub_event_type),
    ["Suicide bomb"],
  );
});

test("'the attack' retells an event: a town in its clause does not make it a new one", () => {
  const text =
    "A car bomb killed at least 20 people in Deir ez-Zor on Sunday. The group said the attack avenged raids on Albu Kamal.";
  assert.equal(run(text).result.events.length, 1);
});

test("a stated goal and a population's ordeal are no events", () => {
  for (const text of [
    "Envoys met in Beirut in a bid to ease the fighting between rebels and the army near Deir ez-Zor.",
    "Residents of eastern Deir ez-Zor continue to face heavy bombardment.",
  ]) {
    assert.equal(run(text).result.events.length, 0, text);
  }
});

test("a figure of another day, an earlier event or several days is not the event's toll", () => {
  const cases: [text: string, low: number | undefined][] = [
    [
      "Jets struck a fuel depot near Abu Kamal on Saturday killing four guards. On Friday 30 people were killed by jets in the same district.",
      4,
    ],
    [
      "Jets struck a fuel depot near Abu Kamal on Saturday killing four guards a day after militants killed 20 villagers there.",
      4,
    ],
    [
      "At least 50 fighters were killed in two days of clashes near Deir ez-Zor a monitor said on Sunday.",
      undefined,
    ],
  ];
  for (const [text, low] of cases) {
    const news = run(text).result.events.filter((e) => !e.is_background);
    assert.equal(news[0]?.fatalities?.low, low, text);
  }
});

test("an added, partial or revised figure does not bound the toll from below", () => {
  const cases: [text: string, low: number][] = [
    [
      "Jets killed 12 civilians in Abu Kamal on Saturday. Five civilians were also killed in similar raids nearby.",
      12,
    ],
    [
      "Clashes near Deir ez-Zor on Sunday left 40 dead. There were at least 15 dead among the brigade fighters.",
      40,
    ],
    [
      "An air strike killed 18 people in Abu Kamal on Saturday. The monitor raised its earlier death toll of 15.",
      18,
    ],
    [
      "Shelling killed 21 people in Douma on Monday. A preliminary casualty count from the shelling of the town said 14 people had died.",
      21,
    ],
  ];
  for (const [text, low] of cases) assert.equal(run(text).result.events[0]?.fatalities?.low, low, text);
});

test("a date told of the event beats the printed date line; an undated event takes the story's day", () => {
  const told = run(
    "Published March 10 2024 Air strikes hit Abu Kamal. The strikes on Friday killed six guards.",
  );
  assert.equal(told.result.events[0]?.date.value, "2024-03-08");
  const story = run(
    "A monitor said air strikes killed 20 people near Abu Kamal yesterday. Jets also struck a depot in Deir ez-Zor killing seven guards.",
  ).result.events;
  assert.deepEqual(
    story.map((e) => [e.location?.name, e.date.value]),
    [
      ["Albu Kamal", "2024-03-09"],
      ["Deir ez-Zor", "2024-03-09"],
    ],
  );
});

test("a chemical payload makes a strike a chemical weapon event", () => {
  const { events } = run("Helicopters dropped chlorine-filled barrel bombs on Ras al-Ayn on Monday.").result;
  assert.equal(events[0]?.sub_event_type, "Chemical weapon");
});

test("an event placed only in the country takes the article's town there", () => {
  const text =
    "A gas attack killed dozens of people in Syria, opposition groups said on Monday. Footage from districts east of Deir ez-Zor showed people choking.";
  const [event] = run(text).result.events;
  assert.equal(event?.location?.name, "Deir ez-Zor");
});

test("circumstances, states and campaigns around an event are no events of their own", () => {
  const cases: readonly [string, string][] = [
    [
      "context: 'amid ongoing X'",
      "Jets struck a bakery in Deir ez-Zor on Sunday, killing six, amid ongoing shelling of the city by the army.",
    ],
    ["a participle as an adjective", "The army toured the liberated districts of Deir ez-Zor on Sunday."],
    [
      "a kind of deed",
      "A car bomb killed six in Deir ez-Zor on Sunday and the council urged action to stop such shelling of the city.",
    ],
    [
      "a detail of the clashes",
      "A car bomb killed six in Deir ez-Zor on Sunday. Rebels seized weapons and ammunition during the clashes.",
    ],
    [
      "what people fled",
      "A car bomb killed six in Deir ez-Zor on Sunday as families fleeing fierce battles in the hills reached the town.",
    ],
    [
      "armed men marching",
      "A car bomb killed six in Deir ez-Zor on Sunday. On Monday rebel fighters marched five kilometres toward Albu Kamal.",
    ],
    [
      "a campaign pressed ahead",
      "A car bomb killed six in Deir ez-Zor on Sunday as the army pressed ahead with its offensive nearby.",
    ],
    [
      "'the new fatal bombings' retell the event",
      "A car bomb killed six in Deir ez-Zor on Sunday. The new fatal bombings come after army gains near Albu Kamal.",
    ],
  ];
  for (const [kind, text] of cases) {
    const events = run(text).result.events;
    assert.ok(events.length <= 1, kind);
    assert.ok(
      events.every(
        (e) => e.sub_event_type !== "Shelling/artillery/missile attack" && e.event_type !== "Battles",
      ),
      kind,
    );
  }
});

test("forces that drive a side out of a place take it: regains or overtakes by who drove whom", () => {
  const events = run("Government forces drove the rebels out of the town near Deir ez-Zor on Sunday.").result
    .events;
  assert.equal(events[0]?.sub_event_type, "Government regains territory");
});

test("a clause after 'a day after', 'two days after' or 'days after' tells days before the sentence's day", () => {
  const cases: [lapse: string, earlier: [start: string | null, end: string | null, precision: string]][] = [
    ["a day after", ["2024-03-09", "2024-03-09", "day"]],
    ["two days after", ["2024-03-08", "2024-03-08", "day"]],
    ["days after", ["2024-03-04", "2024-03-09", "week"]],
  ];
  for (const [lapse, earlier] of cases) {
    const text = `Jets struck Deir ez-Zor on Sunday, killing nine, ${lapse} militants killed 20 villagers near Albu Kamal.`;
    const events = run(text).result.events.map((e) => [e.date.start, e.date.end, e.date.precision]);
    assert.deepEqual(events.sort(), [earlier, ["2024-03-10", "2024-03-10", "day"]].sort(), lapse);
  }
});

test("an attack told days before its sentence's event is not a detail of that event", () => {
  const text =
    "10 Mar 2024 The blast happened as aid deliveries resumed four days after an attack on a convoy halted them. A car bomb had killed 30 people on the convoy near Albu Kamal on Wednesday. A bomb killed six people in Deir ez-Zor on Sunday.";
  const events = run(text).result.events.map((e) => [e.location?.name, e.date.value, e.fatalities?.low]);
  assert.deepEqual(events, [
    ["Deir ez-Zor", "2024-03-10", 6],
    ["Albu Kamal", "2024-03-06", 30],
  ]);
});

test("a doer noun ('gunmen') tells an event only with a deed in its sentence", () => {
  const cases: [text: string, events: number][] = [
    ["Some 40 gunmen had stayed in Albu Kamal on Sunday.", 0],
    ["Gunmen armed with rifles waited in Albu Kamal on Sunday.", 0],
    ["Gunmen stormed a checkpoint near Albu Kamal on Sunday.", 1],
    ["Unidentified gunmen targeted a patrol near Albu Kamal on Sunday.", 1],
  ];
  for (const [text, n] of cases) assert.equal(run(text).result.events.length, n, text);
});

test("a town that labels another event of its sentence ('the X bombing') is not where this one happened", () => {
  const cases: [text: string, place: string | undefined][] = [
    ["The Albu Kamal bombing prompted the army to launch missile strikes at a base on Sunday.", undefined],
    [
      "The Albu Kamal bombing prompted the army to launch missile strikes at a base in Syria on Sunday.",
      "Syria",
    ],
    ["The Albu Kamal bombing killed six people on Sunday.", "Albu Kamal"],
    ["Rockets hit Albu Kamal killing six people on Sunday.", "Albu Kamal"],
  ];
  for (const [text, place] of cases) {
    const article = `Jets struck Deir ez-Zor on Saturday. ${text}`;
    const events = triggeredIn(article, text);
    assert.equal(events.length, 1, text);
    assert.equal(events[0]?.location?.name, place, text);
  }
});

test("among equally specific places, the one inside the province the note names is the event's", () => {
  const area = (id: string, name: string, lat: number, lon: number, admin1: string, code: string): Place => ({
    id,
    name,
    lat,
    lon,
    country_code: "NG",
    country: "Nigeria",
    admin1,
    admin2: code === "ADM2" ? name : null,
    feature_class: "A",
    feature_code: code,
    population: 0,
  });
  const places = [
    { ...area("geonames:2328926", "Nigeria", 10, 8, "", "PCLI"), admin1: null },
    area("test:kaduna", "Kaduna", 10.3, 7.6, "Kaduna", "ADM1"),
    area("test:kaduna-north", "Kaduna North", 10.53, 7.44, "Kaduna", "ADM2"),
    area("test:tudun-wada-kano", "Tudun Wada", 11.25, 8.4, "Kano", "ADM2"),
  ];
  const local = { lexicons: defaultLexicons(), gazetteer: createMemoryGazetteer(places) };
  const text =
    "On 2 March 2024, gunmen attacked a police patrol near the cattle market of Tudun Wada (Kaduna North LGA, Kaduna).";
  const events = runPipeline(testArticle(text), local).result.events;
  assert.equal(events[0]?.location?.name, "Kaduna North");
});

test("a village abroad in a country the article never names is a namesake, not an event's place", () => {
  const text = "Jets struck Albu Kamal in Syria on Monday. Marwan is now in a coma.";
  const at = (word: string) => ({
    start: text.indexOf(word),
    end: text.indexOf(word) + word.length,
    text: word,
  });
  const resolution = (word: string, place: Place) => ({
    span: at(word),
    place,
    score: 1,
    geo_precision: 1 as const,
    rule: "name/exact",
    alternatives: [],
  });
  const syria = PLACES.find((p) => p.feature_code === "PCLI") as Place;
  const albuKamal = PLACES.find((p) => p.name === "Albu Kamal") as Place;
  const marwan: Place = {
    ...town("test:marwan-ro", "Marwan", 45.9, 24.9, "Sibiu", 900),
    country_code: "RO",
    country: "Romania",
  };
  const kept = eventPlaces(
    text,
    [resolution("Albu Kamal", albuKamal), resolution("Syria", syria), resolution("Marwan", marwan)],
    "SY",
  );
  assert.deepEqual(
    kept.map((r) => r.place.name),
    ["Albu Kamal", syria.name],
  );
});

test("a denied claim and a group's past deeds leave the doer unidentified", () => {
  const text =
    "A bomb exploded on a bus near Abu Kamal on Saturday, killing a driver. There was no immediate claim of " +
    "responsibility, but the Islamic State group has carried out similar bombings in the region before.";
  const events = run(text).result.events;
  assert.equal(events.length, 1, JSON.stringify(events.map((e) => e.sub_event_type)));
  assert.match(events[0]?.actor1?.name ?? "", /^Unidentified/);
  assert.equal(events[0]?.actor1?.certainty, "unknown");
});

test("what followed an event ('clashes then erupted') is an event of its own; a crowd's policing is not", () => {
  const kinds = (text: string) =>
    run(text)
      .result.events.map((e) => e.sub_event_type)
      .sort();
  assert.deepEqual(
    kinds(
      "A suicide bomber blew himself up at a checkpoint near Abu Kamal on Tuesday, killing nine people, a monitor " +
        "said. Heavy clashes then erupted between the militants and the guards.",
    ),
    ["Armed clash", "Suicide bomb"],
  );
  assert.equal(
    run(
      "Hundreds of students protested in Abu Kamal on Tuesday against rising prices. Police later fired tear gas.",
    ).result.events.length,
    1,
  );
});

test("a province named in the event's sentences makes its capital's bare name the province; 'X city' stays the city", () => {
  const place = (text: string) => run(text).result.events[0]?.location;
  const province = place(
    "A car bomb killed 12 people in Hasakah on Friday. The blast hit a camp in the east of Hasakah province.",
  );
  assert.equal(province?.geo_precision, 3, JSON.stringify(province));
  const city = place(
    "A car bomb killed 12 people in Hasakah city on Friday. The blast hit a market in Hasakah province.",
  );
  assert.equal(city?.geo_precision, 1, JSON.stringify(city));
});

test("a war-scale count with no cue of its own is no event's toll", () => {
  const text = `${NEWS} Some 210000 people are thought to have died in the conflict, and millions have fled.`;
  const events = run(text).result.events;
  assert.equal(events.length, 1);
  assert.equal(events[0]?.fatalities?.low, 4);
  assert.ok(events[0]?.fatalities?.claims.every((c) => c.low < 10_000));
});

test("the title repeated at the top of the text is a headline: the event is anchored in the body that tells it", () => {
  const title = "Rocket attack on a hotel housing aid staff in Abu Kamal";
  const text = `10 March 2024 ${title}. Militants on Saturday fired rockets at a hotel in Abu Kamal, damaging its upper floors.`;
  const events = runPipeline({ ...testArticle(text), title }, ctx).result.events;
  assert.equal(events.length, 1, JSON.stringify(events.map((e) => e.evidence[0]?.text)));
  const trigger = events[0]?.evidence.find((e) => e.field === "trigger");
  assert.ok((trigger?.start ?? 0) > text.indexOf(title) + title.length, JSON.stringify(trigger));
  assert.equal(events[0]?.date?.value, "2024-03-09");
});

test("another story's title-case headline glued into the text is no event; a wave on one named day is one", () => {
  const teaser = "Related Rebels Storm Army Base Near Abu Kamal Killing Dozens of Soldiers";
  const text = `${NEWS} ${teaser} Local reports said nothing more.`;
  assert.deepEqual(triggeredIn(text, teaser), []);
  const wave = run("On Saturday jets carried out a number of strikes on militant positions near Abu Kamal.");
  assert.equal(wave.result.events.length, 1);
  const counted = run("Jets have carried out a number of strikes on militant positions near Abu Kamal.");
  assert.equal(counted.result.events.length, 0);
});

test("a weapon named after a town abroad is no event place", () => {
  const text =
    "Warships fired Tomahawk cruise missiles at an air base on Friday, killing four guards, a monitor said.";
  const events = run(text).result.events;
  assert.equal(events.length, 1);
  assert.notEqual(events[0]?.location?.country_code, "US", JSON.stringify(events[0]?.location));
});

test("a participle that describes people ('soldiers captured while fleeing') is no event of its own", () => {
  const kinds = (text: string) => run(text).result.events.map((e) => e.sub_event_type);
  const captured = kinds(
    "Militants executed 40 soldiers captured while fleeing a base near Abu Kamal on Saturday, a monitor said.",
  );
  assert.deepEqual(captured, ["Attack"], "captives executed: violence against civilians, one event");
  const relative = kinds(
    "Gunmen shot dead a lawyer in Abu Kamal on Saturday who had been abducted for several days, a monitor said.",
  );
  assert.deepEqual(relative, ["Attack"]);
});

test("an aircraft brought down is the target of the downing, not an air strike of its own", () => {
  const kinds = (text: string) => run(text).result.events.map((e) => e.sub_event_type);
  assert.deepEqual(
    kinds(
      "A military helicopter that was shot down near Deir ez-Zor on Sunday crashed in a field, officials said.",
    ),
    ["Disrupted weapons use"],
  );
  assert.deepEqual(kinds("Rebels said they shot down a government warplane over Deir ez-Zor on Sunday."), [
    "Disrupted weapons use",
  ]);
  assert.deepEqual(
    kinds("Government warplanes struck a market in Deir ez-Zor on Sunday, killing six."),
    ["Air/drone strike"],
    "aircraft that strike stay a strike",
  );
});

test("fighting that flares up is a clash; a group named as another's modifier is not a party", () => {
  const [event] = run(
    "Fighting flared up near Deir ez-Zor on Sunday. The clashes pitted al-Qaeda's affiliate the Nusra Front against the al-Qaeda breakaway Islamic State of Iraq and the Levant.",
  ).result.events;
  assert.equal(event?.sub_event_type, "Armed clash");
  assert.equal(event?.actor1?.name, "Jabhat al-Nusra");
  assert.equal(event?.actor2?.name, "Islamic State");
});

test("a photo caption adds to the story's event but tells none of its own", () => {
  const story =
    "A woman is carried from the rubble of a clinic hit in Deir ez-Zor on Monday (AFP Photo) Jets struck a market in Albu Kamal on Tuesday, killing nine people, a monitor said.";
  const events = run(story).result.events;
  assert.equal(events.length, 1, JSON.stringify(events.map((e) => e.location?.name)));
  assert.equal(events[0]?.fatalities?.low, 9);
  const alone = run("A boy stands by a shelled house in Deir ez-Zor on Monday. (AFP)").result.events;
  assert.ok(alone.length <= 1, "a caption alone may stand for its article, nothing more");
});

test("what a group did when it held a town is background, not the news", () => {
  const events = run(
    "Militants shot dead nine farmers near Deir ez-Zor on Monday, a monitor said. When it controlled Albu Kamal the group beheaded 20 men in the main square.",
  ).result.events;
  const news = events.filter((e) => !e.is_background);
  assert.equal(news.length, 1);
  assert.equal(news[0]?.fatalities?.low, 9);
});

test("one attack that 'has claimed the lives of' its victims is told with its toll; a dateline's capital is no doer", () => {
  const [event] = run(
    "MOSCOW October 1 (RIA Novosti) - A double car bombing in Deir ez-Zor has claimed the lives of 18 civilians, a TV channel reported.",
  ).result.events;
  assert.equal(event?.fatalities?.low, 18);
  assert.notEqual(event?.actor1?.name, "Russia");
  const war = run(
    "A car bomb killed four people in Deir ez-Zor on Monday. The conflict that began in 2011 has claimed the lives of some 400000 people.",
  ).result.events;
  assert.deepEqual(
    war.map((e) => e.fatalities?.low),
    [4],
    "a war's toll in lives is no claim",
  );
});

test("a count taken out of the group told already ('22 of the fighters') is a share, not the toll", () => {
  const text =
    "At least 35 fighters were killed on Sunday in clashes around Kobane, a monitor said. At least 22 of the fighters were killed in fighting near the border.";
  const [event] = run(text).result.events.filter((e) => !e.is_background);
  assert.equal(event?.fatalities?.low, 35);
  assert.equal(event?.fatalities?.claims.length, 2, "the share stays a claim with its evidence");
});

test("a date in a 'where ... took place' clause is that other event's, not the news event's", () => {
  const text =
    "Air raids hit several villages near Hajin on Monday. Air raids also hit the outskirts of Abu Kamal where a deadly attack on a convoy took place on 3 March.";
  const news = run(text).result.events.filter((e) => e.sub_event_type === "Air/drone strike");
  assert.ok(news.length > 0);
  assert.ok(
    news.every((e) => !e.is_background && e.date.value !== "2024-03-03"),
    JSON.stringify(news.map((e) => [e.date.value, e.is_background])),
  );
});

test("'the bombing came two days after' counts back from the last day the text told", () => {
  const text =
    "A suicide bomber struck a checkpoint in Deir ez-Zor on Wednesday, killing eight. The bombing came two days after a roadside bomb hit a convoy near Ras al-Ayn, killing three soldiers.";
  const events = run(text).result.events;
  const ied = events.find((e) => e.location?.name === "Ras al-Ayn");
  assert.equal(
    ied?.date.value,
    "2024-03-04",
    JSON.stringify(events.map((e) => [e.date.value, e.location?.name])),
  );
  assert.equal(ied?.fatalities?.low, 3);
});

test("a deed a move 'could avert' is no event, whatever initialism stands between", () => {
  const text =
    "Jets struck a depot near Deir ez-Zor on Sunday. The plan came a day after a proposal that could avert possible U.S. military strikes.";
  assert.deepEqual(
    triggeredIn(
      text,
      "The plan came a day after a proposal that could avert possible U.S. military strikes.",
    ),
    [],
  );
});

test("a clause told days before its sentence ('a week after X') is another event, not a part of the sentence's news", () => {
  const text =
    "Jets struck a depot in Deir ez-Zor on Monday, killing four. Kurdish fighters seized a string of villages near Ras al-Ayn a week after the army recaptured the town from the jihadists.";
  const events = run(text).result.events;
  const seizure = events.find((e) => e.sub_event_type === "Non-state actor overtakes territory");
  const earlier = events.find((e) => e.sub_event_type === "Government regains territory");
  assert.equal(seizure?.date.value, "2024-03-04", JSON.stringify(events));
  assert.equal(earlier?.date.value, "2024-02-26", JSON.stringify(events));
});

test("a victim's past told in a relative clause is no event of its own", () => {
  const events = run(
    "Five people were killed in Albu Kamal on Monday, among them a teacher who had defected from the ruling party.",
  ).result.events;
  assert.deepEqual(
    events.map((e) => e.event_type),
    ["Violence against civilians"],
    JSON.stringify(events.map((e) => [e.event_type, e.sub_event_type])),
  );
});

test("a headline that tells the story in other words does not retype the body's event", () => {
  const title = "Troops shell Deir ez-Zor suburbs after gas attack claims";
  const text = `9 March 2024 ${title}. Army artillery shelled the eastern suburbs of Deir ez-Zor on Saturday, residents said.`;
  const events = runPipeline({ ...testArticle(text), title }, ctx).result.events;
  const news = events.filter((e) => !e.is_background);
  assert.deepEqual(
    news.map((e) => e.sub_event_type),
    ["Shelling/artillery/missile attack"],
    JSON.stringify(events.map((e) => [e.sub_event_type, e.evidence[0]?.text])),
  );
});
