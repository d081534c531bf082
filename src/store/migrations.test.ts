import assert from "node:assert/strict";
import { test } from "node:test";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, Migrator, sql } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import type { FusedEvent } from "../model.js";
import { MIGRATIONS, migrateToLatest } from "./migrations.js";
import { reviewPriority } from "./review-queue.js";
import type { Database } from "./schema.js";

test("0003-events-background fills the new column from the events stored before it", async () => {
  const db = new Kysely<Database>({ dialect: new PGliteDialect(await PGlite.create("memory://")) });
  try {
    // The store as it was before the migration: migrated up to 0002 by the same migrator.
    const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ ...MIGRATIONS }) } });
    assert.equal((await migrator.migrateTo("0002-events-order")).error, undefined);
    const cases: [string, string, boolean][] = [
      ["ev-news", '{"is_background": false}', false],
      ["ev-past", '{"is_background": true}', true],
      ["ev-old", "{}", false],
    ];
    for (const [id, data] of cases) {
      await sql`insert into events (id, data, event_type, sub_event_type, status, report_count)
        values (${id}, ${data}::jsonb, 'Battles', 'Armed clash', 'auto', 1)`.execute(db);
    }
    assert.equal((await migrator.migrateTo("0003-events-background")).error, undefined);
    const rows = await db.selectFrom("events").select(["id", "is_background"]).orderBy("id").execute();
    assert.deepEqual(
      rows.map((r) => [r.id, r.is_background]),
      cases.map(([id, , flag]) => [id, flag]).sort(),
    );
  } finally {
    await db.destroy();
  }
});

test("0004-article-warnings gives the articles stored before it an empty warning list", async () => {
  const db = new Kysely<Database>({ dialect: new PGliteDialect(await PGlite.create("memory://")) });
  try {
    const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ ...MIGRATIONS }) } });
    assert.equal((await migrator.migrateTo("0003-events-background")).error, undefined);
    await sql`insert into articles (id, text, content_hash) values ('a-old', 'An older story.', 'h1')`.execute(
      db,
    );
    assert.equal((await migrator.migrateTo("0004-article-warnings")).error, undefined);
    const row = await db.selectFrom("articles").select(["id", "warnings"]).executeTakeFirstOrThrow();
    assert.deepEqual(row, { id: "a-old", warnings: [] });
  } finally {
    await db.destroy();
  }
});

test("0005-failure-file reads the file back from the origins of failures recorded before it", async () => {
  const db = new Kysely<Database>({ dialect: new PGliteDialect(await PGlite.create("memory://")) });
  try {
    const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ ...MIGRATIONS }) } });
    assert.equal((await migrator.migrateTo("0004-article-warnings")).error, undefined);
    const origins = ["in/a.jsonl:17", "feeds/b.xml#item3", "page.html", "https://x.example/p", "stdin:4"];
    for (const origin of origins) {
      await sql`insert into failures (origin, stage, reason) values (${origin}, 'read', 'bad')`.execute(db);
    }
    // The later migrations follow (each has its own test); these two come first.
    assert.deepEqual((await migrateToLatest(db, "public")).slice(0, 2), [
      "0005-failure-file",
      "0006-drop-candidate-geo",
    ]);
    const rows = await db.selectFrom("failures").select(["origin", "file"]).orderBy("id").execute();
    assert.deepEqual(
      rows.map((r) => r.file),
      ["in/a.jsonl", "feeds/b.xml", "page.html", null, null],
    );
  } finally {
    await db.destroy();
  }
});

test("0007-events-geo-precision reads the precision of the events stored before it from their locations", async () => {
  const db = new Kysely<Database>({ dialect: new PGliteDialect(await PGlite.create("memory://")) });
  try {
    const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ ...MIGRATIONS }) } });
    assert.equal((await migrator.migrateTo("0006-drop-candidate-geo")).error, undefined);
    const cases: [string, string, number | null][] = [
      ["ev-town", '{"location": {"geo_precision": 1}}', 1],
      ["ev-region", '{"location": {"geo_precision": 3}}', 3],
      ["ev-nowhere", '{"location": null}', null],
    ];
    for (const [id, data] of cases) {
      await sql`insert into events (id, data, event_type, sub_event_type, status, report_count)
        values (${id}, ${data}::jsonb, 'Battles', 'Armed clash', 'auto', 1)`.execute(db);
    }
    assert.equal((await migrator.migrateTo("0007-events-geo-precision")).error, undefined);
    const rows = await db.selectFrom("events").select(["id", "geo_precision"]).orderBy("id").execute();
    assert.deepEqual(
      rows.map((r) => [r.id, r.geo_precision]),
      cases.map(([id, , precision]) => [id, precision]).sort(),
    );
  } finally {
    await db.destroy();
  }
});

