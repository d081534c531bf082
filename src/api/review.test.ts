// Tokens, the review queue, corrections, merge and split through real HTTP on PGlite and PostgreSQL, with what
// re-fusion does to them (stable ids, redirects, decisions kept); auth rules in process.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadConfig } from "../config.js";
import type { FusedEvent } from "../model.js";
import { useTestApi } from "../../test/support/api.js";
import { BACKENDS, testArticle, testReport, type TestReportOptions } from "../../test/support/store.js";
import { createApi } from "./app.js";
import { bearerSecret, denial } from "./auth.js";
import { decodeQueueCursor, encodeQueueCursor } from "./routes/review.js";

/** One fictional article with one report, published on `published`. */
function story(id: string, published: string, o: TestReportOptions = {}) {
  return {
    article: testArticle(id, `Fictional wire item ${id} about a strike.`, { published }),
    reports: [testReport(`${id}-r`, o)],
  };
}

const FAR = { lat: -20, lon: 10, place: "Far Town" } as const;

interface HistoryEntry {
  id: number;
  at: string;
  by: string;
  action: string;
  reason: string | null;
  changes: { field: string; before: unknown; after: unknown }[];
}

for (const backend of BACKENDS) {
  describe(`review API on ${backend}`, () => {
    const api = useTestApi(backend, {
      tokens: { rita: "reviewer", rob: "reader", ada: "admin", gone: "reviewer" },
      seed: (t) => t.store.tokens.revoke("gone"),
    });
    const call = api.request;
    const ok = async <T>(res: Response): Promise<T> => {
      assert.equal(res.status, 200, await res.clone().text());
      return (await res.json()) as T;
    };
    const eventOf = async (reportId: string): Promise<FusedEvent> => {
      const all: FusedEvent[] = [];
      for await (const e of api.store.events.query({})) all.push(e);
      const found = all.find((e) => e.reports.some((r) => r.report_id === reportId));
      assert.ok(found, `an event holds ${reportId}`);
      return found;
    };
    const history = async (id: string) =>
      (await ok<{ entries: HistoryEntry[] }>(await call(`/api/v1/events/${id}/history`))).entries;

    test("whoami names the token; no, unknown or revoked tokens are 401; a reader may not write (403)", async () => {
      assert.deepEqual(await ok(await call("/api/v1/auth/whoami", { token: api.secrets.rita })), {
        name: "rita",
        role: "reviewer",
      });
      const list = await api.store.tokens.list();
      assert.ok(list.find((x) => x.name === "rita")?.last_used_at, "use is recorded");
      assert.ok(
        list.every((x) => !JSON.stringify(x).includes("stp_")),
        "no secret is listed",
      );
      await api.store.saveBatch([story("w-1", "2030-04-01", { lat: 1, lon: 1, place: "Auth Town" })]);
      const id = (await eventOf("w-1-r")).id;
      const patch = { status: "reviewed", reason: "checked" };
      const cases: readonly (readonly [string, string | undefined, number, string])[] = [
        ["/api/v1/auth/whoami", undefined, 401, "unauthorized"],
        ["/api/v1/auth/whoami", "stp_not-a-real-token", 401, "unauthorized"],
        ["/api/v1/auth/whoami", api.secrets.gone, 401, "unauthorized"],
      ];
      for (const [path, token, status, code] of cases) {
        const res = await call(path, { token });
        assert.equal(res.status, status, `${path} ${token}`);
        assert.equal(((await res.json()) as { error: { code: string } }).error.code, code);
      }
      for (const [token, status, code] of [
        [undefined, 401, "unauthorized"],
        [api.secrets.gone, 401, "unauthorized"],
        [api.secrets.rob, 403, "forbidden"],
      ] as const) {
        const res = await call(`/api/v1/events/${id}`, { method: "PATCH", token, json: patch });
        assert.equal(res.status, status, String(token));
        assert.equal(((await res.json()) as { error: { code: string } }).error.code, code);
      }
      assert.equal((await api.store.events.get(id))?.status, "auto", "nothing was written");
      const byAdmin = await ok<{ event: FusedEvent }>(
        await call(`/api/v1/events/${id}`, { method: "PATCH", token: api.secrets.ada, json: patch }),
      );
      assert.equal(byAdmin.event.status, "reviewed");
      assert.equal((await call("/api/v1/events")).status, 200, "reads are open by default");
    });

    test("with SITREP_API_READS=token reads need a token of any role (openapi.json stays open)", async () => {
      const config = loadConfig({ SITREP_API_READS: "token" });
      const app = createApi(api.store, config);
      assert.equal((await app.request("/api/v1/events")).status, 401);
      assert.equal((await app.request("/api/v1/openapi.json")).status, 200);
      assert.equal((await app.request("/healthz")).status, 200);
      const res = await app.request("/api/v1/events", {
        headers: { authorization: `Bearer ${api.secrets.rob}` },
      });
      assert.equal(res.status, 200);
      assert.throws(() => loadConfig({ SITREP_API_READS: "closed" }), /apiReads/);
    });

    test("PATCH applies a correction with the token's name and the reason; bad bodies are 400", async () => {
      await api.store.saveBatch([
        story("p-1", "2030-05-02", {
          day: "2030-05-01",
          lat: 2,
          lon: 2,
          place: "Patch Town",
          killed: [{ low: 4, high: null, by: "Monitor" }],
        }),
      ]);
      const id = (await eventOf("p-1-r")).id;
      const body = {
        fields: { fatalities: { best: 6, high: 6 }, actor1: { name: "Unknown gunmen" } },
        reason: "Hospital list",
      };
      const { event } = await ok<{ event: FusedEvent }>(
        await call(`/api/v1/events/${id}`, { method: "PATCH", token: api.secrets.rita, json: body }),
      );
      assert.equal(event.status, "reviewed", "a correction without a status confirms the event");
      assert.deepEqual(
        [event.fatalities?.best, event.fatalities?.high, event.actor1?.name],
        [6, 6, "Unknown gunmen"],
      );
      const [entry] = await history(id);
      assert.equal(entry?.action, "review");
      assert.equal(entry?.by, "rita");
      assert.equal(entry?.reason, "Hospital list");
      assert.deepEqual(
        entry?.changes.find((c) => c.field === "fatalities"),
        {
          field: "fatalities",
          before: { low: 4, best: 4, high: 4 },
          after: { low: 4, best: 6, high: 6 },
        },
      );
      const bad: readonly (readonly [unknown, RegExp])[] = [
        [{ status: "reviewed" }, /reason/],
        [{ status: "reviewed", reason: "  " }, /reason: expected why/],
        [{ reason: "nothing to do" }, /expected status or fields/],
        [{ status: "done", reason: "x" }, /status/],
        [{ fields: { colour: "red" }, reason: "x" }, /colour/],
        [{ fields: { fatalities: { low: 9, high: 3 } }, reason: "x" }, /low <= high/],
        [
          { fields: { event_type: "Battles", sub_event_type: "Air/drone strike" }, reason: "x" },
          /Explosions\/Remote violence/,
        ],
      ];
      for (const [b, message] of bad) {
        const res = await call(`/api/v1/events/${id}`, { method: "PATCH", token: api.secrets.rita, json: b });
        assert.equal(res.status, 400, JSON.stringify(b));
        assert.match(((await res.json()) as { error: { message: string } }).error.message, message);
      }
      const missing = await call("/api/v1/events/ev-none", {
        method: "PATCH",
        token: api.secrets.rita,
        json: { status: "rejected", reason: "x" },
      });
      assert.equal(missing.status, 404);
    });

    test("a correction survives an earlier-published report fusing into the event, which keeps its id", async () => {
      await api.store.saveBatch([
        story("c-2", "2030-06-03", { day: "2030-06-01", lat: 3, lon: 3, place: "Keep Town" }),
      ]);
      const id = (await eventOf("c-2-r")).id;
      await ok(
        await call(`/api/v1/events/${id}`, {
          method: "PATCH",
          token: api.secrets.rita,
          json: { fields: { fatalities: { low: 2, best: 2, high: 2 } }, reason: "count checked" },
        }),
      );
      // Published before c-2: before stable ids the event was re-keyed to this report's id.
      await api.store.saveBatch([
        story("c-1", "2030-06-02", { day: "2030-06-01", lat: 3, lon: 3, place: "Keep Town" }),
      ]);
      const now = await eventOf("c-1-r");
      assert.equal(now.id, id);
      assert.deepEqual(now.reports.map((r) => r.report_id).sort(), ["c-1-r", "c-2-r"]);
      assert.equal(now.fatalities?.best, 2);
      assert.equal(now.status, "reviewed");
    });

    test("merge: the survivor keeps its id, the other answers 308, and re-fusion keeps them merged", async () => {
      await api.store.saveBatch([
        story("m-1", "2030-07-02", { day: "2030-07-01", lat: 4, lon: 4, place: "Merge Town" }),
        story("m-2", "2030-07-02", { day: "2030-07-01", ...FAR }),
      ]);
      const [a, b] = [(await eventOf("m-1-r")).id, (await eventOf("m-2-r")).id];
      assert.notEqual(a, b);
      const bad = await call(`/api/v1/events/${a}/merge`, {
        method: "POST",
        token: api.secrets.rita,
        json: { other: a, reason: "x" },
      });
      assert.equal(bad.status, 400);
      const { event } = await ok<{ event: FusedEvent }>(
        await call(`/api/v1/events/${a}/merge`, {
          method: "POST",
          token: api.secrets.rita,
          json: { other: b, reason: "same raid, two places named" },
        }),
      );
      assert.equal(event.id, a);
      assert.deepEqual(event.reports.map((r) => r.report_id).sort(), ["m-1-r", "m-2-r"]);
      for (const suffix of ["", "/history"]) {
        const moved = await call(`/api/v1/events/${b}${suffix}?as_of=2031-01-01`);
        assert.equal(moved.status, 308, suffix);
        assert.equal(moved.headers.get("location"), `/api/v1/events/${a}${suffix}?as_of=2031-01-01`);
      }
      const followed = await ok<{ event: FusedEvent }>(
        await call(`/api/v1/events/${b}`, { redirect: "follow" }),
      );
      assert.equal(followed.event.id, a, "fetch follows the redirect to the survivor");
      const [entry] = (await history(a)).filter((e) => e.action === "merge");
      assert.deepEqual([entry?.by, entry?.reason], ["rita", "same raid, two places named"]);
      assert.deepEqual(
        entry?.changes.find((c) => c.field === "reports"),
        {
          field: "reports",
          before: ["m-1-r"],
          after: ["m-1-r", "m-2-r"],
        },
      );
      assert.deepEqual(entry?.changes[0], { field: "merged_from", before: null, after: b });
      // A new report of the far strike re-fuses the merged event: the person's merge holds.
      await api.store.saveBatch([story("m-3", "2030-07-03", { day: "2030-07-01", ...FAR })]);
      const again = await eventOf("m-3-r");
      assert.equal(again.id, a);
      assert.deepEqual(again.reports.map((r) => r.report_id).sort(), ["m-1-r", "m-2-r", "m-3-r"]);
    });

    test("split: the reports move to a new event, both record it, and re-fusion keeps them apart", async () => {
      await api.store.saveBatch([
        story("s-1", "2030-08-02", { day: "2030-08-01", lat: 5, lon: 5, place: "Split Town" }),
        story("s-2", "2030-08-02", { day: "2030-08-01", lat: 5, lon: 5, place: "Split Town" }),
      ]);
      const before = await eventOf("s-1-r");
      assert.equal(before.reports.length, 2, "the two reports fused");
      const errors: readonly (readonly [unknown, RegExp])[] = [
        [{ reports: ["nope"], reason: "x" }, /"nope" not in it/],
        [{ reports: ["s-1-r", "s-2-r"], reason: "x" }, /at least one report .* to stay/],
        [{ reports: [], reason: "x" }, /reports/],
      ];
      for (const [body, message] of errors) {
        const res = await call(`/api/v1/events/${before.id}/split`, {
          method: "POST",
          token: api.secrets.rita,
          json: body,
        });
        assert.equal(res.status, 400);
        assert.match(((await res.json()) as { error: { message: string } }).error.message, message);
      }
      const { events } = await ok<{ events: [FusedEvent, FusedEvent] }>(
        await call(`/api/v1/events/${before.id}/split`, {
          method: "POST",
          token: api.secrets.rita,
          json: { reports: ["s-2-r"], reason: "two strikes an hour apart" },
        }),
      );
      const [kept, created] = events;
      assert.equal(kept.id, before.id);
      assert.notEqual(created.id, before.id);
      assert.deepEqual(
        [kept.reports.map((r) => r.report_id), created.reports.map((r) => r.report_id)],
        [["s-1-r"], ["s-2-r"]],
      );
      const [keptEntry] = await history(kept.id);
      const [createdEntry] = await history(created.id);
      assert.deepEqual(
        [keptEntry?.action, keptEntry?.by, keptEntry?.reason],
        ["split", "rita", "two strikes an hour apart"],
      );
      assert.deepEqual(keptEntry?.changes[0], { field: "split_to", before: null, after: created.id });
      assert.deepEqual(createdEntry?.changes[0], { field: "split_from", before: null, after: kept.id });
      // A third report matching both: it joins one of them, and the two split reports stay apart.
      await api.store.saveBatch([
        story("s-3", "2030-08-03", { day: "2030-08-01", lat: 5, lon: 5, place: "Split Town" }),
      ]);
      const [one, two] = [await eventOf("s-1-r"), await eventOf("s-2-r")];
      assert.notEqual(one.id, two.id);
      assert.deepEqual([one.id, two.id].sort(), [kept.id, created.id].sort(), "both keep their ids");
      // Merging them back is the person's later decision, and it holds too.
      await ok(
        await call(`/api/v1/events/${kept.id}/merge`, {
          method: "POST",
          token: api.secrets.rita,
          json: { other: created.id, reason: "one strike after all" },
        }),
      );
      await api.store.saveBatch([
        story("s-4", "2030-08-04", { day: "2030-08-01", lat: 5, lon: 5, place: "Split Town" }),
      ]);
      const all = await eventOf("s-4-r");
      assert.deepEqual(all.reports.map((r) => r.report_id).sort(), ["s-1-r", "s-2-r", "s-3-r", "s-4-r"]);
    });

    test("the queue lists unreviewed events by priority with reasons, page by page", async () => {
      await api.store.saveBatch([
        story("q-1", "2030-09-02", {
          day: "2030-09-01",
          lat: 6,
          lon: 6,
          place: "Queue Town",
          killed: [{ low: 12, high: null, by: "Monitor" }],
        }),
        story("q-2", "2030-09-03", {
          day: "2030-09-01",
          lat: 6,
          lon: 6,
          place: "Queue Town",
          killed: [{ low: 40, high: null, by: "Ministry" }],
        }),
        story("q-3", "2030-09-02", { day: "2030-09-01", lat: 7, lon: 9, place: "Quiet Town" }),
      ]);
      const disputed = await eventOf("q-1-r");
      const quiet = await eventOf("q-3-r");
      const seen: (FusedEvent & { priority: number; reasons: string[] })[] = [];
      let cursor: string | null = null;
      do {
        const page: {
          events: (FusedEvent & { priority: number; reasons: string[] })[];
          next_cursor: string | null;
        } = await ok(await call(`/api/v1/review/queue?limit=2${cursor ? `&cursor=${cursor}` : ""}`));
        assert.ok(page.events.length <= 2);
        seen.push(...page.events);
        cursor = page.next_cursor;
      } while (cursor);
      const ids = seen.map((e) => e.id);
      assert.equal(new Set(ids).size, ids.length, "each event once");
      assert.ok(
        seen.every((e) => e.status === "auto"),
        "only unreviewed events",
      );
      const priorities = seen.map((e) => e.priority);
      assert.deepEqual(
        priorities,
        [...priorities].sort((x, y) => y - x),
        "highest priority first",
      );
      const d = seen.find((e) => e.id === disputed.id)!;
      const q = seen.find((e) => e.id === quiet.id)!;
      assert.deepEqual(
        d.reasons.filter((r) => ["tolls_disagree", "high_fatalities"].includes(r)),
        ["tolls_disagree", "high_fatalities"],
      );
      assert.ok(d.priority > q.priority, `${d.priority} > ${q.priority}`);
      assert.ok(!q.reasons.includes("tolls_disagree"));
      await ok(
        await call(`/api/v1/events/${disputed.id}`, {
          method: "PATCH",
          token: api.secrets.rita,
          json: { status: "reviewed", reason: "40 confirmed" },
        }),
      );
      const after = await ok<{ events: FusedEvent[] }>(await call("/api/v1/review/queue?limit=1000"));
      assert.ok(!after.events.some((e) => e.id === disputed.id), "a reviewed event leaves the queue");
      assert.equal((await call("/api/v1/review/queue?cursor=nonsense")).status, 400);
      assert.equal((await call("/api/v1/review/queue?limit=0")).status, 400);
    });
  });
}

