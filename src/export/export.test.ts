import assert from "node:assert/strict";
import { test } from "node:test";
import { buildEvent } from "../fuse/build-event.js";
import { count, PLACES, provinceStrikeScenario, sourced } from "../../test/support/fuse-fixtures.js";
import type { FusedEvent } from "../model.js";
import {
  acledEventDate,
  acledFatalities,
  acledTimePrecision,
  EXPORT_COLUMNS,
  exportRow,
  isoNumeric,
} from "./acled.js";
import { createExporter, csvField, csvHeader, csvRow, geojsonFeature, jsonlLine } from "./formats.js";

/** A strict RFC 4180 reader (quoted fields, doubled quotes, CRLF or LF), independent of the writer. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else field += ch;
      i++;
      continue;
    }
    if (ch === '"') {
      assert.equal(field, "", `a quote may only open a field (offset ${i})`);
      quoted = true;
    } else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      // CRLF: handled at the LF.
    } else if (ch === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
    i++;
  }
  assert.equal(quoted, false, "no unterminated quote");
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  return rows;
}

function scenarioEvent(): FusedEvent {
  return buildEvent(provinceStrikeScenario());
}

function awkwardEvent(): FusedEvent {
  return buildEvent([
    sourced(
      "aw#1",
      { id: "aw", outlet: 'The "Quoted", Outlet', published: "2023-05-02T10:00:00Z" },
      {
        date: { value: "2023-04", precision: "month", start: null, end: null },
        location: { ...PLACES.aleppo, name: "Aleppo, old city\nnorth", admin2: " Jabal Semaan" },
        actor1: { name: "Unidentified armed group", text: "gunmen", certainty: "unknown" },
        actor2: null,
        assoc_actors: [{ name: "Civilians", text: "residents" }],
        fatalities: count([24, null, "Health, Ministry", { vague: "dozens" }], [30, 35, null]),
      },
    ),
  ]);
}

test("CSV: header row with ACLED's column names, then Sitrep's", () => {
  const [header] = parseCsv(csvHeader());
  assert.deepEqual(header, [...EXPORT_COLUMNS]);
  assert.deepEqual(header?.slice(0, 4), ["event_id_cnty", "event_date", "year", "time_precision"]);
  assert.deepEqual(header?.slice(-7), [
    "fatalities_low",
    "fatalities_best",
    "fatalities_high",
    "certainty",
    "reports",
    "status",
    "background",
  ]);
});

test("CSV round-trips through an RFC 4180 reader, commas, quotes and newlines included", () => {
  const events = [scenarioEvent(), awkwardEvent()];
  const text = csvHeader() + events.map(csvRow).join("");
  const rows = parseCsv(text);
  assert.equal(rows.length, 3);
  for (const row of rows) assert.equal(row.length, EXPORT_COLUMNS.length);
  const records = rows.slice(1).map((r) => Object.fromEntries(EXPORT_COLUMNS.map((c, i) => [c, r[i]])));
  const [strike, awkward] = records;
  assert.equal(strike?.event_date, "2023-03-09");
  assert.equal(strike?.year, "2023");
  assert.equal(strike?.time_precision, "1");
  assert.equal(strike?.iso, "760");
  assert.equal(strike?.fatalities, "40");
  assert.deepEqual(
    [strike?.fatalities_low, strike?.fatalities_best, strike?.fatalities_high],
    ["40", "57", "57"],
  );
  assert.equal(strike?.source, "Northwind Daily; Harbor Ledger");
  assert.equal(strike?.reports, "2");
  assert.equal(strike?.status, "auto");
  assert.equal(strike?.background, "false");
  assert.match(strike?.notes ?? "", /Fatality claims: 40\+ \(Levant Monitoring Network, via Northwind Daily/);
  assert.equal(awkward?.source, 'The "Quoted", Outlet');
  assert.equal(awkward?.location, "Aleppo, old city\nnorth");
  assert.equal(awkward?.admin2, " Jabal Semaan");
  assert.equal(awkward?.event_date, "2023-04-15", "month precision: the middle of the month");
  assert.equal(awkward?.time_precision, "3");
  assert.equal(awkward?.assoc_actor_1, "Civilians");
  assert.equal(awkward?.actor2, "", "missing values are empty fields");
});

test("fatalities follows ACLED's conservative convention: vague 'dozens' is 12 while Sitrep's low stays 24", () => {
  const event = awkwardEvent();
  assert.equal(event.fatalities?.low, 24);
  assert.equal(acledFatalities(event), 12);
  assert.equal(exportRow(event).fatalities_low, 24);
  const none = buildEvent([sourced("n#1", { id: "n" })]);
  assert.equal(acledFatalities(none), 0);
  assert.equal(exportRow(none).fatalities_low, null);
});

test("ACLED dates and codes", () => {
  assert.equal(
    acledEventDate({ value: "2023-03", precision: "month", start: "2023-03-01", end: "2023-03-31" }),
    "2023-03-16",
  );
  assert.equal(acledEventDate({ value: "2020", precision: "year", start: null, end: null }), "2020-07-01");
  assert.equal(acledEventDate({ value: null, precision: "unknown", start: null, end: null }), null);
  assert.equal(
    acledTimePrecision({ value: "2023-03-06", precision: "week", start: "2023-03-06", end: "2023-03-12" }),
    2,
  );
  assert.equal(isoNumeric("SY"), 760);
  assert.equal(isoNumeric("iq"), 368);
  assert.equal(isoNumeric("XX"), null);
  assert.equal(csvField('a "b"'), '"a ""b"""');
  assert.equal(csvField(12.5), "12.5");
  assert.equal(csvField(true), "true");
});

test("an event known only from background mentions is flagged in every format; one with news is not", () => {
  const background = buildEvent([sourced("bg#1", { id: "bg" }, { is_background: true })]);
  const news = buildEvent([
    sourced("bg#2", { id: "bg2" }, { is_background: true }),
    sourced("nw#1", { id: "nw" }, { is_background: false }),
  ]);
  const cases: [string, FusedEvent, boolean][] = [
    ["background only", background, true],
    ["news and a background mention", news, false],
  ];
  for (const [name, event, flagged] of cases) {
    const [, row] = parseCsv(csvHeader() + csvRow(event));
    assert.equal(row?.[EXPORT_COLUMNS.indexOf("background")], String(flagged), name);
    assert.equal(geojsonFeature(event)?.properties.background, flagged, name);
    assert.equal((JSON.parse(jsonlLine(event)) as FusedEvent).is_background, flagged, name);
  }
});

test("GeoJSON: a FeatureCollection with [lon, lat] points and flat properties; unlocated events left out and counted", () => {
  const located = scenarioEvent();
  const unlocated = buildEvent([sourced("u#1", { id: "u" }, { location: null })]);
  const exporter = createExporter("geojson");
  const text =
    exporter.header +
    [located, unlocated, located].map((e) => exporter.event(e)).join("") +
    exporter.footer();
  const doc = JSON.parse(text) as {
    type: string;
    features: {
      type: string;
      geometry: { type: string; coordinates: number[] };
      properties: Record<string, unknown>;
    }[];
  };
  assert.equal(doc.type, "FeatureCollection");
  assert.equal(doc.features.length, 2);
  assert.equal(exporter.skipped, 1);
  const [f] = doc.features;
  assert.equal(f?.geometry.type, "Point");
  assert.deepEqual(f?.geometry.coordinates, [40.9171, 34.4506]);
  for (const v of Object.values(f?.properties ?? {}))
    assert.ok(v === null || typeof v !== "object", "flat properties");
  assert.equal(f?.properties.fatalities_high, 57);
  assert.equal(geojsonFeature(unlocated), null);
  const empty = createExporter("geojson");
  assert.deepEqual(JSON.parse(empty.header + empty.footer()), { type: "FeatureCollection", features: [] });
});

test("JSONL: one full FusedEvent a line", () => {
  const event = scenarioEvent();
  const line = jsonlLine(event);
  assert.ok(line.endsWith("\n") && !line.slice(0, -1).includes("\n"));
  assert.deepEqual(JSON.parse(line), JSON.parse(JSON.stringify(event)));
});