test("0009-event-redirects copies the reviews recorded before it into the audit trail", async () => {
  const db = new Kysely<Database>({ dialect: new PGliteDialect(await PGlite.create("memory://")) });
  try {
    const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ ...MIGRATIONS }) } });
    assert.equal((await migrator.migrateTo("0008-api-tokens")).error, undefined);
    const changes = [
      { at: "2030-03-04T10:00:00Z", field: "status", from: "auto", to: "reviewed", by: "ana" },
    ];
    await sql`insert into event_reviews (event_id, reviewer, reviewed_at, status, review, changes, note)
      values ('ev-1', 'ana', '2030-03-04T10:00:00Z', 'reviewed', '{}'::jsonb, ${JSON.stringify(changes)}::jsonb, 'checked')`.execute(
      db,
    );
    assert.equal((await migrator.migrateTo("0009-event-redirects")).error, undefined);
    const rows = await db
      .selectFrom("event_audit")
      .select(["event_id", "at", "by", "action", "reason", "changes"])
      .execute();
    assert.deepEqual(rows, [
      {
        event_id: "ev-1",
        at: "2030-03-04T10:00:00Z",
        by: "ana",
        action: "review",
        reason: "checked",
        changes: [{ field: "status", before: "auto", after: "reviewed" }],
      },
    ]);
  } finally {
    await db.destroy();
  }
});

test("0012-review-priority gives the events stored before it the priority the review queue's reasons give", async () => {
  const db = new Kysely<Database>({ dialect: new PGliteDialect(await PGlite.create("memory://")) });
  try {
    const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ ...MIGRATIONS }) } });
    assert.equal((await migrator.migrateTo("0011-events-overview")).error, undefined);
    const report = (margin: number | null) => ({
      report_id: "r",
      article_id: "a",
      outlet: null,
      url: null,
      published: null,
      fusion: margin === null ? null : { with: "r0", score: 7, rules: [], margin },
    });
    const clean = {
      fatalities: { low: 3, best: 3, high: 3 },
      actor1: { name: "Seed Army", certainty: "confirmed" },
      confidence: 0.9,
      date: { value: "2030-03-01", precision: "day" },
      location: { name: "Seedtown", geo_precision: 1 },
      reports: [report(null), report(4)],
    };
    const events: Record<string, unknown>[] = [
      clean,
      { ...clean, fatalities: { low: 8, best: 12, high: 40 }, confidence: 0.3 },
      { ...clean, actor1: null, date: { value: "2030-03", precision: "month" }, location: null },
      { ...clean, reports: [report(null), report(1)] },
    ];
    for (const [i, e] of events.entries()) {
      const f = e.fatalities as { low: number; high: number };
      await sql`insert into events (id, data, event_type, sub_event_type, status, report_count,
          fatalities_low, fatalities_high)
        values (${`ev-${i}`}, ${JSON.stringify(e)}::jsonb, 'Battles', 'Armed clash', 'auto', 2, ${f.low}, ${f.high})`.execute(
        db,
      );
    }
    assert.equal((await migrator.migrateTo("0012-review-priority")).error, undefined);
    const rows = await db.selectFrom("events").select(["id", "review_priority"]).orderBy("id").execute();
    const expected = events.map((e) => reviewPriority(e as unknown as FusedEvent));
    assert.deepEqual(
      rows.map((r) => r.review_priority),
      expected,
    );
    assert.deepEqual(expected, [0, 3 + 3 + 2, 2 + 1 + 1, 2], "each reason weighed once");
  } finally {
    await db.destroy();
  }
});
