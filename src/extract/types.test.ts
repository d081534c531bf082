import assert from "node:assert/strict";
import { test } from "node:test";
import { testArticle } from "../../test/support/article.js";
import { splitSentences } from "../nlp/sentences.js";
import { extractReports } from "./index.js";
import { defaultLexicons } from "./lexicon.js";

const lex = defaultLexicons();

function extract(text: string) {
  const article = testArticle(text);
  return extractReports(
    { article, sentences: splitSentences(text), dates: [], casualties: [], resolutions: [] },
    lex,
  );
}

// Sentence → the one event it reports (type / sub-type), written for these tests.
const TYPES: [string, string, string][] = [
  [
    "Eleven children were killed on Thursday in an attack carried out by militants.",
    "Violence against civilians",
    "Attack",
  ],
  [
    "Militants launched a rocket at the army post near the river on Monday.",
    "Explosions/Remote violence",
    "Shelling/artillery/missile attack",
  ],
  [
    "Fighters fired two Grad rockets into the market town on Monday.",
    "Explosions/Remote violence",
    "Shelling/artillery/missile attack",
  ],
  [
    "A rocket shell fired at the school killed two pupils on Monday.",
    "Explosions/Remote violence",
    "Shelling/artillery/missile attack",
  ],
  [
    "Militants slit the throats of four shepherds near the village on Monday.",
    "Violence against civilians",
    "Attack",
  ],
  [
    "The air force had targeted militant hideouts near the dam on Monday.",
    "Explosions/Remote violence",
    "Air/drone strike",
  ],
  [
    "The barrel bombing of the village killed six people on Monday.",
    "Explosions/Remote violence",
    "Air/drone strike",
  ],
  [
    "Two farmers were killed in government bombing on the village on Monday.",
    "Explosions/Remote violence",
    "Air/drone strike",
  ],
  ["Drivers did a motorcade through the city to demand relief payments.", "Protests", "Peaceful protest"],
  ["Hundreds demonstrated outside the governor's office on Sunday.", "Protests", "Peaceful protest"],
  [
    "Residents blocked two streets in the district to press for water deliveries.",
    "Protests",
    "Peaceful protest",
  ],
  ["Youths burned rubber tyres on the main road after the arrest.", "Riots", "Violent demonstration"],
  [
    "Monitors counted 40 projectiles/shots near the village.",
    "Explosions/Remote violence",
    "Shelling/artillery/missile attack",
  ],
  [
    "Police found and destroyed 300 opium plants in the hills.",
    "Strategic developments",
    "Looting/property destruction",
  ],
  [
    "Federal police seized two tonnes of smuggled cigarettes at a border post.",
    "Strategic developments",
    "Looting/property destruction",
  ],
  [
    "Members of the cartel delivered food packages to families in the town.",
    "Strategic developments",
    "Change to group/activity",
  ],
  [
    "The governor imposed a curfew on the district for three days.",
    "Strategic developments",
    "Change to group/activity",
  ],
  [
    "The army deployed fresh troops to the northern front.",
    "Strategic developments",
    "Change to group/activity",
  ],
  ["A ceasefire was agreed between the two militias in the town.", "Strategic developments", "Agreement"],
  [
    "Soldiers set up a new military camp near the river crossing.",
    "Strategic developments",
    "Headquarters or base established",
  ],
  [
    "Air defences intercepted two rockets over the port city.",
    "Strategic developments",
    "Disrupted weapons use",
  ],
  [
    "Troops found a large stockpile of weapons in a farmhouse.",
    "Strategic developments",
    "Disrupted weapons use",
  ],
  [
    "Government troops fired tanks at positions of the militia.",
    "Explosions/Remote violence",
    "Shelling/artillery/missile attack",
  ],
  ["Monitors recorded shots involving small arms near the village.", "Battles", "Armed clash"],
  ["A mustard gas attack hit the village at dawn.", "Explosions/Remote violence", "Chemical weapon"],
  ["Warplanes struck a fuel depot outside the town.", "Explosions/Remote violence", "Air/drone strike"],
  ["A drone strike hit a car on the coastal road.", "Explosions/Remote violence", "Air/drone strike"],
  [
    "Artillery shelling hit the eastern districts of the city.",
    "Explosions/Remote violence",
    "Shelling/artillery/missile attack",
  ],
  [
    "Rebels fired rockets at the army barracks.",
    "Explosions/Remote violence",
    "Shelling/artillery/missile attack",
  ],
  [
    "A roadside bomb exploded as the convoy passed.",
    "Explosions/Remote violence",
    "Remote explosive/landmine/IED",
  ],
  ["A suicide bomber blew himself up at the checkpoint.", "Explosions/Remote violence", "Suicide bomb"],
  ["An attacker threw a grenade into the crowded cafe.", "Explosions/Remote violence", "Grenade"],
  ["Chlorine gas attacks were reported in the suburb.", "Explosions/Remote violence", "Chemical weapon"],
  ["Government troops clashed with rebels near the bridge.", "Battles", "Armed clash"],
  ["Militants attacked a police post on the highway.", "Battles", "Armed clash"],
  [
    "The militia shot hundreds of missiles at army positions in the city.",
    "Explosions/Remote violence",
    "Shelling/artillery/missile attack",
  ],
  // Captives are no combatants: killing them is violence against civilians, and an execution is one too.
  [
    "The gunmen shot dead twelve soldiers taken hostage at the depot.",
    "Violence against civilians",
    "Attack",
  ],
  ["Insurgents killed four captured policemen near the dam.", "Violence against civilians", "Attack"],
  ["The group executed nine soldiers in a square of the town.", "Violence against civilians", "Attack"],
  ["The militia executed an attack on army positions near the dam.", "Battles", "Armed clash"],
  ["Gunmen attacked villagers returning from the market.", "Violence against civilians", "Attack"],
  [
    "Gunmen kidnapped twelve passengers from a bus.",
    "Violence against civilians",
    "Abduction/forced disappearance",
  ],
  ["The army recaptured the village after a week of fighting.", "Battles", "Government regains territory"],
  ["Insurgents seized the district headquarters.", "Battles", "Non-state actor overtakes territory"],
  ["Hundreds of teachers held a peaceful protest outside parliament.", "Protests", "Peaceful protest"],
  ["Police fired tear gas to disperse the demonstrators.", "Protests", "Protest with intervention"],
  [
    "Security forces opened fire on protesters, killing three.",
    "Protests",
    "Excessive force against protesters",
  ],
  ["Rioters threw stones at shops and torched two cars.", "Riots", "Violent demonstration"],
  ["A mob lynched a man accused of theft.", "Riots", "Mob violence"],
  ["Police arrested a local journalist at his home.", "Strategic developments", "Arrests"],
  ["Fighters looted shops in the market.", "Strategic developments", "Looting/property destruction"],
  [
    "Army engineers defused a bomb planted under a bridge.",
    "Strategic developments",
    "Disrupted weapons use",
  ],
  ["Dock workers went on strike over unpaid wages.", "Protests", "Peaceful protest"],
];

