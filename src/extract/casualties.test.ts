import assert from "node:assert/strict";
import { test } from "node:test";
import type { CasualtyMention } from "../model.js";
import { splitSentences } from "../nlp/sentences.js";
import { articleTotal, countedMentions, findCasualties } from "./casualties.js";

/** [span text, outcome, low, high, who, reportedBy, rule] of each mention, in text order. */
type Want = [string, CasualtyMention["outcome"], number, number | null, string | null, string | null, string];

function read(text: string): CasualtyMention[] {
  const found = findCasualties(text, splitSentences(text));
  for (const m of found) {
    assert.equal(text.slice(m.span.start, m.span.end), m.span.text, "mention span");
    if (m.reporterSpan)
      assert.equal(text.slice(m.reporterSpan.start, m.reporterSpan.end), m.reporterSpan.text);
  }
  return found;
}

// Fictional sentences in the styles of wire copy, monitors' notes and incident summaries, written for these tests.
const CASES: [text: string, want: Want[]][] = [
  [
    "At least six militia members were killed in the overnight raid, according to the Syrian Observatory for Human Rights.",
    [
      [
        "At least six militia members were killed",
        "killed",
        6,
        null,
        "militia members",
        "Syrian Observatory for Human Rights",
        "casualties/passive",
      ],
    ],
  ],
  // a casualty noun that names a figure counts nobody ("a heavy death toll"), while "one death" still counts
  ["The militia suffered a heavy death toll in the raids, and a casualty count is awaited.", []],
  [
    "The raid caused one death and two injuries.",
    [
      ["one death", "killed", 1, 1, null, null, "casualties/noun"],
      ["two injuries", "injured", 2, 2, null, null, "casualties/noun"],
    ],
  ],
  // copy stripped of its commas: the object ends where a source or a partitive apposition begins
  [
    "Mortar fire on the market killed seven traders two of them brothers a rescue group said on Monday.",
    [["killed seven traders", "killed", 7, 7, "civilians", null, "casualties/active"]],
  ],
  [
    "Shelling killed four farmers an official told reporters.",
    [["killed four farmers", "killed", 4, 4, "civilians", null, "casualties/active"]],
  ],
  // one victim and the others counted with them
  [
    "The driver was killed along with two other passengers when the bus hit a mine.",
    [
      [
        "The driver was killed along with two other passengers",
        "killed",
        3,
        3,
        null,
        null,
        "casualties/singular-along",
      ],
    ],
  ],
  // a year before a credit is no count of the victims named after it
  [
    "Smoke rises over the town on 1 May 2016 (AFP Photo) Ten civilians were killed on Tuesday.",
    [["Ten civilians were killed", "killed", 10, 10, "civilians", null, "casualties/passive"]],
  ],
  // "a large number" is a vague count, not one
  [
    "Jets struck the market killing a large number of civilians.",
    [["killing a large number of civilians", "killed", 2, null, "civilians", null, "casualties/active"]],
  ],
  // "claiming eight": a bare count after the verb that takes lives; "a further nine" counts nine
  [
    "A car bomb hit the square claiming eight and injuring 14 people.",
    [
      ["claiming eight", "killed", 8, 8, null, null, "casualties/active"],
      ["injuring 14 people", "injured", 14, 14, null, null, "casualties/active"],
    ],
  ],
  [
    "A further nine among them two medics were killed in the raids.",
    [["nine among them two medics were killed", "killed", 9, 9, null, null, "casualties/passive"]],
  ],
  // a partitive apposition inside the subject ("two of them children") leaves the count whole
  [
    "Four people two of them medics died in the shelling.",
    [["Four people two of them medics died", "killed", 4, 4, null, null, "casualties/passive"]],
  ],
  // a headline's present tense; a group's affiliation between the count and the verb
  [
    "Troops kill at least 40 fighters near the border.",
    [["kill at least 40 fighters", "killed", 40, null, "militants", null, "casualties/active"]],
  ],
  [
    "At least 30 fighters from the two rival armed groups were killed overnight.",
    [
      [
        "At least 30 fighters from the two rival armed groups were killed",
        "killed",
        30,
        null,
        "militants",
        null,
        "casualties/passive",
      ],
    ],
  ],
  // an intent to kill is no toll
  ["The group vowed to kill 50 soldiers.", []],
  // a date line's year before a spelled-out count is no count of its own
  [
    "Posted July 3 2019 Forty villagers were killed in the raid.",
    [["Forty villagers were killed", "killed", 40, 40, "civilians", null, "casualties/passive"]],
  ],
  [
    "Rebels accused the army of killing well over 200 villagers.",
    [["killing well over 200 villagers", "killed", 201, null, "civilians", null, "casualties/active"]],
  ],
  [
    "The blast caused no human casualties but damaged a mosque.",
    [["caused no human casualties", "killed", 0, 0, null, null, "casualties/none"]],
  ],
  // commas stripped: the source named right after the object ends a known victim phrase, nothing else does
  [
    "Mortars hit the hamlet killing three farmers relatives said.",
    [["killing three farmers", "killed", 3, 3, "civilians", null, "casualties/active"]],
  ],
  ["Mortars hit the hamlet killing three cousins although the council said more had died.", []],
  [
    "Jets struck a depot on Saturday night, killing at least nine people, a war monitor said on Sunday.",
    [["killing at least nine people", "killed", 9, null, null, null, "casualties/active"]],
  ],
  [
    "Gunmen stormed a police post in the north, killing 4 policemen.",
    [["killing 4 policemen", "killed", 4, 4, "policemen", null, "casualties/active"]],
  ],
  [
    "The air strike killed 12 people, state media reported.",
    [["killed 12 people", "killed", 12, 12, null, "state media", "casualties/active"]],
  ],
  [
    "Nineteen people died when the bus hit a roadside bomb, the health ministry said.",
    [["Nineteen people died", "killed", 19, 19, null, "health ministry", "casualties/passive"]],
  ],
  [
    "The car bomb exploded outside the market, leaving three dead.",
    [["three dead", "killed", 3, 3, null, null, "casualties/passive"]],
  ],
  [
    "The death toll from Tuesday's bombing rose to 57, the SOHR said.",
    [
      [
        "death toll from Tuesday's bombing rose to 57",
        "killed",
        57,
        57,
        null,
        "Syrian Observatory for Human Rights",
        "casualties/toll",
      ],
    ],
  ],
  [
    "The ambush claimed the lives of nine soldiers.",
    [["claimed the lives of nine soldiers", "killed", 9, 9, "soldiers", null, "casualties/active"]],
  ],
  [
    "3 militants and 1-2 policemen were killed in the exchange of fire.",
    [
      ["3 militants", "killed", 3, 3, "militants", null, "casualties/part"],
      ["3 militants and 1-2 policemen were killed", "killed", 4, 5, "mixed", null, "casualties/sum"],
      ["1-2 policemen", "killed", 1, 2, "policemen", null, "casualties/part"],
    ],
  ],
  [
    "The fighting led to the killing of 5 rebels and 2 soldiers, in the hills.",
    [
      ["the killing of 5 rebels and 2 soldiers", "killed", 7, 7, "mixed", null, "casualties/sum"],
      ["5 rebels", "killed", 5, 5, "militants", null, "casualties/part"],
      ["2 soldiers", "killed", 2, 2, "soldiers", null, "casualties/part"],
    ],
  ],
  [
    "On the march, 1 demonstrator was killed by police while at least 7 were injured.",
    [
      ["1 demonstrator was killed", "killed", 1, 1, "protesters", null, "casualties/passive"],
      ["at least 7 were injured", "injured", 7, null, null, null, "casualties/passive"],
    ],
  ],
  [
    "Artillery hit the square, wounding 10.",
    [["wounding 10", "injured", 10, 10, null, null, "casualties/active"]],
  ],
  [
    "Police fired tear gas and rubber bullets, injuring dozens.",
    [["injuring dozens", "injured", 24, null, null, null, "casualties/active"]],
  ],
  ["No casualties were reported.", [["No casualties", "killed", 0, 0, null, null, "casualties/none"]]],
  ["There were no immediate reports of casualties.", []],
  [
    "The drone killed a civilian near the border crossing.",
    [["killed a civilian", "killed", 1, 1, "civilians", null, "casualties/active"]],
  ],
  [
    "Two soldiers were killed when their vehicle struck a mine.",
    [["Two soldiers were killed", "killed", 2, 2, "soldiers", null, "casualties/passive"]],
  ],
  [
    "The attacker blew himself up at the gate, killing himself and a guard.",
    [["blew himself up", "killed", 1, 1, "perpetrator", null, "casualties/perpetrator"]],
  ],
  ["Monitors recorded 30 indirect fire attacks along the line.", []],
  ["Police detained 2 women in a village 5 km from Brigade 47 headquarters.", []],
  [
    "A 25-year-old man was killed in the shooting.",
    [["A 25-year-old man was killed", "killed", 1, 1, null, null, "casualties/passive"]],
  ],
  ["The fighting lasted two weeks.", []],
  ["Fatalities coded as 4.", []],
  [
    "Eight people were killed and 10 injured in the blast.",
    [
      ["Eight people were killed", "killed", 8, 8, null, null, "casualties/passive"],
      ["10 injured", "injured", 10, 10, null, null, "casualties/passive"],
    ],
  ],
  [
    "One person was killed in the explosion and 11 more were wounded.",
    [
      ["One person was killed", "killed", 1, 1, null, null, "casualties/passive"],
      ["11 more were wounded", "injured", 11, 11, null, null, "casualties/passive"],
    ],
  ],
  [
    "Militants ambushed a patrol, killed one gendarme and wounded another.",
    [
      ["killed one gendarme", "killed", 1, 1, "soldiers", null, "casualties/active"],
      ["wounded another", "injured", 1, 1, null, null, "casualties/active"],
    ],
  ],
  [
    "Six people were killed and three others injured, a hospital official said.",
    [
      ["Six people were killed", "killed", 6, 6, null, "officials", "casualties/passive"],
      ["three others injured", "injured", 3, 3, null, "officials", "casualties/passive"],
    ],
  ],
  [
    "A local official told Reuters that 14 people had been killed.",
    [["14 people had been killed", "killed", 14, 14, null, "officials", "casualties/passive"]],
  ],
  [
    "Reuters reported that fourteen fighters were killed in the clashes.",
    [["fourteen fighters were killed", "killed", 14, 14, "militants", "Reuters", "casualties/passive"]],
  ],
  [
    "Local sources said between 10 and 12 people were wounded.",
    [
      [
        "between 10 and 12 people were wounded",
        "injured",
        10,
        12,
        null,
        "local sources",
        "casualties/passive",
      ],
    ],
  ],
  [
    "The death toll stands at 23. It said 40 more were hurt.",
    [
      ["death toll stands at 23", "killed", 23, 23, null, null, "casualties/toll"],
      ["40 more were hurt", "injured", 40, 40, null, null, "casualties/passive"],
    ],
  ],
  [
    "The strike on Saturday night killed more than 20 people, including 8 children.",
    [["killed more than 20 people", "killed", 21, null, null, null, "casualties/active"]],
  ],
  [
    "Two officials sustained injuries in the attack.",
    [["Two officials sustained injuries", "injured", 2, 2, "officials", null, "casualties/passive"]],
  ],
  ["The clash resulted in 3 fatalities.", [["3 fatalities", "killed", 3, 3, null, null, "casualties/noun"]]],
  [
    "No one was hurt in the blast.",
    [
      ["No one was hurt", "killed", 0, 0, null, null, "casualties/none"],
      ["No one was hurt", "injured", 0, 0, null, null, "casualties/none"],
    ],
  ],
  [
    "Nobody was killed, police said.",
    [["Nobody was killed", "killed", 0, 0, null, "police", "casualties/none"]],
  ],
  [
    "Neither fatalities nor injuries were reported.",
    [
      ["Neither fatalities", "killed", 0, 0, null, null, "casualties/none"],
      ["nor injuries", "injured", 0, 0, null, null, "casualties/none"],
    ],
  ],
  [
    "Witnesses said dozens of people were wounded when security forces opened fire.",
    [["dozens of people were wounded", "injured", 24, null, null, "witnesses", "casualties/passive"]],
  ],
  [
    "Hundreds were injured in the stampede.",
    [["Hundreds were injured", "injured", 200, null, null, null, "casualties/passive"]],
  ],
  [
    "Seven people, including two children, were killed in the shelling.",
    [["Seven people, including two children, were killed", "killed", 7, 7, null, null, "casualties/passive"]],
  ],
  [
    "Three people, including the bomber, were killed.",
    [["Three people, including the bomber, were killed", "killed", 3, 3, null, null, "casualties/passive"]],
  ],
  [
    "In addition to the bomber, three people were killed at the gate.",
    [
      ["In addition to the bomber", "killed", 1, 1, "perpetrator", null, "casualties/perpetrator"],
      ["three people were killed", "killed", 3, 3, null, null, "casualties/passive"],
    ],
  ],
  [
    "Four of the assailants were killed in the firefight.",
    [["Four of the assailants were killed", "killed", 4, 4, "perpetrator", null, "casualties/passive"]],
  ],
  [
    "Six members of a family were killed when their house was hit.",
    [["Six members of a family were killed", "killed", 6, 6, null, null, "casualties/passive"]],
  ],
  [
    "Gunmen shot two brothers to death outside their home.",
    [["shot two brothers to death", "killed", 2, 2, "civilians", null, "casualties/active"]],
  ],
  [
    "Security forces shot dead a protester during the march.",
    [["shot dead a protester", "killed", 1, 1, "protesters", null, "casualties/active"]],
  ],
  [
    "The mayor, a former judge, was shot and killed on his way to work.",
    [["a former judge, was shot and killed", "killed", 1, 1, "officials", null, "casualties/singular"]],
  ],
  [
    "The soldier later died of his wounds.",
    [["The soldier later died", "killed", 1, 1, "soldiers", null, "casualties/singular"]],
  ],
  [
    "Nearly 30 people were killed, medics said.",
    [["Nearly 30 people were killed", "killed", 30, 30, null, "medics", "casualties/passive"]],
  ],
  [
    "Up to 12 civilians were wounded, the UN said.",
    [
      [
        "Up to 12 civilians were wounded",
        "injured",
        1,
        12,
        "civilians",
        "the United Nations",
        "casualties/passive",
      ],
    ],
  ],
  [
    "Fourteen Shia truck drivers were executed at the checkpoint.",
    [
      [
        "Fourteen Shia truck drivers were executed",
        "killed",
        14,
        14,
        "civilians",
        null,
        "casualties/passive",
      ],
    ],
  ],
  [
    "The explosion killed twenty-three people and wounded 1,200.",
    [
      ["killed twenty-three people", "killed", 23, 23, null, null, "casualties/active"],
      ["wounded 1,200", "injured", 1200, 1200, null, null, "casualties/active"],
    ],
  ],
  ["The attack killed two weeks of work.", []],
  ["The bombing killed 2 in the market.", [["killed 2", "killed", 2, 2, null, null, "casualties/active"]]],
  [
    "The raid left 5 people wounded, the army said.",
    [["5 people wounded", "injured", 5, 5, null, "the army", "casualties/passive"]],
  ],
  [
    "A child was injured by stray bullets.",
    [["A child was injured", "injured", 1, 1, "children", null, "casualties/passive"]],
  ],
  [
    "At least 23 soldiers and allied fighters were killed in the attack.",
    [
      [
        "At least 23 soldiers and allied fighters were killed",
        "killed",
        23,
        null,
        "mixed",
        null,
        "casualties/passive",
      ],
    ],
  ],
  ["Insurgents killed 15 livestock and burned 20 huts.", []],
  ["The group attempted to kill a local leader.", []],
  ["The march commemorated the death of a student last year.", []],
  [
    "On 3 May 2020, militants attacked a village (Dori), killed 1 resident and injured another.",
    [
      ["killed 1 resident", "killed", 1, 1, "civilians", null, "casualties/active"],
      ["injured another", "injured", 1, 1, null, null, "casualties/active"],
    ],
  ],
  [
    '"At least 40 people were killed," the Interior Ministry said in a statement.',
    [["At least 40 people were killed", "killed", 40, null, null, "interior ministry", "casualties/passive"]],
  ],
  [
    "The official death toll was 31 but activists put it at more than 50.",
    [
      ["death toll was 31", "killed", 31, 31, null, null, "casualties/toll"],
      ["put it at more than 50", "killed", 51, null, null, null, "casualties/toll"],
    ],
  ],
  [
    "Officials said 12 people had died. The Red Crescent later put the toll at 17.",
    [
      ["12 people had died", "killed", 12, 12, null, "officials", "casualties/passive"],
      ["toll at 17", "killed", 17, 17, null, null, "casualties/toll"],
    ],
  ],
  [
    "The shelling killed several civilians, rescuers said.",
    [["killed several civilians", "killed", 3, null, "civilians", "medics", "casualties/active"]],
  ],
  [
    "More than 20 people were wounded, the ministry of health said, and 6 of them remain in a serious state.",
    [
      [
        "More than 20 people were wounded",
        "injured",
        21,
        null,
        null,
        "health ministry",
        "casualties/passive",
      ],
    ],
  ],
];

