import assert from "node:assert/strict";
import { test } from "node:test";
import { parse } from "csv-parse/sync";
import { buildEvent } from "../fuse/build-event.js";
import { count, PLACES, provinceStrikeScenario, sourced } from "../../test/support/fuse-fixtures.js";
import type { FusedEvent } from "../model.js";
import {
  acledEventDate,
  acledFatalities,
  acledInteraction,
  acledRegion,
  acledTimePrecision,
  disorderType,
  EXPORT_COLUMNS,
  exportRow,
  interCode,
  isoNumeric,
} from "./acled.js";
import { createExporter, csvField, csvHeader, csvRow, geojsonFeature, jsonlLine } from "./formats.js";

/** Rows of a CSV text as csv-parse reads it (RFC 4180: quoted fields, doubled quotes, CRLF), strict on column counts. */
function parseCsv(text: string): string[][] {
  return parse(text, { relax_column_count: false, skip_empty_lines: false }) as string[][];
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

/** ACLED's export codebook columns, in ACLED's order, as analysts' code reads them. */
const ACLED_CODEBOOK_COLUMNS = [
  "event_id_cnty",
  "event_date",
  "year",
  "time_precision",
  "disorder_type",
  "event_type",
  "sub_event_type",
  "actor1",
  "assoc_actor_1",
  "inter1",
  "actor2",
  "assoc_actor_2",
  "inter2",
  "interaction",
  "civilian_targeting",
  "iso",
  "region",
  "country",
  "admin1",
  "admin2",
  "admin3",
  "location",
  "latitude",
  "longitude",
  "geo_precision",
  "source",
  "source_scale",
  "notes",
  "fatalities",
  "tags",
  "timestamp",
];

test("CSV: header row with every ACLED codebook column in ACLED's order, then Sitrep's", () => {
  const [header] = parseCsv(csvHeader());
  assert.deepEqual(header, [...EXPORT_COLUMNS]);
  assert.deepEqual(header?.slice(0, ACLED_CODEBOOK_COLUMNS.length), ACLED_CODEBOOK_COLUMNS);
  assert.deepEqual(header?.slice(ACLED_CODEBOOK_COLUMNS.length), [
    "fatalities_low",
    "fatalities_best",
    "fatalities_high",
    "certainty",
    "reports",
    "status",
    "background",
  ]);
});

test("ACLED codes: inter codes from the actor table, interaction, disorder type, region", () => {
  const cases: readonly [string | null, string | null, number | null][] = [
    [null, "Syria", 0],
    ["Military Forces of Sudan", "Sudan", 1],
    ["Military Forces of Sudan", "Chad", 8],
    ["Police Forces of Freedonia", "Freedonia", 1],
    ["Israel", "Syria", 8],
    ["Syrian government", "Syria", 1],
    ["Islamic State", "Iraq", 2],
    ["Rebels (Mali)", "Mali", 2],
    ["Hezbollah", "Lebanon", 3],
    ["Unidentified Armed Group (Nigeria)", "Nigeria", 3],
    ["Fulani ethnic militia", "Nigeria", 4],
    ["Rioters (Kenya)", "Kenya", 5],
    ["Protesters (Chile)", "Chile", 6],
    ["Civilians (Yemen)", "Yemen", 7],
    ["AMISOM", "Somalia", 8],
    ["Military Forces of Artsakh", "Azerbaijan", 1],
    ["Some Unknown Brigade", "Syria", null],
  ];
  for (const [actor, country, code] of cases)
    assert.equal(interCode(actor, country), code, `${actor} in ${country}`);
  assert.equal(acledInteraction(1, 7), 17);
  assert.equal(acledInteraction(7, 1), 17, "the smaller digit first");
  assert.equal(acledInteraction(2, 0), 20, "an actor alone");
  assert.equal(acledInteraction(3, 3), 33);
  assert.equal(acledInteraction(0, 0), null);
  assert.equal(acledInteraction(null, 1), null);
  const disorder = (event_type: string, sub_event_type: string) =>
    disorderType({ event_type, sub_event_type } as Parameters<typeof disorderType>[0]);
  assert.equal(disorder("Battles", "Armed clash"), "Political violence");
  assert.equal(disorder("Protests", "Peaceful protest"), "Demonstrations");
  assert.equal(
    disorder("Protests", "Excessive force against protesters"),
    "Political violence; Demonstrations",
  );
  assert.equal(disorder("Riots", "Mob violence"), "Political violence; Demonstrations");
  assert.equal(disorder("Riots", "Violent demonstration"), "Demonstrations");
  assert.equal(disorder("Strategic developments", "Arrests"), "Strategic developments");
  assert.equal(acledRegion("SY"), "Middle East");
  assert.equal(acledRegion("ng"), "Western Africa");
  assert.equal(acledRegion("UA"), "Europe");
  assert.equal(acledRegion("XX"), null);
});

test("CSV columns read back with ACLED's types: integers, numbers, codes, civilian targeting", () => {
  const civilians = buildEvent([
    sourced(
      "cv#1",
      { id: "cv", published: "2023-06-02T08:00:00Z" },
      {
        event_type: "Violence against civilians",
        sub_event_type: "Attack",
        location: PLACES.mosul,
        actor1: { name: "Islamic State", text: "militants", certainty: "claimed" },
        actor2: { name: "Civilians (Iraq)", text: "villagers" },
        fatalities: count([3, null, null]),
      },
    ),
  ]);
  const rows = parseCsv(csvHeader() + [scenarioEvent(), civilians, awkwardEvent()].map(csvRow).join(""));
  const records = rows.slice(1).map((r) => Object.fromEntries(EXPORT_COLUMNS.map((c, i) => [c, r[i]!])));
  const integer = (v: string | undefined) => /^-?\d+$/.test(v ?? "");
  const number = (v: string | undefined) => v !== "" && Number.isFinite(Number(v));
  for (const r of records) {
    for (const c of ["year", "time_precision", "fatalities", "timestamp", "reports"] as const) {
      assert.ok(integer(r[c]), `${c} is an integer: "${r[c]}"`);
    }
    for (const c of ["latitude", "longitude"] as const)
      assert.ok(number(r[c]), `${c} is a number: "${r[c]}"`);
    for (const c of ["inter1", "inter2", "geo_precision", "iso"] as const) {
      assert.ok(r[c] === "" || integer(r[c]), `${c} is an integer or empty: "${r[c]}"`);
    }
  }
  const [strike, attack, awkward] = records;
  assert.deepEqual(
    [strike?.inter1, strike?.inter2, strike?.interaction, strike?.civilian_targeting],
    ["8", "3", "38", ""],
    "Israel's forces in Syria are external forces; Iran-backed militias political militias",
  );
  assert.deepEqual(
    [strike?.disorder_type, strike?.region, strike?.iso],
    ["Political violence", "Middle East", "760"],
  );
  assert.deepEqual(
    [attack?.inter1, attack?.inter2, attack?.interaction, attack?.civilian_targeting],
    ["2", "7", "27", "Civilian targeting"],
  );
  assert.deepEqual([attack?.region, attack?.iso], ["Middle East", "368"]);
  assert.deepEqual([awkward?.inter1, awkward?.inter2, awkward?.interaction], ["3", "0", "30"]);
  for (const r of records)
    assert.deepEqual([r.admin3, r.source_scale, r.tags, r.assoc_actor_2], ["", "", "", ""]);
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
  // A part of the toll ("seven of the dead were ...") is kept as a claim but is no count of the whole.
  const f = event.fatalities;
  assert.ok(f);
  const parted = {
    ...event,
    fatalities: {
      ...f,
      claims: [
        ...f.claims,
        { ...(f.claims[0] as (typeof f.claims)[0]), vague: undefined, low: 3, high: 3, part: true as const },
      ],
    },
  };
  assert.equal(acledFatalities(parted), 12);
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
