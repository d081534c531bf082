// Who did it and how sure the text is, one kind per table row: the words around a mention say whether it is the
// doer, the target, a victim, a backer, a source or a place. Every sentence is written for Sitrep.
import assert from "node:assert/strict";
import { test } from "node:test";
import { testArticle } from "../../test/support/article.js";
import { createMemoryGazetteer } from "../geocode/gazetteer.js";
import type { Place } from "../model.js";
import { runPipeline } from "../pipeline.js";
import { defaultLexicons } from "./lexicon.js";
import { findActors } from "./mentions.js";

/** Real places (GeoNames ids, coordinates rounded) for the fictional sentences below. */
function town(id: string, name: string, lat: number, lon: number, admin1: string, population: number): Place {
  const base = { id, name, lat, lon, country_code: "SY", country: "Syria", admin1, admin2: null };
  return { ...base, feature_class: "P", feature_code: "PPL", population };
}
const gazetteer = createMemoryGazetteer(
  [
    town("geonames:173655", "Ras al-Ayn", 36.85, 40.07, "Al-Hasakah", 29_000),
    town("geonames:170794", "Deir ez-Zor", 35.34, 40.14, "Deir ez-Zor", 242_000),
  ],
  { alternates: {}, demonyms: {}, abbreviations: {} },
);
const ctx = { lexicons: defaultLexicons(), gazetteer };

/** The first event of a text, as the pipeline reports it. */
function first(text: string) {
  return runPipeline(testArticle(text), ctx).result.events[0];
}