for (const [text, want] of CASES) {
  test(`findCasualties: ${JSON.stringify(text)}`, () => {
    assert.deepEqual(
      read(text).map((m) => [m.span.text, m.outcome, m.low, m.high, m.who, m.reportedBy, m.rule]),
      want,
    );
  });
}

test("findCasualties: a sentence continuing an attribution takes its reporter", () => {
  const text =
    "The Syrian Observatory for Human Rights reported heavy shelling on the town. It said 17 civilians were killed.";
  const found = read(text);
  assert.equal(found.length, 1);
  assert.equal(found[0]?.reportedBy, "Syrian Observatory for Human Rights");
  assert.equal(found[0]?.reporterSpan?.text, "The Syrian Observatory for Human Rights");
});

test("findCasualties: without a continuation cue the previous reporter is not carried over", () => {
  const text = "State media reported heavy shelling on the town. Seventeen civilians were killed.";
  assert.equal(read(text)[0]?.reportedBy, null);
});

test("findCasualties: conflicting figures in one article stay separate mentions", () => {
  const text =
    "The health ministry said 12 people were killed in the strike.\n\nThe Syrian Observatory for Human Rights said 19 people were killed.";
  const found = read(text);
  assert.deepEqual(
    found.map((m) => [m.low, m.reportedBy]),
    [
      [12, "health ministry"],
      [19, "Syrian Observatory for Human Rights"],
    ],
  );
});

