import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { loadConfig } from "../../config.js";
import { provinceStrikeScenario } from "../../../test/support/fuse-fixtures.js";
import type { Article } from "../../model.js";
import { openStore } from "../../store/store.js";
import { parseEventFilter, TABLE_COLUMNS, tableLayout, tableLine } from "./events.js";

const run = promisify(execFile);
const ROOT = new URL("../../../", import.meta.url).pathname;

test("parseEventFilter: dates widen to whole months and years, types map to event or sub-event type", () => {
  assert.deepEqual(
    parseEventFilter({
      from: "2023-02",
      to: "2023",
      type: "air/drone strike",
      limit: "5",
      status: "reviewed",
    }),
    { from: "2023-02-01", to: "2023-12-31", subEventType: "Air/drone strike", limit: 5, status: "reviewed" },
  );
  assert.deepEqual(parseEventFilter({ type: "Battles", bbox: "170,-20,-170,10" }), {
    eventType: "Battles",
    bbox: [170, -20, -170, 10],
  });
  assert.deepEqual(parseEventFilter({ includeBackground: true }), { includeBackground: true });
  assert.deepEqual(parseEventFilter({ includeBackground: false }), {});
});

test("parseEventFilter: bad values say which option, what was expected and what was found", () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ from: "13/03/2023" }, /--from: expected a date as YYYY-MM-DD, YYYY-MM or YYYY, found "13\/03\/2023"/],
    [{ to: "2023-02-30" }, /--to: expected a real calendar day, found "2023-02-30"/],
    [{ from: "2023-05-01", to: "2023-04-01" }, /expected from <= to/],
    [{ bbox: "1,2,3" }, /--bbox: expected four numbers/],
    [{ bbox: "1,50,3,40" }, /--bbox: expected south <= north/],
    [{ type: "Airstrike" }, /--type: expected an ACLED event type or sub-event type .* found "Airstrike"/],
    [{ status: "done" }, /--status: expected one of auto, reviewed, rejected, found "done"/],
    [{ limit: "-1" }, /--limit: expected a positive whole number, found "-1"/],
    [{ asOf: "yesterday" }, /--as-of: expected a date YYYY-MM-DD or an ISO date-time, found "yesterday"/],
  ];
  for (const [opts, message] of cases) assert.throws(() => parseEventFilter(opts), message);
});

test("parseEventFilter: --country takes a name in any case or an ISO alpha-2 code, and names an unknown one", () => {
  for (const given of ["Syria", "syria", " SYRIA ", "SY", "sy"])
    assert.deepEqual(parseEventFilter({ country: given }), { country: "Syria" }, given);
  assert.deepEqual(parseEventFilter({ country: "ivory coast" }), { country: "Ivory Coast" });
  assert.throws(
    () => parseEventFilter({ country: "Narnia" }),
    /--country: expected a country name \(any case, e\.g\. Syria\) or ISO 3166-1 alpha-2 code \(e\.g\. SY\), found "Narnia"/,
  );
});

test("tableLayout: a terminal's width is shared by type, location and actor; piped output is never cut", () => {
  const total = (widths: readonly number[]) => widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
  const piped = tableLayout(undefined);
  assert.equal(piped.cut, false);
  const wide = tableLayout(260);
  const narrow = tableLayout(120);
  assert.equal(total(wide.widths), 260);
  assert.equal(total(narrow.widths), 120);
  for (const i of [2, 3, 4]) {
    assert.ok(wide.widths[i]! > piped.widths[i]!, `${TABLE_COLUMNS[i]} grows in a wide terminal`);
    assert.ok(narrow.widths[i]! < piped.widths[i]!, `${TABLE_COLUMNS[i]} shrinks in a narrow one`);
  }
  assert.deepEqual(wide.widths.slice(0, 2), piped.widths.slice(0, 2), "id and date keep their width");

  const place = "Al-Hamidiyah neighbourhood of Greater Springfield, Northern Governorate of Examplestan";
  const row = ["ev-0123456789abcdef", "2024-01-02", "Air/drone strike", place, "-", "-", "1", "auto", ""];
  assert.ok(tableLine(row, piped).includes(place), "piped: the whole place");
  const cut = tableLine(row, narrow);
  assert.ok(!cut.includes(place) && cut.includes("…"), cut);
  assert.ok(cut.trimEnd().length <= 120, cut);
  assert.ok(tableLine(row, tableLayout(400)).includes(place), "a wide terminal shows it whole");
});

function article(id: string, outlet: string, published: string): Article {
  return {
    id,
    url: `https://example.test/${id}`,
    outlet,
    published,
    title: `Fictional strike report ${id}`,
    language: "en",
    text: `A fictional report (${id} by ${outlet}) written for Sitrep's tests about overnight strikes in eastern Syria. ${"Filler sentence for offsets. ".repeat(12)}`,
  };
}

async function cli(dataDir: string, args: readonly string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, ["--import", "tsx", "test/support/cli.ts", ...args], {
    cwd: ROOT,
    env: { ...process.env, SITREP_DATA_DIR: dataDir, DATABASE_URL: "", TZ: "UTC" },
  });
}

