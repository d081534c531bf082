import assert from "node:assert/strict";
import { test } from "node:test";
import { prometheusText, type Status, statusText } from "./metrics.js";

const status = (queue: Status["queue"]): Status => ({
  backend: "postgres",
  store: { articles: 12, reports: 30, events: 21, claims: 40, openFailures: 2 },
  runs: [],
  queue,
});

test("prometheusText: every metric has HELP and TYPE lines, queue samples carry queue and state labels", () => {
  const text = prometheusText(
    status({
      name: 'q"1',
      waiting: 5,
      active: 1,
      delayed: 2,
      failed: 3,
      completed: 40,
      completedPerSecond: 0.5,
      lagSeconds: 12.5,
    }),
  );
  const lines = text.trimEnd().split("\n");
  for (const name of new Set(lines.filter((l) => !l.startsWith("#")).map((l) => l.split(/[{ ]/)[0]))) {
    assert.ok(lines.includes(`# TYPE ${name} gauge`), `${name} has a TYPE line`);
    assert.ok(
      lines.some((l) => l.startsWith(`# HELP ${name} `)),
      `${name} has a HELP line`,
    );
  }
  assert.ok(lines.includes("sitrep_events 21"));
  assert.ok(lines.includes("sitrep_failures_open 2"));
  assert.ok(lines.includes('sitrep_queue_jobs{queue="q\\"1",state="waiting"} 5'));
  assert.ok(lines.includes('sitrep_queue_lag_seconds{queue="q\\"1"} 12.5'));
  assert.ok(text.endsWith("\n"));
});

test("prometheusText and statusText without a queue: store metrics only, and the text says ingest runs in process", () => {
  assert.ok(!prometheusText(status(null)).includes("sitrep_queue"));
  assert.match(statusText(status(null)), /queue: none \(REDIS_URL unset/);
  assert.match(statusText(status(null)), /12 articles, 30 reports, 21 events, 40 claims, 2 open failures/);
});
