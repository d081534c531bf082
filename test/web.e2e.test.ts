// The workbench end to end in real headless Chromium (Debian's, through playwright-core): the Vite build served
// by the real server over a PGlite store holding the ingested samples. The page must draw markers on the
// offline map, change its list when filtered or brushed, keep the view in its URL, open an event with its toll
// and claims, show the evidence highlighted in the article, ask the server for the map's clusters at every zoom,
// let a signed-in reviewer work the queue by keyboard (the store and the history see it), refuse a reader
// visibly, export what the list shows, let a reviewer paste an article and open its new event, and never request
// anything outside the server.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import type { Article, FusedEvent } from "../src/model.js";
import { buildWeb, launchChromium, seededServer } from "./support/web.js";

/** The page's globals the in-page conditions read, typed by hand (no DOM library here). */
interface PageGlobals {
  readonly document: {
    querySelectorAll(selector: string): { readonly length: number };
    querySelector(selector: string): unknown;
    readonly activeElement: { closest(selector: string): unknown } | null;
  };
  readonly location: { readonly href: string };
  getComputedStyle(element: unknown): { readonly backgroundColor: string };
}

type Seeded = Awaited<ReturnType<typeof seededServer>>;
type Chromium = Awaited<ReturnType<typeof launchChromium>>;