test("findCasualties: offsets are article offsets, also after astral characters", () => {
  const text = "🚨🚨 BREAKING 🚨\n\nAt least 14 people were killed in the blast, police said.";
  const found = read(text);
  assert.equal(found[0]?.span.text, "At least 14 people were killed");
  assert.equal(found[0]?.reportedBy, "police");
});

test("countedMentions: a summed group stands in for its parts", () => {
  const found = read("2 soldiers and 3 militants were killed.");
  assert.deepEqual(
    countedMentions(found).map((m) => [m.low, m.who, m.rule]),
    [[5, "mixed", "casualties/sum"]],
  );
});

test("articleTotal: adds figures, but a summary equal to the running total restates it", () => {
  const text = "Two gang members were killed in the raid. A bystander was killed later. 3 fatalities.";
  assert.deepEqual(articleTotal(read(text), "killed"), { low: 3, high: 3 });
  assert.equal(articleTotal(read(text), "injured"), null);
  assert.deepEqual(
    articleTotal(read("In addition to the bomber, three people were killed at the gate."), "killed"),
    {
      low: 4,
      high: 4,
    },
  );
});

test("findCasualties: no sentences, no mentions", () => {
  assert.deepEqual(findCasualties("Twelve people were killed.", []), []);
  assert.deepEqual(read(""), []);
});
