import assert from "node:assert/strict";
import { test } from "node:test";
import { testArticle } from "../../test/support/article.js";
import type { Report } from "../model.js";
import { runPipeline } from "../pipeline.js";
import { defaultLexicons } from "./lexicon.js";

const ctx = { lexicons: defaultLexicons(), gazetteer: null };

function run(text: string, published: string | null = "2024-03-10") {
  const article = testArticle(text, published);
  return runPipeline(article, ctx).result;
}

const news = (events: readonly Report[]) => events.filter((e) => !e.is_background);

test("relative dates resolve into the past of the publication date", () => {
  const { events } = run("Militants attacked an army checkpoint on Saturday night, killing three soldiers.");
  assert.equal(events[0]?.date.value, "2024-03-09");
  assert.equal(events[0]?.date.precision, "day");
  assert.equal(events[0]?.fatalities?.low, 3);
});

test("without a publication date, relative dates stay unknown and the result says why", () => {
  const result = run("Militants attacked an army checkpoint on Saturday night.", null);
  assert.equal(result.events[0]?.date.precision, "unknown");
  assert.equal(result.events[0]?.date.value, null);
  assert.match(result.warnings.join("\n"), /published date missing/);
});

test("an event with no date of its own takes the date opening its paragraph", () => {
  const { events } = run(
    "On 4 March 2024, gunmen attacked a market in the town. Police later arrested two suspects in the district.",
  );
  const arrest = events.find((e) => e.sub_event_type === "Arrests");
  assert.equal(arrest?.date.value, "2024-03-04");
});

test("conflicting tolls in one article are separate claims, the low bound the smallest", () => {
  const { events } = run(
    "An air strike hit the camp on Friday. The health ministry said 31 people were killed. A monitoring group said 57 people were killed in the strike.",
  );
  const strike = news(events)[0];
  assert.deepEqual(
    strike?.fatalities?.claims.map((c) => c.low).sort((a, b) => a - b),
    [31, 57],
  );
  assert.equal(strike?.fatalities?.low, 31);
});

test("a vague toll is kept as a range and flagged for ACLED's export convention", () => {
  const { events } = run("Dozens of fighters were killed in clashes with the army on Tuesday.");
  const claim = events[0]?.fatalities?.claims[0];
  assert.equal(claim?.low, 24);
  assert.equal(claim?.high, null);
  assert.equal(claim?.vague, "dozens");
});

test("past events mentioned as context are background, the news is not", () => {
  const { events } = run(
    "A drone strike hit a car near the border on Thursday, killing two men.\nIn January 2020, a drone strike killed a senior commander at the airport.",
  );
  assert.equal(events.length, 2);
  assert.equal(events.filter((e) => e.is_background).length, 1);
  assert.equal(events.find((e) => e.is_background)?.date.value, "2020-01");
});

test("a separate story opened by 'In related news' is its own event", () => {
  const { events } = run(
    "Warplanes struck a depot on Monday.\nIn related news, gunmen ambushed a patrol and killed one soldier.",
  );
  assert.equal(news(events).length, 2);
});

test("a toll told as past context does not become the news event's toll", () => {
  const { events } = run(
    "An air strike killed four militiamen near the border on Saturday.\nOver the past months, such air strikes have killed dozens of fighters.",
  );
  const strike = news(events)[0];
  assert.deepEqual(
    strike?.fatalities?.claims.map((c) => c.low),
    [4],
  );
});

test("a past-context toll with no event of its own does not reach the news event", () => {
  const { events } = run(
    "An air strike killed four militiamen near the border on Saturday.\nIn recent months, dozens of fighters have been killed.",
  );
  assert.deepEqual(
    news(events)[0]?.fatalities?.claims.map((c) => c.low),
    [4],
  );
});

test("an opening clause sets the time of its sentence: 'During the past weeks, ...' is context", () => {
  const { events } = run(
    "An air strike killed four militiamen near the border on Saturday.\nDuring the past weeks, air strikes have killed dozens of fighters.",
  );
  assert.deepEqual(
    news(events)[0]?.fatalities?.claims.map((c) => c.low),
    [4],
  );
});
