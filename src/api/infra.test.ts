// The API's infrastructure through real HTTP on PGlite and PostgreSQL: as_of on every read route, POST /articles
// through the real pipeline, request ids, access log, CORS, body limit, hostile parameters, the docs page.
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { useTestApi, withTestApi } from "../../test/support/api.js";
import { BACKENDS, seedMovedEvent } from "../../test/support/store.js";
import { loadConfig } from "../config.js";
import type { FusedEvent } from "../model.js";
import { accessLine } from "./middleware.js";
import { parseBody, touchedEvents } from "./routes/articles.js";

const ROOT = new URL("../..", import.meta.url).pathname;
const ENV = { SITREP_CACHE_DIR: join(ROOT, ".cache", "test") };

/** Fictional wire copy, our own words: a shelling with a toll in a real town the gazetteer knows. */
const SHELLING = {
  id: "post-1",
  url: "https://example.test/wire/post-1",
  outlet: "Example Wire",
  published: "2030-06-11",
  title: "Shelling kills four in Kharkiv",
  text: "KHARKIV, June 11 (Example Wire) - Artillery shells hit a market in Kharkiv on Tuesday, killing four people and wounding eleven, the regional governor said.",
};

type ErrorJson = { error: { code: string; message: string; field?: string } };

for (const backend of BACKENDS) {
  describe(`API infrastructure on ${backend}`, () => {
    let moved: string;
    const lines: string[] = [];
    const api = useTestApi(backend, {
      tokens: { poster: "reviewer" },
      seed: async (t) => {
        moved = await seedMovedEvent(t);
      },
      env: { ...ENV, SITREP_BODY_LIMIT: "200000" },
      log: (l) => lines.push(l),
    });

    const get = api.request;
    const post = (body: unknown) =>
      get("/api/v1/articles", {
        method: "POST",
        headers: { "content-type": "application/json" },
        token: api.secrets.poster,
        body: typeof body === "string" ? body : JSON.stringify(body),
      });

    test("as_of: an event a later report moved is found where and when it stood, on every read route", async () => {
      const ids = async (query: string) => {
        const res = await get(`/api/v1/events?${query}`);
        assert.equal(res.status, 200, `${query}: ${await res.clone().text()}`);
        return ((await res.json()) as { events: FusedEvent[] }).events.map((e) => e.id);
      };
      assert.deepEqual(await ids("from=2030-03-01&to=2030-03-01"), []);
      assert.deepEqual(await ids("from=2030-03-01&to=2030-03-01&as_of=2030-03-05"), [moved]);
      assert.deepEqual(await ids("bbox=19.99,9.99,20.01,10.01&as_of=2030-03-05"), [moved]);
      assert.deepEqual(await ids("bbox=19.99,9.99,20.01,10.01"), []);
      assert.deepEqual(await ids("as_of=2030-03-01"), []);
      const counted = (await (await get("/api/v1/events?as_of=2030-03-05&count=true")).json()) as {
        count: number;
      };
      assert.equal(counted.count, 1);

      const detail = (await (await get(`/api/v1/events/${moved}?as_of=2030-03-05`)).json()) as {
        event: FusedEvent;
        reports: { report: { id: string } }[];
      };
      assert.equal(detail.event.date.start, "2030-03-01");
      assert.deepEqual(
        detail.reports.map((r) => r.report.id),
        ["mv-r1"],
      );
      assert.equal((await get(`/api/v1/events/${moved}?as_of=2030-03-01`)).status, 404);
      assert.equal((await get("/api/v1/articles/mv-2?as_of=2030-03-05")).status, 404);
      assert.equal((await get("/api/v1/articles/mv-2?as_of=2030-03-22")).status, 200);
      for (const path of [`/api/v1/events/${moved}?as_of=2030-02-30`, "/api/v1/articles/mv-1?as_of=soon"]) {
        const res = await get(path);
        assert.equal(res.status, 400, path);
        assert.equal(((await res.json()) as ErrorJson).error.field, "as_of", path);
      }
      const unknown = (await (await get("/api/v1/articles/mv-1?asof=2030-01-01")).json()) as ErrorJson;
      assert.equal(unknown.error.field, "asof");
    });

    test("POST /articles stores, fuses, answers per item, and a re-post is a duplicate", async () => {
      const anonymous = await get("/api/v1/articles", { method: "POST", body: JSON.stringify(SHELLING) });
      assert.equal(anonymous.status, 401, "posting an article is a write: it needs a token");
      const first = await post(SHELLING);
      assert.equal(first.status, 200, await first.clone().text());
      const body = (await first.json()) as {
        articles: { id: string; status: string; message?: string }[];
        events: { created: string[]; updated: string[] };
      };
      assert.deepEqual(body.articles, [{ id: "post-1", status: "stored" }]);
      assert.equal(body.events.created.length, 1, JSON.stringify(body.events));
      const made = (await (await get(`/api/v1/events/${body.events.created[0]}`)).json()) as {
        event: FusedEvent;
      };
      assert.equal(made.event.location?.name, "Kharkiv");
      assert.equal(made.event.fatalities?.low, 4);

      const again = (await (await post([SHELLING, { title: "no text here" }, 42])).json()) as typeof body;
      assert.deepEqual(again.articles[0], { id: "post-1", status: "duplicate" });
      assert.equal(again.articles[1]!.status, "failed");
      assert.match(again.articles[1]!.message!, /^articles\[1\]: expected a "text" field/);
      assert.match(again.articles[2]!.message!, /^articles\[2\]: expected a JSON object, found 42/);
      assert.deepEqual(again.events, { created: [], updated: [] });
      assert.equal((await api.store.stats()).articles, 3);

      const page = `<html><head><title>Clash near Kharkiv</title>
        <meta property="article:published_time" content="2030-06-12"></head><body><article>
        <h1>Clash near Kharkiv</h1><p>Fighters clashed with troops on the edge of Kharkiv on Wednesday, a local official said.</p>
        </article></body></html>`;
      const fromHtml = (await (
        await post({ html: page, url: "https://example.test/pages/clash" })
      ).json()) as typeof body;
      assert.equal(fromHtml.articles[0]!.status, "stored", JSON.stringify(fromHtml));
      const stored = (await (await get(`/api/v1/articles/${fromHtml.articles[0]!.id}`)).json()) as {
        url: string;
        text: string;
      };
      assert.equal(stored.url, "https://example.test/pages/clash");
      assert.match(stored.text, /Fighters clashed with troops/);

      for (const [bad, message] of [
        ["{not json", /body: expected JSON/],
        ["[]", /body: expected at least one article/],
        ['"text"', /body: expected an Article object/],
        ['{"html": 5}', /body: expected "html" to be a string/],
      ] as const) {
        const res = await post(bad);
        assert.equal(res.status, 400, bad);
        const error = ((await res.json()) as ErrorJson).error;
        assert.equal(error.field, "body", bad);
        assert.match(error.message, message, bad);
      }
    });

    test("every response has X-Request-Id: a sane incoming one is kept, any other replaced", async () => {
      for (const path of ["/healthz", "/api/v1/events?limit=0", "/api/v1/nothing", "/api/docs"]) {
        const id = (await get(path)).headers.get("x-request-id");
        assert.match(id ?? "", /^[0-9a-f-]{36}$/, path);
      }
      const kept = await get("/healthz", { headers: { "x-request-id": "trace-42_a=" } });
      assert.equal(kept.headers.get("x-request-id"), "trace-42_a=");
      const replaced = await get("/healthz", { headers: { "x-request-id": "bad id; drop table" } });
      assert.match(replaced.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/);
      const long = await get("/healthz", { headers: { "x-request-id": "a".repeat(129) } });
      assert.notEqual(long.headers.get("x-request-id"), "a".repeat(129));
    });

    test("the access log has one JSON line per request: method, path, status, ms, request id", async () => {
      lines.length = 0;
      await get("/api/v1/events?limit=ten", { headers: { "x-request-id": "log-check-1" } });
      const entry = JSON.parse(lines.find((l) => l.includes("log-check-1"))!) as Record<string, unknown>;
      assert.deepEqual(
        { ...entry, ms: typeof entry.ms },
        {
          msg: "request",
          method: "GET",
          path: "/api/v1/events",
          status: 400,
          ms: "number",
          request_id: "log-check-1",
        },
      );
    });

    test("a body over the limit is 413 with the JSON error body; CORS is off unless configured", async () => {
      const big = await post({ ...SHELLING, id: "big", text: "x".repeat(300_000) });
      assert.equal(big.status, 413);
      assert.equal(
        big.headers.get("connection"),
        "close",
        "the unread body is not left on a reused connection",
      );
      assert.ok(big.headers.get("x-request-id"));
      const error = ((await big.json()) as ErrorJson).error;
      assert.deepEqual({ code: error.code, field: error.field }, { code: "too_large", field: "body" });
      const res = await get("/healthz", { headers: { origin: "https://map.example.test" } });
      assert.equal(res.headers.get("access-control-allow-origin"), null);
    });

    test("hostile values in every /events parameter are refused or taken as text, never run", async () => {
      const before = (await api.store.stats()).events;
      const hostile = [
        "1' OR '1'='1",
        "'; drop table events; --",
        "1); select pg_sleep(5); --",
        "99999999999999999999999999999",
        "-1e309",
        "2030-02-30",
        "0000-00-00",
        "NaN,NaN,NaN,NaN",
        "1,2,3,4,5",
        "Ωμέγα — 東京 🚀",
        "\u0000",
        "%",
        "a".repeat(600),
      ];
      const params = [
        "from",
        "to",
        "bbox",
        "event_type",
        "sub_event_type",
        "actor",
        "country",
        "admin1",
        "status",
        "include_background",
        "q",
        "limit",
        "cursor",
        "count",
        "as_of",
      ];
      for (const name of params) {
        for (const value of hostile) {
          const label = `${name}=${JSON.stringify(value).slice(0, 40)}`;
          const res = await get(`/api/v1/events?${name}=${encodeURIComponent(value)}`).catch((e) => {
            throw new Error(`${label}: ${e.cause}`);
          });
          assert.ok(res.status === 200 || res.status === 400, `${label}: ${res.status}`);
          const body = (await res.json()) as ErrorJson & { events?: FusedEvent[] };
          if (res.status === 400) {
            assert.equal(body.error.code, "bad_input", label);
            assert.equal(body.error.field, name, label);
          } else {
            assert.ok(Array.isArray(body.events), label);
          }
        }
      }
      assert.equal((await api.store.stats()).events, before);
    });

    test("GET /api/docs is an HTML page whose assets all come from this server", async () => {
      const res = await get("/api/docs");
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
      const html = await res.text();
      const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
      assert.ok(assets.length >= 4, html);
      for (const asset of assets) {
        assert.match(asset, /^\/api\/docs\//, `${asset} is served here, not from elsewhere`);
        const file = await get(asset);
        assert.equal(file.status, 200, asset);
        const type = file.headers.get("content-type") ?? "";
        assert.match(
          type,
          asset.endsWith(".png") ? /^image\/png$/ : /^text\/(css|javascript); charset=utf-8$/,
          asset,
        );
        // swagger-ui-dist's files are kept a day; the start script is this server's own.
        const cache = asset.endsWith("/start.js") ? null : "public, max-age=86400";
        assert.equal(file.headers.get("cache-control"), cache, asset);
        assert.ok((await file.arrayBuffer()).byteLength > 100, asset);
      }
      const start = await (await get("/api/docs/start.js")).text();
      assert.match(start, /url: "\/api\/v1\/openapi\.json"/);
      assert.equal((await get("/api/docs/package.json")).status, 404);
      assert.equal((await get("/api/docs/..%2f..%2fpackage.json")).status, 404);
      assert.equal((await get("/api/docs/%2e%2e/%2e%2e/package.json")).status, 404);
    });
  });
}

test("CORS: configured origins are allowed, preflights answered, others not", async () => {
  const env = { ...ENV, SITREP_CORS_ORIGINS: "https://map.example.test, http://localhost:5173" };
  await withTestApi("pglite", { env }, async (api) => {
    const from = (origin: string, init: RequestInit = {}) =>
      api.request("/api/v1/events", { ...init, headers: { origin, ...init.headers } });
    const ok = await from("https://map.example.test");
    assert.equal(ok.headers.get("access-control-allow-origin"), "https://map.example.test");
    assert.match(ok.headers.get("access-control-expose-headers") ?? "", /X-Request-Id/i);
    assert.equal((await from("https://evil.example.test")).headers.get("access-control-allow-origin"), null);
    const preflight = await from("http://localhost:5173", {
      method: "OPTIONS",
      headers: { "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
    });
    assert.equal(preflight.status, 204);
    assert.match(preflight.headers.get("access-control-allow-methods") ?? "", /POST/);
  });
  assert.throws(() => loadConfig({ SITREP_CORS_ORIGINS: "javascript:alert(1)" }), /corsOrigins/);
  assert.throws(() => loadConfig({ SITREP_BODY_LIMIT: "lots" }), /bodyLimit/);
});

test("a posted body is read as one article, an array, or a page; events touched are counted once", () => {
  assert.deepEqual(
    parseBody([{ text: "A", id: "x" }, { text: "" }]).map((p) => [p.where, p.parse.ok]),
    [
      ["articles[0]", true],
      ["articles[1]", false],
    ],
  );
  assert.equal(parseBody({ text: "One." })[0]!.where, "body");
  assert.equal(parseBody({ html: "<p>Hi there.</p>", url: null })[0]!.where, "body.html");
  assert.throws(() => parseBody(Array.from({ length: 1001 }, () => ({ text: "a" }))), /at most 1000/);
  const fusion = [
    { created: ["e1", "e2"], updated: [], deleted: [], events: [] },
    { created: [], updated: ["e1", "e3"], deleted: ["e2"], events: [] },
  ];
  const outcome = { fusion } as unknown as Parameters<typeof touchedEvents>[0];
  assert.deepEqual(touchedEvents(outcome), { created: ["e1"], updated: ["e3"] });
  assert.equal(
    accessLine({ method: "GET", path: "/x", status: 200, ms: 1.5, request_id: "r" }),
    '{"msg":"request","method":"GET","path":"/x","status":200,"ms":1.5,"request_id":"r"}',
  );
});
