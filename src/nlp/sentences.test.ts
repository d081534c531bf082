import assert from "node:assert/strict";
import { test } from "node:test";
import { splitSentences } from "./sentences.js";

test("sentences carry exact offsets and paragraphs", () => {
  const text =
    "DAMASCUS, May 2 (Example Wire) - Shelling hit the town. Two people died.\n\nThe U.S. military said it struck a depot.\nREAD MORE: unrelated";
  const sentences = splitSentences(text);
  for (const s of sentences) assert.equal(text.slice(s.start, s.end), s.text);
  assert.deepEqual(
    sentences.map((s) => [s.paragraph, s.text]),
    [
      [0, "DAMASCUS, May 2 (Example Wire) - Shelling hit the town."],
      [0, "Two people died."],
      [1, "The U.S. military said it struck a depot."],
      [2, "READ MORE: unrelated"],
    ],
  );
});

test("text with non-BMP characters and odd spacing keeps offsets right", () => {
  const text = "Rockets 🚀 hit   Kharkiv overnight.  Nobody was hurt.";
  const sentences = splitSentences(text);
  assert.ok(sentences.length >= 1);
  for (const s of sentences) assert.equal(text.slice(s.start, s.end), s.text);
});

test("empty text has no sentences", () => {
  assert.deepEqual(splitSentences(""), []);
  assert.deepEqual(splitSentences("\n\n  \n"), []);
});

// Written for this project: each row is a text and the sentences it must split into.
const CASES: readonly (readonly [string, string, readonly string[]])[] = [
  [
    "plain boundary",
    "Shelling hit the town. Two people died.",
    ["Shelling hit the town.", "Two people died."],
  ],
  [
    "place name before the period",
    "Jets struck near Raqqa. A depot burned.",
    ["Jets struck near Raqqa.", "A depot burned."],
  ],
  ["title abbreviation", "Gen. Omar Said spoke. He denied it.", ["Gen. Omar Said spoke.", "He denied it."]],
  [
    "initials in a country name",
    "The U.S. military said it struck a depot.",
    ["The U.S. military said it struck a depot."],
  ],
  ["question then answer", "Who fired first? Nobody knows.", ["Who fired first?", "Nobody knows."]],
  [
    "closing quote stays with its sentence",
    '"We were hit," he said. "Then it stopped."',
    ['"We were hit," he said.', '"Then it stopped."'],
  ],
  [
    "missing space after a period",
    "Three were hurt.The patrol pulled back.",
    ["Three were hurt.", "The patrol pulled back."],
  ],
  ["count glued after a period", "No motive was given.4 dead.", ["No motive was given.", "4 dead."]],
  [
    "time of day is no boundary",
    "The blast came at 3.20pm on Friday.",
    ["The blast came at 3.20pm on Friday."],
  ],
  [
    "decimal is no boundary",
    "The toll rose by 2.5 percent. Officials said so.",
    ["The toll rose by 2.5 percent.", "Officials said so."],
  ],
  [
    "web address is no boundary",
    "See www.example.org for more. Then call.",
    ["See www.example.org for more.", "Then call."],
  ],
  [
    "state abbreviation mid-sentence",
    "Rep. Jane Doe, D-N.Y., voted no.",
    ["Rep. Jane Doe, D-N.Y., voted no."],
  ],
  ["year before the period", "The war began in 2011. It goes on.", ["The war began in 2011.", "It goes on."]],
  [
    "acronym before the period",
    "Aid came from the UN. Trucks waited.",
    ["Aid came from the UN.", "Trucks waited."],
  ],
  ["lower-case after a period is one sentence", "He saw approx. ten trucks.", ["He saw approx. ten trucks."]],
  [
    "a list bullet after a stop opens the next item",
    "A convoy was hit. - On May 2 a depot burned. * Talks stalled.",
    ["A convoy was hit.", "- On May 2 a depot burned.", "* Talks stalled."],
  ],
];

for (const [name, text, expected] of CASES) {
  test(`sentences: ${name}`, () => {
    const found = splitSentences(text);
    assert.deepEqual(
      found.map((s) => s.text),
      expected,
    );
    for (const s of found) assert.equal(text.slice(s.start, s.end), s.text);
  });
}

