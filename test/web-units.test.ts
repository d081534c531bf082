// The workbench's pure parts (URL view, marker size, evidence segments, timeline bins) and the static serving of
// its build (src/api/routes/web.ts) through the real server.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request as httpRequest } from "node:http";
import { after, test } from "node:test";
import { OpenAPIHono } from "@hono/zod-openapi";
import { registerWebRoutes } from "../src/api/routes/web.js";
import { listen } from "../src/api/server.js";
import { loadConfig } from "../src/config.js";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import { unwrapGeometry, unwrapRing } from "../web/src/antimeridian.js";
import { markerRadius } from "../web/src/cluster.js";
import { segments } from "../web/src/evidence.js";
import { bins, countByDay } from "../web/src/timeline.js";
import { apiQuery, clampBbox, parseView, viewSearch } from "../web/src/view.js";
import { testReport } from "./support/store.js";
import { reportSpans } from "../web/src/evidence.js";

const TMP = mkdtempSync(join(tmpdir(), "sitrep-web-"));
after(() => rmSync(TMP, { recursive: true, force: true }));

test("border rings across the antimeridian are made continuous, so no country bands the world", async () => {
  assert.deepEqual(
    unwrapRing([
      [179, -16],
      [-179.5, -16.5],
      [-179, -17],
      [179.5, -17],
      [179, -16],
    ]),
    [
      [179, -16],
      [180.5, -16.5],
      [181, -17],
      [179.5, -17],
      [179, -16],
    ],
  );
  // The bundled borders: before, some ring jumps by more than 180°; after, none does, and Fiji is narrow.
  const path = new URL("../node_modules/world-atlas/countries-50m.json", import.meta.url);
  const topology = JSON.parse(await readFile(path, "utf8")) as Topology<{ countries: GeometryCollection }>;
  const countries = feature(topology, topology.objects.countries) as GeoJSON.FeatureCollection;
  const rings = (g: GeoJSON.Geometry) =>
    g.type === "Polygon" ? g.coordinates : g.type === "MultiPolygon" ? g.coordinates.flat() : [];
  const jumps = (g: GeoJSON.Geometry) =>
    rings(g).some((r) => r.some((p, i) => i > 0 && Math.abs(p[0]! - r[i - 1]![0]!) > 180));
  assert.ok(countries.features.some((f) => jumps(f.geometry)));
  assert.ok(!countries.features.some((f) => jumps(unwrapGeometry(f.geometry))));
  const fiji = countries.features.find((f) => f.properties?.name === "Fiji")!;
  for (const ring of rings(unwrapGeometry(fiji.geometry))) {
    const lons = ring.map((p) => p[0]!);
    assert.ok(Math.max(...lons) - Math.min(...lons) < 10, "a Fiji island spans a few degrees");
  }
});

test("a view survives its URL, and unreadable values are dropped", () => {
  const view = parseView(
    "?event_type=Battles&from=2024-01-01&to=bad&certainty=sure&background=1&map=36.5,33.1,6.25&event=ev-1&tab=review",
  );
  assert.deepEqual(view.filters, { include_background: true, event_type: "Battles", from: "2024-01-01" });
  assert.deepEqual(view.camera, { lon: 36.5, lat: 33.1, zoom: 6.25 });
  assert.equal(view.event, "ev-1");
  assert.equal(view.tab, "review");
  assert.deepEqual(parseView(`?${viewSearch(view)}`), view);
  assert.equal(parseView("?map=999,0,2").camera, null);
});

test("the API query carries every filter set, certainty too, and the extra parameters given", () => {
  const filters = { include_background: true, actor: "Hezbollah", certainty: "alleged" as const };
  assert.equal(
    apiQuery(filters, { bbox: "1,2,3,4", cursor: undefined }).toString(),
    "actor=Hezbollah&certainty=alleged&include_background=true&bbox=1%2C2%2C3%2C4",
  );
  assert.deepEqual(clampBbox([-400, -95, 400, 95]), [-180, -90, 180, 90]);
  assert.deepEqual(clampBbox([-190.5, 10, 20, 30]), [-180, 10, 20, 30]);
});

test("a marker grows with its events and, more slowly, with its dead", () => {
  assert.ok(markerRadius(1, 0) < markerRadius(4, 0));
  assert.ok(markerRadius(1, 0) < markerRadius(1, 10));
  assert.ok(markerRadius(4, 0) - markerRadius(1, 0) > markerRadius(1, 4) - markerRadius(1, 0));
  assert.equal(markerRadius(1, -3), markerRadius(1, 0), "a negative toll draws as none");
});

