// The workbench end to end in real headless Chromium (Debian's, through playwright-core): the Vite build served
// by the real server over a PGlite store holding the ingested samples. The page must draw markers on the
// offline map, change its list when filtered or brushed, keep the view in its URL, open an event with its toll
// and claims, show the evidence highlighted in the article, degrade visibly where the server lacks a route,
// and never request anything outside the server.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import type { Article, FusedEvent } from "../src/model.js";
import { buildWeb, launchChromium, seededServer } from "./support/web.js";

type Seeded = Awaited<ReturnType<typeof seededServer>>;
type Chromium = Awaited<ReturnType<typeof launchChromium>>;

describe("web workbench in headless Chromium", () => {
  let seeded: Seeded;
  let chromium: Chromium;
  let base: string;
  const requests: string[] = [];
  const pageErrors: string[] = [];

  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${base}${path}`);
    assert.equal(res.status, 200, `${path}: ${await res.clone().text()}`);
    return (await res.json()) as T;
  };
  const open = async (search = ""): Promise<Page> => {
    const page = await chromium.context.newPage();
    page.on("request", (r) => requests.push(r.url()));
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(`${base}/${search}`);
    await page.waitForSelector(".map[data-basemap='ready']");
    return page;
  };
  const rowIds = (page: Page) =>
    page.$$eval(".rows [data-event-id]", (rows) => rows.map((r) => r.getAttribute("data-event-id")!));
  // Conditions evaluated in the page (as text: this file is type-checked without the DOM library).
  const rowsAre = (page: Page, n: number) =>
    page.waitForFunction(`document.querySelectorAll(".rows li").length === ${n}`);
  const urlHas = (page: Page, name: string, value?: string) =>
    page.waitForFunction(
      value === undefined
        ? `new URL(location.href).searchParams.has(${JSON.stringify(name)})`
        : `new URL(location.href).searchParams.get(${JSON.stringify(name)}) === ${JSON.stringify(value)}`,
    );
  const allEvents = async (query = "") =>
    (await api<{ events: FusedEvent[] }>(`/api/v1/events?limit=1000${query}`)).events;

  before(async () => {
    await buildWeb();
    seeded = await seededServer();
    base = seeded.server.url;
    chromium = await launchChromium();
  });
  after(async () => {
    await chromium?.close();
    await seeded?.close();
  });

  test("the page draws the events on the offline map and lists them", async () => {
    const page = await open("?map=20.0000,15.0000,1.50");
    await page.waitForSelector(".map[data-drawn]:not([data-drawn='no']):not([data-drawn='0'])");
    const drawn = Number(await page.getAttribute(".map", "data-drawn"));
    const located = (await allEvents()).filter((e) => e.location);
    assert.ok(
      drawn > 0 && drawn <= located.length,
      `markers drawn: ${drawn} for ${located.length} located events`,
    );
    // Country labels come from the bundled borders, as HTML (no glyph server).
    assert.ok((await page.locator(".country-label").count()) > 100);
    assert.match((await page.textContent(".maplibregl-ctrl-attrib")) ?? "", /Natural Earth/);
    await page.uncheck("text=only in map view");
    await rowsAre(page, (await allEvents()).length);
    assert.deepEqual(new Set(await rowIds(page)), new Set((await allEvents()).map((e) => e.id)));
    await page.close();
  });

  test("a filter narrows the list, lands in the URL, and the URL restores it", async () => {
    const page = await open();
    await page.uncheck("text=only in map view");
    await page.selectOption('select[name="event_type"]', "Battles");
    await urlHas(page, "event_type", "Battles");
    const battles = (await allEvents("&event_type=Battles")).map((e) => e.id);
    assert.ok(battles.length > 0 && battles.length < (await allEvents()).length);
    await rowsAre(page, battles.length);
    assert.deepEqual(new Set(await rowIds(page)), new Set(battles));

    const again = await open(`?${new URL(page.url()).searchParams}`);
    assert.equal(await again.inputValue('select[name="event_type"]'), "Battles");
    await page.close();
    await again.close();
  });

  test("brushing the timeline sets from/to and the list follows", async () => {
    const page = await open();
    await page.uncheck("text=only in map view");
    const everything = await allEvents();
    await rowsAre(page, everything.length);
    const box = (await page.locator(".timeline svg").boundingBox())!;
    // The last fifth of the span: the latest events only.
    await page.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await urlHas(page, "from");
    const params = new URL(page.url()).searchParams;
    const from = params.get("from")!;
    const to = params.get("to")!;
    const inRange = (await allEvents(`&from=${from}&to=${to}`)).map((e) => e.id);
    assert.ok(inRange.length > 0 && inRange.length < everything.length, `${from}..${to}: ${inRange.length}`);
    await rowsAre(page, inRange.length);
    assert.deepEqual(new Set(await rowIds(page)), new Set(inRange));
    await page.close();
  });

  test("an event opens with its toll and claims, and a claim's evidence is highlighted in the article", async () => {
    const events = await allEvents();
    const event = events.filter((e) => e.fatalities).sort((a, b) => b.reports.length - a.reports.length)[0]!;
    const page = await open(`?event=${event.id}`);
    await page.waitForSelector(".event-panel");
    const f = event.fatalities!;
    assert.ok(((await page.textContent(".event-panel")) ?? "").includes(`${f.low} – ${f.best} – ${f.high}`));
    assert.ok(((await page.textContent(".event-panel")) ?? "").includes(f.rule));
    assert.equal(
      await page.locator(".event-panel table.claims").first().locator("tbody tr").count(),
      f.claims.length,
    );

    await page.locator(".event-panel table.claims button.chip").first().click();
    await urlHas(page, "article");
    const claim = f.claims[0]!;
    const article = await api<Article>(`/api/v1/articles/${claim.article_id}`);
    const mark = page.locator("mark.flash");
    await mark.waitFor();
    assert.equal(await mark.textContent(), article.text.slice(claim.evidence.start, claim.evidence.end));
    assert.match((await mark.getAttribute("class")) ?? "", /ev-claim/);
    await mark.hover();
    await page.locator(".hover-status", { hasText: "killed" }).waitFor();
    // Every field of the report is highlighted: at least a trigger and a place.
    assert.ok((await page.locator("mark.ev-trigger").count()) > 0);
    assert.ok((await page.locator("mark.ev-place").count()) > 0);
    await page.close();
  });

  test("parts whose API route is missing say so instead of failing", async () => {
    const doc = await api<{ paths: Record<string, unknown> }>("/api/v1/openapi.json");
    const page = await open("?tab=review");
    if (!("/api/v1/review/queue" in doc.paths)) {
      await page.waitForSelector("text=needs the server's GET /review/queue API");
    }
    if (!("/api/v1/events.csv" in doc.paths)) {
      assert.equal(await page.locator("button:has-text('Export CSV')").isDisabled(), true);
    }
    await page.click("text=Sign in");
    assert.equal(await page.locator("dialog[open]").count(), 1);
    if (!("/api/v1/auth/whoami" in doc.paths)) {
      await page.waitForSelector("dialog >> text=needs the server's GET /auth/whoami API");
    }
    await page.keyboard.press("Escape");
    await page.close();
  });

  test("the page made no request outside the server and threw no error", () => {
    assert.ok(requests.length > 10);
    const outside = requests.filter((u) => !u.startsWith(`${base}/`) && !/^(data|blob):/.test(u));
    assert.deepEqual(outside, []);
    assert.deepEqual(pageErrors, []);
  });
});