test("auth rules: reads open or token-only; writes need reviewer or admin; malformed headers are refused", () => {
  const reader = { name: "r", role: "reader" } as const;
  const reviewer = { name: "v", role: "reviewer" } as const;
  const get = { method: "GET", path: "/api/v1/events" };
  const patch = { method: "PATCH", path: "/api/v1/events/x" };
  assert.equal(denial(null, get, "open"), null);
  assert.equal(denial(null, get, "token")?.code, "unauthorized");
  assert.equal(denial(reader, get, "token"), null);
  assert.equal(denial(null, patch, "open")?.code, "unauthorized");
  assert.equal(denial(reader, patch, "open")?.code, "forbidden");
  assert.equal(denial(reviewer, patch, "token"), null);
  assert.equal(denial(null, { method: "GET", path: "/api/v1/openapi.json" }, "token"), null);
  assert.equal(
    denial(null, { method: "OPTIONS", path: "/api/v1/events/x" }, "token"),
    null,
    "a CORS preflight",
  );
  assert.equal(bearerSecret(undefined), null);
  assert.equal(bearerSecret("Bearer stp_abc"), "stp_abc");
  assert.throws(() => bearerSecret("Basic dXNlcg=="), /Bearer <token>/);
});

test("a queue cursor round-trips; anything else is a bad_input naming the parameter", () => {
  assert.deepEqual(decodeQueueCursor(encodeQueueCursor({ priority: 7, id: "ev-1" })), {
    priority: 7,
    id: "ev-1",
  });
  for (const bad of ["", "bm90IGpzb24", Buffer.from('["7","x"]').toString("base64url")]) {
    assert.throws(() => decodeQueueCursor(bad), /cursor: expected/);
  }
});