test("sitrep events / export end to end on a PGlite store: fused event, as-of view, CSV, GeoJSON", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sitrep-events-"));
  try {
    const store = await openStore(loadConfig({ SITREP_DATA_DIR: dir }));
    try {
      for (const s of provinceStrikeScenario()) {
        const saved = await store.saveArticle(
          article(s.article.id, s.article.outlet!, s.article.published!),
          [s.report],
        );
        assert.equal(saved.status, "new");
      }
    } finally {
      await store.close();
    }

    const now = await cli(dir, ["events"]);
    const lines = now.stdout.trimEnd().split("\n");
    assert.equal(lines.length, 2, now.stdout);
    assert.match(lines[0]!, /^id\s+date\s+type/);
    assert.match(
      lines[1]!,
      /2023-03-09\s+Air\/drone strike\s+Abu Kamal, Deir ez-Zor\s+Israel \(attributed\)\s+40\/57\/57\s+2\s+auto/,
    );

    const json = await cli(dir, ["events", "--json", "--country", "sy"]);
    const events = json.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as { id: string; location: { country: string } });
    assert.equal(events.length, 1, json.stdout);
    assert.match(events[0]!.id, /^ev-[0-9a-f]{16}$/);
    assert.equal(events[0]!.location.country, "Syria");
    assert.equal((await cli(dir, ["events", "--country", "IQ"])).stdout.trimEnd().split("\n").length, 1);
    await assert.rejects(cli(dir, ["events", "--country", "Narnia"]), /--country: .*found "Narnia"/);

    const then = await cli(dir, ["events", "--as-of", "2023-03-09"]);
    assert.match(then.stdout, /40\/40\/40\s+1\s+auto/);
    assert.match(then.stderr, /1 event as of 2023-03-09/);

    const none = await cli(dir, ["events", "--type", "Protests"]);
    assert.equal(none.stdout.trimEnd().split("\n").length, 1, "header only");

    const csvPath = join(dir, "out.csv");
    await cli(dir, ["export", "--format", "csv", "-o", csvPath, "--from", "2023-03"]);
    const csv = readFileSync(csvPath, "utf8").split("\r\n");
    assert.match(
      csv[0]!,
      /^event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,/,
    );
    assert.match(
      csv[1]!,
      /,2023-03-09,2023,1,Political violence,Explosions\/Remote violence,Air\/drone strike,Israel,/,
    );
    assert.match(csv[1]!, /,40,,\d+,40,57,57,attributed,2,auto,false$/);

    const geo = await cli(dir, ["export", "--format", "geojson", "--bbox", "40,34,41,35"]);
    const doc = JSON.parse(geo.stdout) as { features: { geometry: { coordinates: number[] } }[] };
    assert.deepEqual(doc.features[0]?.geometry.coordinates, [40.9171, 34.4506]);

    await assert.rejects(
      cli(dir, ["export", "--format", "xlsx"]),
      /--format: expected one of csv, geojson, jsonl, found "xlsx"/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// A fictional article written for this test: today's bombing, and a bombing two years earlier told as background.
const PRECEDENT_ARTICLE = {
  id: "bg-mix-1",
  url: "https://example.test/bg-mix-1",
  outlet: "Fictional Wire",
  published: "2030-06-12",
  title: "Bomb kills five at Korvath bus station",
  text:
    "A bomb exploded at the bus station in Korvath on Tuesday, killing five passengers, police said.\n\n" +
    "In March 2028, a suicide bomber killed 14 people at a market in Korvath, the deadliest attack in the town's history.",
};

test("sitrep ingest / events / export: a background precedent is stored but listed and exported only on request", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sitrep-background-"));
  try {
    const input = join(dir, "in.jsonl");
    writeFileSync(input, `${JSON.stringify(PRECEDENT_ARTICLE)}\n`);
    const ingest = await cli(dir, ["ingest", "--no-geocode", input]);
    assert.match(
      ingest.stderr,
      /new 1, .*reports 2, events created 1, updated 0 \(and 1 known only from background mentions\)/,
    );

    const rows = async (args: string[]) => (await cli(dir, args)).stdout.trimEnd().split("\n").slice(1);
    const news = await rows(["events"]);
    assert.equal(news.length, 1, news.join("\n"));
    assert.match(news[0]!, /2030-06-\d\d\s+Remote explosive/);
    const all = await rows(["events", "--include-background"]);
    assert.equal(all.length, 2, all.join("\n"));
    assert.match(all[0]!, /2028-03\s+Suicide bomb.*\byes$/);
    assert.doesNotMatch(all[1]!, /\byes$/);

    const csv = async (args: string[]) => {
      const [header, ...records] = (await cli(dir, ["export", "--format", "csv", ...args])).stdout
        .trimEnd()
        .split("\r\n");
      const columns = header!.split(",");
      assert.deepEqual(columns.slice(0, 2), ["event_id_cnty", "event_date"], "ACLED columns first");
      assert.equal(columns.at(-1), "background");
      // The notes hold quoted commas: read the date (second field) and the flag (last field) only.
      return records.map((r) => [r.split(",")[1], r.split(",").at(-1)]);
    };
    assert.deepEqual(await csv([]), [["2030-06-11", "false"]]);
    assert.deepEqual(await csv(["--include-background"]), [
      ["2028-03-16", "true"],
      ["2030-06-11", "false"],
    ]);
    const jsonl = (await cli(dir, ["export", "--format", "jsonl", "--include-background"])).stdout
      .trimEnd()
      .split("\n")
      .map((l) => (JSON.parse(l) as { is_background: boolean }).is_background);
    assert.deepEqual(jsonl, [true, false]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