// Sentence → what the words around the mentions make of actor1 (and actor2 where it matters).
const ROLES: [kind: string, text: string, actor1: string, actor2?: string][] = [
  [
    "a state's air force named by its adjective",
    "Twelve fighters were killed in Syrian air force raids near Deir ez-Zor on Sunday.",
    "Syrian government",
  ],
  [
    "a group's name with its Arabic article written apart ('Fateh Al Sham')",
    "Fateh Al Sham fighters attacked an army post near Deir ez-Zor on Monday.",
    "Jabhat Fateh al-Sham",
  ],
  [
    "a source that says the doer is not known outweighs the names it weighs",
    "Syrian and Russian warplanes bomb the province daily. Air strikes hit a market in Deir ez-Zor on Monday killing nine people, the monitor said, adding that it could not determine whether Russian or Syrian jets had flown the sortie.",
    "Unidentified Armed Group (Syria)",
  ],
  [
    "a doubt in another sentence leaves a doer named as the trigger's own",
    "Russian jets struck a bakery in Deir ez-Zor on Monday, activists said. The monitor said it did not know which aircraft carried out the strike.",
    "Russia",
  ],
  [
    "'regime' right before its deed is the state's forces (a row that looks past its match)",
    "A farmer was killed in regime bombing near Deir ez-Zor on Monday.",
    "Syrian government",
  ],
  [
    "a target after 'against' and a generic 'military' adjective are no doer",
    "Washington took its first military action against the Syrian army with missile strikes on an air base near Deir ez-Zor on Friday.",
    "United States",
  ],
  [
    "a backer ('backed by') and a target ('fighting X') are no doer",
    "Rebel fighters backed by Turkey and fighting ISIS militants seized a hill near Ras al-Ayn on Monday.",
    "Syrian opposition",
  ],
  [
    "a counted object of another deed is no doer",
    "The SDF killed 15 Islamic State fighters and seized two villages near Ras al-Ayn on Sunday.",
    "SDF",
  ],
  [
    "victims ('X were killed') are no doer; 'clashes with X' names a side",
    "Twelve soldiers were killed in clashes with Hezbollah fighters near Deir ez-Zor on Monday.",
    "Hezbollah",
  ],
  [
    "'clashes between A and B' gives A and B",
    "Clashes between Hezbollah and Islamic State fighters near Deir ez-Zor killed nine on Monday.",
    "Hezbollah",
    "Islamic State",
  ],
  [
    "a country word before a place noun is a place",
    "Near the Turkish border a bomb exploded in Ras al-Ayn on Monday, killing two.",
    "Unidentified Armed Group (Syria)",
  ],
  [
    "a state's possessive with its apostrophe stripped ('Syrias regime') names its forces",
    "Syrias regime killed at least 28 people in Ras al-Ayn on Saturday when its warplanes dropped bombs.",
    "Syrian government",
  ],
  [
    "a group's name before a generic word is that group, not the country's generic actor",
    "ISIS terrorists detonated a car bomb in Ras al-Ayn on Monday.",
    "Islamic State",
  ],
  [
    "a country's adjective before a deed names its forces",
    "Ten people were killed on Saturday in Syrian air strikes on Ras al-Ayn.",
    "Syrian government",
  ],
  [
    "only those who fly aircraft carry out air strikes",
    "Rebels fled as air strikes pounded Ras al-Ayn on Saturday.",
    "Unidentified Armed Group (Syria)",
  ],
  [
    "unidentified aircraft may carry out air strikes",
    "Unidentified aircraft bombed a depot in Ras al-Ayn on Sunday, the monitor said.",
    "Unidentified Armed Group (Syria)",
  ],
  [
    "a source telling that its own fighters did it is the doer, not a mere reporter",
    "The SDF said on its website that its fighters had seized two villages near Ras al-Ayn on Sunday.",
    "SDF",
  ],
  [
    "of doers named together the first is actor1",
    "The army and police arrested five men in Ras al-Ayn on Monday.",
    "Syrian government",
  ],
  [
    "a named group in a later sentence of the event beats a generic word",
    "Fierce clashes between militants broke out near Deir ez-Zor on Friday. The monitor said the clashes pitted the rebel faction Jaish al-Islam against Ahrar al-Sham.",
    "Jaish al-Islam",
  ],
  [
    "a state's name before a generic word is that state",
    "Turkish soldiers shelled a village near Ras al-Ayn on Monday.",
    "Turkey",
  ],
  [
    "a country word before a word for civilians only says whose they are",
    "Three Turkish civilians were killed in a rocket attack on a bus in Ras al-Ayn on Monday.",
    "Unidentified Armed Group (Syria)",
  ],
  [
    "generic forces 'of' a named state are that state's",
    "Military forces of Armenia fired on the positions of the forces of Azerbaijan near Ras al-Ayn on Monday.",
    "Military Forces of Armenia",
  ],
  [
    "a town that fell to a side was taken by that side, not from it",
    "The hilltop village near Deir ez-Zor fell to Assad regime forces on Tuesday.",
    "Syrian government",
  ],
  [
    "a doer after 'carried out by' with a hyphenated word before its name",
    "Nine farmers died on Monday in night raids carried out by the US-led international coalition near Deir ez-Zor.",
    "United States",
  ],
  [
    "a side whose fighting 'claimed the lives' of many is the target, not a source that claimed something",
    "Government troops fought heavy clashes with the Islamic State jihadists, which claimed the lives of 14 militants near Deir ez-Zor on Monday.",
    "Syrian government",
    "Islamic State",
  ],
  [
    "a country named as the other side of a border is a place, not the target",
    "Russian jets bombed a camp near Ras al-Ayn close to the border with Turkey on Monday, killing two guards.",
    "Russia",
    "",
  ],
  [
    "the group whose fighters were killed is the target, not the doer",
    "A suicide blast hit a checkpoint near Deir ez-Zor on Sunday killing nine fighters from Jaish al-Islam and wounding others.",
    "Unidentified Armed Group (Syria)",
    "Jaish al-Islam",
  ],
  [
    "a state's air forces in the plural are that state's, not the event country's forces",
    "Eleven farmers were killed in US Air Forces raids on a village near Deir ez-Zor on Monday.",
    "United States",
  ],
  [
    "an agentless passive deed later in the sentence is the doer's named earlier",
    "Islamic State gunmen seized a shopkeeper in a market of Deir ez-Zor on Monday and shot him dead in the square at noon, while two farmers were also executed in a nearby village.",
    "Islamic State",
    "Civilians (Syria)",
  ],
  [
    "a backer named after the doer is no target",
    "Government troops backed by Russia shelled positions near Deir ez-Zor on Monday.",
    "Syrian government",
    "",
  ],
  [
    "a side's building that was struck ('a police station') is no doer",
    "A truck bomb exploded outside a police station in Deir ez-Zor on Monday shortly before two suicide bombers blew themselves up, killing 17 people.",
    "Unidentified Armed Group (Syria)",
  ],
  [
    "in Syria 'militants' are the armed opposition",
    "Militants shelled a school in Deir ez-Zor on Monday.",
    "Syrian opposition",
  ],
];