for (const [sentence, type, sub] of TYPES) {
  test(`type: ${sentence}`, () => {
    const { reports } = extract(sentence);
    assert.equal(reports.length, 1, `expected one event, found ${reports.length}`);
    assert.equal(reports[0]?.event_type, type);
    assert.equal(reports[0]?.sub_event_type, sub);
  });
}

// Sentences that report no event at all.
const NONE: [string, string][] = [
  ["The ministry did not strike any targets in the area.", "negated"],
  ["Officials warned that militants could attack the town.", "hypothetical"],
  ["No reports have emerged of strikes hitting the airport.", "negated"],
  ["Around 40 rocket attacks have been recorded since March.", "aggregate"],
  // Fixed bug: the counted noun after the trigger was outside the window the aggregate check read.
  ["A spokesman said some 25 indirect fire attacks were logged this year.", "aggregate"],
  ["READ MORE: Drone strike kills two in border town", "page junk"],
  ["The minister travelled to the front to visit troops.", "no trigger"],
  ["The envoy said the figures demonstrate that the talks have failed.", "'demonstrate' meaning show"],
];

for (const [sentence, why] of NONE) {
  test(`no event (${why}): ${sentence}`, () => {
    assert.deepEqual(
      extract(sentence).reports.map((r) => r.sub_event_type),
      [],
    );
  });
}

// Sentence → actor1 name and certainty.
const ACTORS: [string, string, string][] = [
  ["An alleged Israeli airstrike hit a weapons depot.", "Israel", "alleged"],
  ["State media said Russian jets bombed the market.", "Russia", "attributed"],
  ["The US military said it carried out an airstrike on the camp.", "United States", "confirmed"],
  ["Al Shabaab claimed responsibility for the car bomb.", "Al Shabaab", "claimed"],
  ["Unidentified gunmen attacked a police patrol.", "Unidentified Armed Group", "unknown"],
  ["The checkpoint was attacked by Taliban fighters overnight.", "Taliban", "attributed"],
];

for (const [sentence, name, certainty] of ACTORS) {
  test(`actor1: ${sentence}`, () => {
    const report = extract(sentence).reports[0];
    assert.equal(report?.actor1?.name, name);
    assert.equal(report?.actor1?.certainty, certainty);
  });
}

test("every evidence span of every report matches the text", () => {
  const text =
    "Suspected Turkish drones struck a village.\nPolice fired tear gas at protesters in the capital.\nREAD MORE: other news";
  const { reports } = extract(text);
  assert.ok(reports.length >= 1);
  for (const r of reports) for (const e of r.evidence) assert.equal(text.slice(e.start, e.end), e.text);
});