describe("web workbench in headless Chromium", () => {
  let seeded: Seeded;
  let chromium: Chromium;
  let base: string;
  const requests: string[] = [];
  const pageErrors: string[] = [];

  const api = <T>(path: string): Promise<T> => seeded.json<T>(path);
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
  // Conditions evaluated in the page, passed as functions (a string would be eval'd, which the page's CSP forbids);
  // this file is type-checked without the DOM library, so the page's globals are typed by hand.
  const rowsAre = (page: Page, n: number) =>
    page.waitForFunction(
      (count) =>
        (globalThis as unknown as PageGlobals).document.querySelectorAll(".rows li").length === count,
      n,
    );
  const urlHas = (page: Page, name: string, value?: string) =>
    page.waitForFunction(
      ([key, wanted]) => {
        const params = new URL((globalThis as unknown as PageGlobals).location.href).searchParams;
        return wanted === null ? params.has(key) : params.get(key) === wanted;
      },
      [name, value ?? null] as const,
    );
  /** Signs in through the dialog with a token made in the store for this test. */
  const signIn = async (page: Page, name: string, role: "reader" | "reviewer") => {
    const { secret } = await seeded.store.tokens.create(name, role);
    await page.click("header >> text=Sign in");
    await page.fill("dialog input[type=password]", secret);
    await page.keyboard.press("Enter");
    await page.locator("header .user", { hasText: `${name} (${role})` }).waitFor();
  };
  /** The review box's reason, written and sent with Ctrl+Enter after the action's key. */
  const review = async (page: Page, key: string, reason: string, edit?: () => Promise<void>) => {
    await page.keyboard.press(key);
    await page.waitForFunction(
      () =>
        (globalThis as unknown as PageGlobals).document.activeElement?.closest(".review-box textarea") !=
        null,
    );
    await edit?.();
    await page.keyboard.type(reason);
    await page.keyboard.press("Control+Enter");
  };
  const blur = (page: Page) => page.evaluate("document.activeElement?.blur()");
  const allEvents = async (query = "") =>
    (await api<{ events: FusedEvent[] }>(`/api/v1/events?limit=1000${query}`)).events;

  before(async () => {
    await buildWeb();
    seeded = await seededServer();
    base = seeded.url;
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
    // The credit is a see-through veil over the map, not a box that hides it.
    const veil = await page
      .locator(".maplibregl-ctrl-attrib")
      .evaluate((el) => (globalThis as unknown as PageGlobals).getComputedStyle(el).backgroundColor);
    const alpha = Number(/^rgba\(\d+, \d+, \d+, ([\d.]+)\)$/.exec(veil)?.[1] ?? 1);
    assert.ok(alpha > 0 && alpha < 1, `the credit's background ${veil}`);
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

  test("certainty is the server's filter: the requests carry it and the list and timeline are its answer", async () => {
    const all = await allEvents();
    const tally = new Map<string, number>();
    for (const e of all)
      tally.set(e.actor1?.certainty ?? "unknown", (tally.get(e.actor1?.certainty ?? "unknown") ?? 0) + 1);
    // The certainty fewest events share, so the list visibly narrows.
    const [certainty] = [...tally].sort(([, a], [, b]) => a - b)[0]!;
    const page = await open("?map=20.0000,15.0000,1.50");
    await page.uncheck("text=only in map view");
    const seen: string[] = [];
    page.on("request", (r) => seen.push(r.url()));
    await page.selectOption('select[name="certainty"]', certainty);
    await urlHas(page, "certainty", certainty);
    const matching = (await allEvents(`&certainty=${certainty}`)).map((e) => e.id);
    assert.ok(matching.length > 0 && matching.length < all.length, `${matching.length} ${certainty}`);
    await rowsAre(page, matching.length);
    assert.deepEqual(new Set(await rowIds(page)), new Set(matching));
    assert.equal(
      Number(await page.textContent("[data-testid=count]")),
      matching.length,
      "the server's count",
    );
    const asked = (route: string) =>
      seen.some(
        (u) => u.includes(`/api/v1/${route}?`) && new URL(u).searchParams.get("certainty") === certainty,
      );
    assert.ok(asked("events"), `no /events request with certainty among ${seen.join(" ")}`);
    assert.ok(asked("stats/days"), `no /stats/days request with certainty among ${seen.join(" ")}`);
    await page.close();
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

  test("the map draws the server's clusters zoomed out and zoomed in, never a page of events; the timeline counts by /stats/days", async () => {
    const seen: string[] = [];
    const page = await chromium.context.newPage();
    page.on("request", (r) => seen.push(r.url()));
    await page.goto(`${base}/?map=30.0000,20.0000,1.50`);
    await page.waitForSelector(".map[data-drawn]:not([data-drawn='no']):not([data-drawn='0'])");
    const clustersUrl = seen.find((u) => u.includes("/api/v1/clusters?"));
    assert.ok(clustersUrl, `no /clusters request among ${seen.join(" ")}`);
    const asked = new URL(clustersUrl).searchParams;
    assert.equal(asked.get("zoom"), "1");
    assert.equal(asked.get("bbox")?.split(",").length, 4);
    const { clusters } = await api<{ clusters: unknown[] }>(`/api/v1/clusters?${asked}`);
    assert.equal(Number(await page.getAttribute(".map", "data-drawn")), clusters.length);
    assert.ok(!seen.some((u) => /\/api\/v1\/events\?.*limit=1000/.test(u)), "no page of events for the map");

    const stats = await api<{ by_day: { events: number }[] }>("/api/v1/stats");
    const dated = stats.by_day.reduce((n, d) => n + d.events, 0);
    assert.ok(
      seen.some((u) => u.includes("/api/v1/stats/days")),
      "the timeline asks for the per-day counts alone",
    );
    await page.locator(".timeline-head", { hasText: `${dated} events` }).waitFor();
    await page.close();

    // Zoomed in on the Levant: still the server's clusters, for that view at that zoom; a cell of one event is it.
    const near: string[] = [];
    const close = await chromium.context.newPage();
    close.on("request", (r) => near.push(r.url()));
    await close.goto(`${base}/?map=36.0000,34.5000,7.50`);
    await close.waitForSelector(".map[data-drawn]:not([data-drawn='no']):not([data-drawn='0'])");
    const nearUrl = near.find((u) => u.includes("/api/v1/clusters?"));
    assert.ok(nearUrl, `no /clusters request for the map among ${near.join(" ")}`);
    const nearAsked = new URL(nearUrl).searchParams;
    assert.equal(nearAsked.get("zoom"), "7");
    const [w, s, e, n] = nearAsked.get("bbox")!.split(",").map(Number) as [number, number, number, number];
    assert.ok(w > 30 && e < 42 && s > 30 && n < 39, `bbox ${nearAsked.get("bbox")}`);
    const nearClusters = (
      await api<{ clusters: { events: number; id?: string }[] }>(`/api/v1/clusters?${nearAsked}`)
    ).clusters;
    assert.ok(nearClusters.length > 0, "the samples have events in the Levant");
    assert.ok(nearClusters.filter((c) => c.events === 1).every((c) => c.id));
    assert.equal(Number(await close.getAttribute(".map", "data-drawn")), nearClusters.length);
    assert.ok(!near.some((u) => /\/api\/v1\/events\?.*limit=1000/.test(u)), "no page of events for the map");
    await close.close();
  });

  test("a reviewer signs in, works the queue in priority order by keyboard, and the store and history show it", async () => {
    const page = await open("?tab=review");
    await signIn(page, "rita-e2e", "reviewer");
    const queue = (
      await api<{ events: { id: string; priority: number }[] }>("/api/v1/review/queue?limit=100")
    ).events;
    assert.ok(queue.length >= 2, `queue of ${queue.length}`);
    for (let i = 1; i < queue.length; i++) assert.ok(queue[i - 1]!.priority >= queue[i]!.priority);
    await rowsAre(page, queue.length);
    assert.deepEqual(
      await rowIds(page),
      queue.map((e) => e.id),
    );

    // j opens the first event; a picks accept; the reason and Ctrl+Enter send it.
    const first = queue[0]!;
    const second = queue[1]!;
    await blur(page);
    await page.keyboard.press("j");
    await urlHas(page, "event", first.id);
    await page.waitForSelector(".event-panel .review-box");
    await review(page, "a", "Checked against the wire reports");
    await page.locator(".review-box .ok", { hasText: "Done: accept" }).waitFor();
    const accepted = page.locator(".audit > li", { hasText: "Checked against the wire reports" });
    await accepted.waitFor();
    assert.match((await accepted.textContent()) ?? "", /review by rita-e2e/);
    assert.match((await accepted.textContent()) ?? "", /status: "auto" → "reviewed"/);
    const stored = await api<{ event: FusedEvent }>(`/api/v1/events/${first.id}`);
    assert.equal(stored.event.status, "reviewed");
    await page.waitForFunction(
      (id) => !(globalThis as unknown as PageGlobals).document.querySelector(`.rows [data-event-id="${id}"]`),
      first.id,
    );

    // The next in the queue: e opens the correction, one field changes, the reason goes with it.
    await blur(page);
    await page.keyboard.press("j");
    await urlHas(page, "event", second.id);
    await page.waitForSelector(`.event-panel .review-box`);
    await review(page, "e", "Named in the local statement", async () => {
      await page.fill(".review-box label:has-text('Actor 1') input", "Local defence militia");
      await page.focus(".review-box textarea");
    });
    await page.locator(".review-box .ok", { hasText: "Done: correct" }).waitFor();
    const corrected = page.locator(".audit > li", { hasText: "Named in the local statement" });
    await corrected.waitFor();
    assert.match((await corrected.textContent()) ?? "", /actor1: .*"Local defence militia"/);
    const fixed = (await api<{ event: FusedEvent }>(`/api/v1/events/${second.id}`)).event;
    assert.equal(fixed.actor1?.name, "Local defence militia");
    assert.equal(fixed.status, "reviewed");
    const history = await api<{ entries: { by: string; reason: string }[] }>(
      `/api/v1/events/${second.id}/history`,
    );
    assert.deepEqual(
      history.entries.map((e) => [e.by, e.reason]),
      [["rita-e2e", "Named in the local statement"]],
    );
    await page.close();
  });

  test("a reader's review is refused with a visible forbidden message and nothing changes", async () => {
    const [target] = (await api<{ events: FusedEvent[] }>("/api/v1/review/queue?limit=1")).events;
    assert.ok(target);
    const page = await open(`?tab=review&event=${target.id}`);
    await signIn(page, "rudi-e2e", "reader");
    await page.locator(".review-box .note", { hasText: "(reader) may read but not review" }).waitFor();
    await blur(page);
    await review(page, "a", "Looks right to me");
    const alert = page.locator(".review-box [role=alert]");
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? "", /^Forbidden: .*\(forbidden\)$/);
    assert.equal((await api<{ event: FusedEvent }>(`/api/v1/events/${target.id}`)).event.status, "auto");
    await page.close();
  });

  test("Export CSV downloads what the list shows: the filters and the map's view", async () => {
    const page = await open("?map=38.0000,30.0000,3.50");
    await page.waitForFunction(
      () => (globalThis as unknown as PageGlobals).document.querySelectorAll(".rows li").length > 0,
    );
    const shown = Number(await page.textContent("[data-testid=count]"));
    const link = page.locator("a.button", { hasText: "Export CSV" });
    assert.match((await link.getAttribute("href")) ?? "", /^\/api\/v1\/events\.csv\?.*bbox=/);
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    assert.equal(download.suggestedFilename(), "sitrep-events.csv");
    const csv = await readFile((await download.path())!, "utf8");
    assert.match(csv, /^event_id_cnty,/);
    assert.equal(csvRecords(csv) - 1, shown, "data rows = the list's count");
    assert.ok(shown > 0 && shown < (await allEvents()).length, `${shown} in view`);
    await page.close();
  });

  test("a reviewer pastes an article: the dialog tells what became of it, the list gains its event, which opens", async () => {
    const page = await open();
    await page.uncheck("text=only in map view");
    const before = (await allEvents()).length;
    await rowsAre(page, before);
    // Signed out, the dialog says who may ingest and sends nothing.
    await page.click("header >> text=Paste article");
    await page.locator("dialog .note", { hasText: "Sign in with a reviewer token" }).waitFor();
    assert.ok(await page.locator("dialog button[type=submit]").isDisabled());
    await page.keyboard.press("Escape");

    await signIn(page, "pia-e2e", "reviewer");
    const paste = async () => {
      await page.click("header >> text=Paste article");
      await page.fill("dialog textarea", PASTED.text);
      await page.fill("dialog label:has-text('Title') input", PASTED.title);
      await page.fill("dialog input[type=date]", PASTED.published);
      await page.click("dialog button[type=submit]");
    };
    await paste();
    await page.locator("dialog [data-status=stored]").waitFor();
    const link = page.locator("dialog button[data-event-id]");
    assert.equal(await link.count(), 1);
    assert.match((await link.textContent()) ?? "", /^Open the created event/);
    const id = (await link.getAttribute("data-event-id"))!;
    const event = (await api<{ event: FusedEvent }>(`/api/v1/events/${id}`)).event;
    assert.equal(event.location?.name, "Kherson");
    assert.equal(event.fatalities?.best, 3);
    // The list behind the dialog was reloaded and holds the new event.
    await rowsAre(page, before + 1);
    assert.ok((await rowIds(page)).includes(id));

    await link.click();
    assert.equal(await page.locator("dialog[open]").count(), 0);
    await urlHas(page, "event", id);
    const panel = page.locator(".event-panel", { hasText: "Kherson" });
    await panel.waitFor();
    assert.ok(((await panel.textContent()) ?? "").includes("3 – 3 – 3"));

    // The same article again is a duplicate: nothing created, nothing new in the list.
    await paste();
    await page.locator("dialog [data-status=duplicate]").waitFor();
    await page.locator("dialog [role=status]", { hasText: "0 events created, 0 events updated" }).waitFor();
    assert.equal((await allEvents()).length, before + 1);
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

/** A short article of our own: a shelling with a toll in a town the gazetteer knows, dated so "Tuesday" resolves. */
const PASTED = {
  title: "Shelling kills three in Kherson",
  published: "2030-04-16",
  text:
    "KHERSON, April 16 - Artillery fire struck a residential street in Kherson on Tuesday, killing three " +
    "civilians and wounding seven, the regional administration said.",
};

/** The records of a CSV text (newlines inside quoted fields do not count). */
function csvRecords(csv: string): number {
  let records = 0;
  let quoted = false;
  for (const ch of csv) {
    if (ch === '"') quoted = !quoted;
    else if (ch === "\n" && !quoted) records++;
  }
  return csv.endsWith("\n") ? records : records + 1;
}
