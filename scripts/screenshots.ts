// Screenshots of the workbench's main views into docs/screenshots/ (README shows them): builds the page, serves
// the ingested samples, and photographs map + list, the event panel, the article with its evidence, the review
// queue of a signed-in reviewer with an event's history after a correction, a narrow screen, and a
// pasted article's outcome. Run: node --import tsx scripts/screenshots.ts
import { join } from "node:path";
import { buildWeb, launchChromium, seededServer } from "../test/support/web.js";

const OUT = new URL("../docs/screenshots/", import.meta.url).pathname;

await buildWeb();
const seeded = await seededServer();
const chromium = await launchChromium();
try {
  const page = await chromium.context.newPage();
  page.on("console", (m) => m.type() === "error" && console.error(`page: ${m.text()}`));
  await page.goto(`${seeded.url}/?map=30.0000,22.0000,2.30`);
  await page.waitForSelector(".map[data-basemap='ready']");
  await page.waitForSelector(".rows li");
  await page.waitForSelector(".map[data-drawn]:not([data-drawn='no']):not([data-drawn='0'])");
  await page.screenshot({ path: join(OUT, "map-and-list.png") });

  // The event with the most reports: its panel shows fused reports, claims and the toll history.
  const events = (await (await fetch(`${seeded.url}/api/v1/events?limit=1000`)).json()) as {
    events: { id: string; reports: unknown[] }[];
  };
  const rich = [...events.events].sort((a, b) => b.reports.length - a.reports.length)[0]!;
  await page.locator(`[data-event-id="${rich.id}"]`).click();
  await page.waitForSelector(".event-panel");
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(OUT, "event-panel.png") });

  await page.locator(".event-panel .chips .chip").first().click();
  await page.waitForSelector(".article-text mark");
  await page.locator(".article-text mark.flash").hover();
  await page.waitForTimeout(800);
  await page.screenshot({ path: join(OUT, "article-evidence.png") });

  // A reviewer signs in (a token made in the store), corrects the first queued event, and sees its history.
  const { secret } = await seeded.store.tokens.create("ana", "reviewer");
  const review = await chromium.context.newPage();
  await review.goto(`${seeded.url}/?tab=review&map=30.0000,22.0000,2.30`);
  await review.waitForSelector(".map[data-basemap='ready']");
  await review.click("header >> text=Sign in");
  await review.fill("dialog input[type=password]", secret);
  await review.keyboard.press("Enter");
  await review.waitForSelector("header .user");
  await review.waitForSelector(".rows li");
  await review.keyboard.press("j");
  await review.waitForSelector(".event-panel .review-box");
  await review.keyboard.press("e");
  for (const [k, v] of [
    ["low", "5"],
    ["best", "5"],
    ["high", "6"],
  ]) {
    await review.fill(`.review-box label:has-text('Killed, ${k}') input`, v!);
  }
  await review.fill(".review-box textarea", "The hospital's list names five dead");
  await review.keyboard.press("Control+Enter");
  await review.waitForSelector(".audit > li");
  await review.locator(".audit").scrollIntoViewIfNeeded();
  await review.waitForTimeout(300);
  await review.screenshot({ path: join(OUT, "review-queue.png") });

  const narrow = await chromium.context.newPage();
  await narrow.setViewportSize({ width: 390, height: 844 });
  await narrow.goto(`${seeded.url}/?map=30.0000,22.0000,1.00`);
  await narrow.waitForSelector(".map[data-basemap='ready']");
  await narrow.waitForSelector(".map[data-drawn]:not([data-drawn='no']):not([data-drawn='0'])");
  await narrow.screenshot({ path: join(OUT, "narrow.png") });

  // Last, as it adds an event: the reviewer pastes a short article of our own and sees what became of it.
  await review.click("header >> text=Paste article");
  await review.fill(
    "dialog textarea",
    "SUMY, May 7 - A drone struck a bus depot in Sumy on Monday, killing two workers and wounding four, " +
      "the city council said.",
  );
  await review.fill("dialog label:has-text('Title') input", "Drone strike kills two in Sumy");
  await review.fill("dialog input[type=date]", "2030-05-07");
  await review.click("dialog button[type=submit]");
  await review.waitForSelector("dialog [data-status]");
  await review.screenshot({ path: join(OUT, "paste-article.png") });
  console.log(`screenshots in ${OUT}`);
} finally {
  await chromium.close();
  await seeded.close();
}