test("sentences: a long text of lines without periods is split line by line", () => {
  const text = Array.from({ length: 20_000 }, (_, i) => `line ${i} without an end`).join("\n");
  const found = splitSentences(text);
  assert.equal(found.length, 20_000);
  assert.equal(found[19_999]?.paragraph, 19_999);
});

test("a tag list glued into the text is a sentence of its own", () => {
  const text =
    "Jets struck a clinic in Idlib province. Tags Syria Idlib airstrike Russia At least 12 people died in the strike on Saturday.";
  const pieces = splitSentences(text).map((s) => s.text);
  assert.deepEqual(pieces, [
    "Jets struck a clinic in Idlib province.",
    "Tags Syria Idlib airstrike Russia",
    "At least 12 people died in the strike on Saturday.",
  ]);
  for (const s of splitSentences(text)) assert.equal(text.slice(s.start, s.end), s.text);
  assert.equal(splitSentences("Tags on the trees were torn off. Nobody noticed.").length, 2);
  // A link teaser or a short-URL widget is a line of its own, cut from the story around it.
  const teasers: [text: string, want: string[]][] = [
    [
      "07.04.2017 Get short URL Topic Jets Strike Rebel Hideouts (20) The US jets hit a depot on Friday.",
      [
        "07.04.2017",
        "Get short URL Topic Jets Strike Rebel Hideouts (20)",
        "The US jets hit a depot on Friday.",
      ],
    ],
    [
      "Jets struck Hama. READ MORE WATCH Jets Pound Rebel Hideouts in Hama In a separate raid troops freed 12 hostages.",
      [
        "Jets struck Hama.",
        "READ MORE WATCH Jets Pound Rebel Hideouts in Hama",
        "In a separate raid troops freed 12 hostages.",
      ],
    ],
  ];
  for (const [text, want] of teasers)
    assert.deepEqual(
      splitSentences(text).map((s) => s.text),
      want,
    );
});

test("a page footer of links to other stories is one junk sentence to the end", () => {
  const text =
    "A car bomb killed 20 people in a market on Friday. The monitor said children were among the dead. " +
    "Source AFP Related News Jets kill 12 in Hama. Shelling hits Homs as talks stall. Follow us.";
  const pieces = splitSentences(text);
  assert.deepEqual(
    pieces.map((s) => s.text),
    [
      "A car bomb killed 20 people in a market on Friday.",
      "The monitor said children were among the dead.",
      "Source AFP",
      "Related News Jets kill 12 in Hama. Shelling hits Homs as talks stall. Follow us.",
    ],
  );
  for (const s of pieces) assert.equal(text.slice(s.start, s.end), s.text);
  // Early in a text the words are the article's own.
  assert.equal(
    splitSentences("Related News outlets said jets struck. The strike killed two. More news later.").length,
    3,
  );
});

test("a caption that ends in a photo credit is cut from the story glued after it", () => {
  const text =
    "A boy walks past rubble in Saraqib on May 1 2016 (Reuters Photo) Nine people were killed on Tuesday when jets struck the town. BEIRUT (AFP) - Shelling went on.";
  const pieces = splitSentences(text).map((s) => s.text);
  assert.deepEqual(pieces, [
    "A boy walks past rubble in Saraqib on May 1 2016 (Reuters Photo)",
    "Nine people were killed on Tuesday when jets struck the town.",
    "BEIRUT (AFP) - Shelling went on.",
  ]);
  for (const s of splitSentences(text)) assert.equal(text.slice(s.start, s.end), s.text);
});

test("a share widget's counters are a line of their own, not the count that opens the story", () => {
  const text = "11.03.2018 Get short URL 3 57 Rescuers said the toll of the raid rose to 20 on Friday.";
  const pieces = splitSentences(text).map((s) => s.text);
  assert.deepEqual(pieces, [
    "11.03.2018",
    "Get short URL 3 57",
    "Rescuers said the toll of the raid rose to 20 on Friday.",
  ]);
});