for (const [kind, text, actor1, actor2] of ROLES) {
  test(`actor roles: ${kind}`, () => {
    const event = first(text);
    assert.equal(event?.actor1?.name, actor1, text);
    if (actor2 !== undefined) assert.equal(event?.actor2?.name ?? "", actor2, text);
  });
}

// Sentence → actor1 and its certainty, where the cue is not in the doer's own clause or not about the doer.
const CERTAINTY: [kind: string, text: string, actor1: string, certainty: string][] = [
  [
    "a group claiming the attack in a later sentence is its doer",
    "A car bomb exploded at a market in Ras al-Ayn on Monday, killing eight. Hours later Islamic State claimed responsibility for the attack.",
    "Islamic State",
    "claimed",
  ],
  [
    "no group claiming it leaves the doer unknown",
    "A car bomb exploded at a market in Ras al-Ayn on Monday, killing eight. No group has claimed responsibility.",
    "Unidentified Armed Group (Syria)",
    "unknown",
  ],
  [
    "others blaming a party in a later sentence name the doer, attributed",
    "A car bomb exploded at a market in Ras al-Ayn on Monday, killing eight. Officials blamed Islamic State for the attack.",
    "Islamic State",
    "attributed",
  ],
  [
    "an accusation of something else names no doer",
    "A car bomb exploded at a market in Ras al-Ayn on Monday, killing eight. Officials accused Hezbollah of smuggling arms.",
    "Unidentified Armed Group (Syria)",
    "unknown",
  ],
  [
    "an event the party's own outlet reports is claimed",
    "The SDF seized three villages near Ras al-Ayn on Friday. The Hawar news agency said the villages were cleared of mines.",
    "SDF",
    "claimed",
  ],
  [
    "a doubt about the toll far from the doer is no doubt about the doer",
    "A Russian air strike hit a bakery in the old quarter of Ras al-Ayn on Monday, and the number of dead is believed to have risen overnight.",
    "Russia",
    "attributed",
  ],
  [
    "a doubt next to the doer makes it alleged",
    "An air strike believed to have been carried out by Russia hit a bakery in Ras al-Ayn on Monday.",
    "Russia",
    "alleged",
  ],
  [
    "jets 'believed to belong' to a state are alleged",
    "Jets believed to belong to Russia struck a bakery in Ras al-Ayn on Monday.",
    "Russia",
    "alleged",
  ],
];

for (const [kind, text, actor1, certainty] of CERTAINTY) {
  test(`actor certainty: ${kind}`, () => {
    const event = first(text);
    assert.equal(event?.actor1?.name, actor1, text);
    assert.equal(event?.actor1?.certainty, certainty, text);
  });
}

test("a group's name before a generic word is one mention, and the same word later in the sentence is that group", () => {
  const text = "Soon after ISIS terrorists overran the base, 30 soldiers were executed by the terrorists.";
  const found = findActors({ start: 0, end: text.length, text }, defaultLexicons());
  assert.deepEqual(
    found.map((a) => [a.span.text, a.name]),
    [
      ["ISIS terrorists", "Islamic State"],
      ["soldiers", "Military Forces"],
      ["terrorists", "Islamic State"],
    ],
  );
});

test("in a one-sided deed the doer's own side named again is no target", () => {
  const strike = first(
    "Regime air raids on Deir ez-Zor killed 42 people on Friday, a monitor said of the Syrian government strikes.",
  );
  assert.equal(strike?.actor1?.name, "Syrian government");
  assert.notEqual(strike?.actor2?.name, "Syrian government");
});