test("evidence spans cut the text into segments that know every field covering them", () => {
  const report = testReport("r", { killed: [{ low: 7, high: null, by: "the army" }] });
  const spans = reportSpans(report);
  assert.deepEqual(
    spans.map((s) => [s.key, s.kind, s.start, s.end]),
    [
      ["trigger", "trigger", 0, 4],
      ["claim-1", "claim", 0, 5],
    ],
  );
  assert.equal(spans[1]!.label, "killed: 7, per the army");
  assert.deepEqual(
    segments(8, spans).map((s) => [s.start, s.end, s.spans.map((x) => x.key)]),
    [
      [0, 4, ["trigger", "claim-1"]],
      [4, 5, ["claim-1"]],
      [5, 8, []],
    ],
  );
  assert.deepEqual(
    segments(3, spans).map((s) => s.spans.length),
    [0],
    "spans past the text are dropped",
  );
});

test("the timeline bins days into weeks or months when the span is long, keeping empty bins", () => {
  const rows = countByDay([
    { event_type: "Battles", date: { start: "2024-01-01" }, fatalities: { best: 3 } },
    { event_type: "Battles", date: { start: "2024-01-01" }, fatalities: null },
    { event_type: "Protests", date: { start: "2024-01-03" }, fatalities: null },
    { event_type: "Protests", date: { start: null }, fatalities: null },
  ]);
  assert.deepEqual(rows, [
    { day: "2024-01-01", event_type: "Battles", events: 2, fatalities: 3 },
    { day: "2024-01-03", event_type: "Protests", events: 1, fatalities: 0 },
  ]);
  assert.deepEqual(
    bins(rows).map((b) => [b.from, b.total]),
    [
      ["2024-01-01", 2],
      ["2024-01-02", 0],
      ["2024-01-03", 1],
    ],
  );
  const long = bins([...rows, { day: "2025-06-30", event_type: "Riots", events: 4, fatalities: 0 }]);
  assert.equal(long[0]!.to, "2024-01-07", "a span of 18 months is binned by weeks");
  assert.equal(
    bins([...rows, { day: "2027-01-01", event_type: "Riots", events: 1, fatalities: 0 }])[0]!.to,
    "2024-01-30",
  );
  assert.deepEqual(long[0]!.byType, { Battles: 2, Protests: 1 });
  assert.equal(long.at(-1)!.total, 4);
});

test("the server serves the build with content types and the single-page fallback, and leaves /api alone", async () => {
  const root = join(TMP, "dist");
  mkdirSync(join(root, "assets"), { recursive: true });
  writeFileSync(join(TMP, "package.json"), '{"name": "outside-the-build"}');
  writeFileSync(join(root, "index.html"), "<!doctype html><title>wb</title>");
  writeFileSync(join(root, "assets", "app-1.js"), "export {}");
  const app = new OpenAPIHono();
  registerWebRoutes(
    app,
    { store: null as never, config: loadConfig({}), queue: null, ingest: null as never },
    root,
  );
  app.get("/api/v1/ping", (c) => c.json({ ok: true }));
  const server = await listen(app, 0, "127.0.0.1");
  try {
    const get = (path: string) => fetch(`${server.url}${path}`);
    const index = await get("/");
    assert.equal(index.headers.get("content-type"), "text/html; charset=utf-8");
    assert.match(index.headers.get("content-security-policy") ?? "", /default-src 'self'/);
    const fallback = await get("/events/ev-1?map=1,2,3");
    assert.equal(await fallback.text(), "<!doctype html><title>wb</title>");
    assert.match(fallback.headers.get("content-security-policy") ?? "", /default-src 'self'/);
    const js = await get("/assets/app-1.js");
    assert.equal(js.headers.get("content-type"), "text/javascript; charset=utf-8");
    assert.match(js.headers.get("cache-control") ?? "", /immutable/);
    assert.equal((await get("/assets/missing.js")).status, 404);
    assert.equal(index.headers.get("x-content-type-options"), "nosniff");
    assert.equal(index.headers.get("cache-control"), "no-cache");
    assert.equal(js.headers.get("content-security-policy"), null, "the policy is the page's");
    // A path that climbs out of the build, as a hostile client sends it (fetch would resolve the dots itself).
    for (const path of [
      "/../package.json",
      "/assets/../../package.json",
      "/%2e%2e/package.json",
      "/assets/..%2f..%2fpackage.json",
      "/..%5cpackage.json",
      "/%2e%2e%2fpackage.json",
    ]) {
      const res = await rawGet(server.url, path);
      assert.equal(res.status, 404, path);
      assert.doesNotMatch(res.body, /outside-the-build/, path);
    }
    assert.deepEqual(
      await (await get("/api/v1/ping")).json(),
      { ok: true },
      "routes registered after it still answer",
    );
    assert.equal((await get("/api/v1/none")).status, 404);
    assert.notEqual(await (await get("/api/v1/none")).text(), "<!doctype html><title>wb</title>");
  } finally {
    await server.close();
  }
  const bare = new OpenAPIHono();
  registerWebRoutes(
    bare,
    { store: null as never, config: loadConfig({}), queue: null, ingest: null as never },
    join(TMP, "none"),
  );
  const res = await bare.request("/");
  assert.equal(res.status, 503);
  assert.match(await res.text(), /not built/);
});

/** A GET with its path sent exactly as written (no dot segments resolved, no escapes undone). */
function rawGet(base: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, method: "GET" }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}
