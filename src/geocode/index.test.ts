import assert from "node:assert/strict";
import { test } from "node:test";
import type { Place } from "../model.js";
import { createMemoryGazetteer } from "./gazetteer.js";
import { geoparse } from "./index.js";
import { place } from "../../test/support/places.js";

const PLACES: Place[] = [
  place("geonames:163843", "Syria", 35, 38, "SY", "Syria", null, "PCLI", 22_000_000),
  place("geonames:99237", "Iraq", 33, 44, "IQ", "Iraq", null, "PCLI", 40_000_000),
  place("geonames:6252001", "United States", 39.76, -98.5, "US", "United States", null, "PCLI", 327_000_000),
  place("geonames:170792", "Deir ez-Zor", 35.0, 40.0, "SY", "Syria", "Deir ez-Zor", "ADM1"),
  place("geonames:170794", "Deir ez-Zor", 35.336, 40.14, "SY", "Syria", "Deir ez-Zor", "PPLA", 242_565),
  place("geonames:174448", "Ālbū Kamāl", 34.4506, 40.9171, "SY", "Syria", "Deir ez-Zor", "PPLA2", 57_000),
  place("geonames:172408", "Hajin", 34.694, 40.833, "SY", "Syria", "Deir ez-Zor", "PPL", 37_000),
  place("geonames:8000001", "Hajin", 36.0, 48.0, "IR", "Iran", "Zanjan", "PPL", 2_000),
  place("geonames:98245", "Hīt", 33.6416, 42.8251, "IQ", "Iraq", "Anbar", "PPL", 60_000),
  place("geonames:4197000", "Georgia", 32.75, -83.5, "US", "United States", "Georgia", "ADM1"),
  place(
    "geonames:4156404",
    "Gainesville",
    29.6516,
    -82.3248,
    "US",
    "United States",
    "Florida",
    "PPLA2",
    130_000,
  ),
  place(
    "geonames:4196586",
    "Gainesville",
    34.2979,
    -83.8241,
    "US",
    "United States",
    "Georgia",
    "PPLA2",
    40_000,
  ),
  place("geonames:4155751", "Florida", 28.75, -82.5, "US", "United States", "Florida", "ADM1"),
  place("geonames:4248645", "Jackson", 42.25, -89.0, "US", "United States", "Illinois", "PPL", 600),
  place("sitrep:t4-airbase", "T-4 airbase", 34.52, 37.63, "SY", "Syria", "Homs", "AIRB"),
];

const GAZ = createMemoryGazetteer(PLACES, {
  alternates: {
    "geonames:174448": ["Abu Kamal", "Al-Bukamal", "Albu Kamal", "البوكمال", "Абу-Камаль"],
    "geonames:170794": ["Dayr az Zawr", "Deir ez-Zor"],
    "geonames:98245": ["Hit"],
    "sitrep:t4-airbase": ["T-4", "T4", "Tiyas airbase"],
  },
  demonyms: { Syrian: "SY", Iraqi: "IQ", American: "US" },
  abbreviations: { "U.S.": "geonames:6252001", "Ga.": "geonames:4197000" },
});

const names = (text: string, options = {}) =>
  geoparse(text, GAZ, options).map((r) => `${r.span.text}=${r.place.id}@${r.geo_precision}`);

test("every spelling of a town resolves to the same place", () => {
  for (const text of [
    "Shelling hit Abu Kamal on Monday.",
    "Shelling hit al-Bukamal on Monday.",
    "Shelling hit Al Bukamal on Monday.",
    "Shelling hit Albu Kamal on Monday.",
    "Shelling hit البوكمال on Monday.",
    "Shelling hit Абу-Камаль on Monday.",
  ]) {
    const found = geoparse(text, GAZ);
    assert.equal(found.length, 1, text);
    assert.equal(found[0]?.place.id, "geonames:174448", text);
  }
});

test("a province-only mention gives precision 3, a town precision 1", () => {
  assert.deepEqual(names("Fighters moved across Deir ez-Zor province overnight."), [
    "Deir ez-Zor=geonames:170792@3",
  ]);
  assert.deepEqual(names("A drone struck a car in Hajin, in the far east of the country."), [
    "Hajin=geonames:172408@1",
  ]);
});

test("relative places resolve to the anchor with precision 2", () => {
  const cases: [string, string][] = [
    ["Clashes were reported 20 km east of Dayr az Zawr on Friday.", "relative/direction"],
    ["Clashes were reported in the countryside of al-Bukamal.", "relative/rural"],
    ["Shells fell in rural Hajin on Monday.", "relative/rural"],
    ["Clashes were reported near Hajin, officials in Syria said.", "relative/near"],
    ["Gunmen stopped a bus on the road to Hajin on Friday.", "relative/road"],
    ["Clashes were reported in the Albu Kamal countryside.", "relative/area"],
  ];
  for (const [text, rule] of cases) {
    const r = geoparse(text, GAZ).find((x) => x.place.feature_class === "P");
    assert.ok(r, text);
    assert.equal(r.geo_precision, 2, text);
    assert.equal(r.rule, rule, text);
  }
});

test("'the village of X' is X itself; 'the villages of X' is the land around it", () => {
  const village = geoparse("Jets struck the village of Hajin on Monday.", GAZ).find(
    (x) => x.place.feature_class === "P",
  );
  assert.equal(village?.geo_precision, 1);
  const around = geoparse("Jets struck the villages of Hajin on Monday.", GAZ).find(
    (x) => x.place.feature_class === "P",
  );
  assert.equal(around?.geo_precision, 2);
  assert.equal(around?.rule, "relative/rural");
});

test("a border phrase with a demonym resolves to that country with precision 2", () => {
  const r = geoparse("Two trucks were stopped near the Iraqi border.", GAZ);
  assert.equal(r.length, 1);
  assert.equal(r[0]?.place.id, "geonames:99237");
  assert.equal(r[0]?.geo_precision, 2);
  assert.equal(r[0]?.rule, "relative/border");
});

test("country context and containment choose between same-named towns", () => {
  // Hajin in Syria, not in Iran: the article is about Syria.
  const syria = geoparse("Syrian forces entered Hajin after a week of fighting in Syria.", GAZ);
  assert.equal(syria.find((r) => r.span.text === "Hajin")?.place.country_code, "SY");
  // "Gainesville, Ga." is the Georgia town, not the bigger Florida one.
  const ga = geoparse("A fire destroyed a warehouse in Gainesville, Ga. on Sunday.", GAZ);
  assert.equal(ga.find((r) => r.span.text === "Gainesville")?.place.id, "geonames:4196586");
  const fl = geoparse("A fire destroyed a warehouse in Gainesville on Sunday.", GAZ);
  assert.equal(fl.find((r) => r.span.text === "Gainesville")?.place.id, "geonames:4156404");
});

test("common words and person names that are town names are not places", () => {
  assert.deepEqual(names("Hit by the news, the mayor resigned."), []);
  assert.deepEqual(names("Mr. Jackson said the vote would be delayed."), []);
  assert.deepEqual(names("Officials met Andrew Jackson on Tuesday."), []);
  // With a place cue the same word is a place.
  assert.deepEqual(names("A car bomb exploded in Hit, west of Baghdad."), ["Hit=geonames:98245@1"]);
});

test("demonyms set context but are returned only on request", () => {
  assert.deepEqual(names("Syrian officials denied the report."), []);
  assert.deepEqual(names("Syrian officials denied the report.", { includeDemonyms: true }), [
    "Syrian=geonames:163843@3",
  ]);
});

test("a demonym of two words is found though no place name opens with its first word", () => {
  const gaz = createMemoryGazetteer(PLACES, { demonyms: { "Upper Euphratean": "SY", "St. Hajini": "SY" } });
  const found = (text: string) =>
    geoparse(text, gaz, { includeDemonyms: true }).map((r) => `${r.span.text}=${r.place.id}`);
  assert.deepEqual(found("Upper Euphratean officials denied the report."), [
    "Upper Euphratean=geonames:163843",
  ]);
  assert.deepEqual(found("Local St. Hajini fighters left."), ["St. Hajini=geonames:163843"]);
});

test("curated sites and abbreviations are found", () => {
  assert.deepEqual(names("Jets struck the T-4 airbase at dawn."), ["T-4 airbase=sitrep:t4-airbase@1"]);
  assert.deepEqual(names("The U.S. imposed new sanctions."), ["U.S.=geonames:6252001@3"]);
});

test("spans are offsets into the text and alternatives are kept", () => {
  const text = "Residents fled Hajin.";
  const [r] = geoparse(text, GAZ);
  assert.ok(r);
  assert.equal(text.slice(r.span.start, r.span.end), r.span.text);
  assert.equal(r.alternatives[0]?.id, "geonames:8000001");
  assert.ok(r.score > 0 && r.score <= 1);
});

test("empty, whitespace and foreign-script texts give no toponyms and no error", () => {
  assert.deepEqual(geoparse("", GAZ), []);
  assert.deepEqual(geoparse("   \n\t ", GAZ), []);
  assert.deepEqual(geoparse("東京で会議が開かれた。", GAZ), []);
  assert.deepEqual(geoparse("x".repeat(2_000_000), GAZ), []);
});

test("geoparse is deterministic", () => {
  const text = "Fighting near al-Bukamal and in Deir ez-Zor province; Syrian jets struck Hajin.";
  assert.deepEqual(geoparse(text, GAZ), geoparse(text, GAZ));
});

/** Extra places for the organisation, container and coherence cases (GeoNames facts, rounded). */
const MORE: Place[] = [
  ...PLACES,
  place("geonames:71137", "Sanaa", 15.3547, 44.2067, "YE", "Yemen", "Amanat Alasimah", "PPLC", 1_937_451),
  place("geonames:124193", "Mohr", 27.5552, 52.8836, "IR", "Iran", "Fars", "PPLA2", 35_000),
  place("geonames:3173435", "Milan", 45.4643, 9.1895, "IT", "Italy", "Lombardy", "PPLA", 1_371_498),
  place("geonames:1719000", "Cafe", 15.1, 120.6, "PH", "Philippines", "Central Luzon", "PPL", 2_339),
  place("geonames:1138336", "Kandahar", 31.6133, 65.7101, "AF", "Afghanistan", "Kandahar", "PPLA", 523_300),
  place("geonames:3080526", "Żary", 51.6424, 15.1371, "PL", "Poland", "Lubusz", "PPLA2", 38_779),
  place("geonames:2210247", "Tripoli", 32.8925, 13.18, "LY", "Libya", "Tripoli", "PPLC", 1_150_989),
  place("geonames:1138335", "Kandahar", 31.0, 65.75, "AF", "Afghanistan", "Kandahar", "ADM1"),
  place("geonames:6115047", "Quebec", 52.0, -72.0, "CA", "Canada", "Quebec", "ADM1"),
  place("geonames:6325494", "Québec", 46.8123, -71.2145, "CA", "Canada", "Quebec", "PPLA", 531_902),
  place("geonames:4184845", "Buford", 34.1207, -84.0044, "US", "United States", "Georgia", "PPL", 15_000),
  place("geonames:1179305", "Fort Abbas", 29.1927, 72.8545, "PK", "Pakistan", "Punjab", "PPL", 40_626),
];
const MORE_GAZ = createMemoryGazetteer(MORE, {
  alternates: {
    "geonames:71137": ["SANA", "Sana'a"],
    "geonames:124193": ["Mehr"],
    "geonames:1138336": ["Kandahār"],
    "geonames:3080526": ["Zhari"],
    "geonames:1179305": ["Abbas"],
  },
  demonyms: { Syrian: "SY" },
});
const more = (text: string) =>
  geoparse(text, MORE_GAZ).map((r) => `${r.span.text}=${r.place.id}@${r.geo_precision}:${r.rule}`);

test("agency acronyms, outlets and business names are not places", () => {
  assert.deepEqual(more("The official SANA news agency said shelling hit Hajin."), [
    "Hajin=geonames:172408@1:name/exact",
  ]);
  assert.deepEqual(more("The semi-official Mehr news agency carried the statement."), []);
  assert.deepEqual(more("Diplomats dined at the Cafe Milano restaurant on Friday."), []);
  assert.deepEqual(more("Cafe owners in the capital closed early."), []);
  assert.deepEqual(more("The remarks were printed in The Daily Planet."), []);
});

test("a name the gazetteer lacks inside a marked container resolves to the container", () => {
  assert.deepEqual(more("An IED exploded in Zhari district, Kandahar, on Tuesday."), [
    "Zhari=geonames:1138336@2:contained/fallback",
    "Kandahar=geonames:1138336@1:name/exact",
  ]);
  // A short name found only as another place's other name ("Abbas" of Fort Abbas) is no mention at all: the
  // container it names is the place.
  const r = more("Gunmen clashed in Al-Abbas village in the countryside of Al-Bukamal.");
  assert.deepEqual(r, ["Al-Bukamal=geonames:174448@2:relative/rural"]);
});

test("readings near another name's reading win (Gainesville next to Buford)", () => {
  assert.deepEqual(more("Police in Gainesville said a driver from Buford was charged."), [
    "Gainesville=geonames:4196586@1:name/exact",
    "Buford=geonames:4184845@1:name/exact",
  ]);
  assert.deepEqual(more("Police in Gainesville said a driver was charged."), [
    "Gainesville=geonames:4156404@1:name/exact",
  ]);
});

test("a bare province name means its capital in Afghanistan, the province in Canada", () => {
  assert.deepEqual(more("A bomb went off in Kandahar on Monday."), [
    "Kandahar=geonames:1138336@1:name/exact",
  ]);
  assert.deepEqual(more("Voters in Quebec went to the polls on Monday."), [
    "Quebec=geonames:6115047@3:name/exact",
  ]);
  assert.deepEqual(more("Fighting spread across Kandahar province."), [
    "Kandahar=geonames:1138335@3:name/exact",
  ]);
});

const SEAT_GAZ = createMemoryGazetteer([
  place("geonames:163843", "Syria", 35, 38, "SY", "Syria", null, "PCLI", 17_000_000),
  place("geonames:169388", "Idlib", 35.83, 36.62, "SY", "Syria", "Idlib", "ADM1"),
  place("geonames:169389", "Idlib", 35.93, 36.63, "SY", "Syria", "Idlib", "PPLA", 128_000),
  place("geonames:690548", "Ukraine", 49, 32, "UA", "Ukraine", null, "PCLI", 44_000_000),
  place("geonames:709716", "Donetsk", 48.0, 37.8, "UA", "Ukraine", "Donetsk", "ADM1"),
  place("geonames:709717", "Donetsk", 48.02, 37.8, "UA", "Ukraine", "Donetsk", "PPLA", 930_000),
  // A made-up hamlet far from Donetsk, the only reading of its name.
  place("test:zorivka", "Zorivka", 49.0, 32.1, "UA", "Ukraine", "Cherkasy", "PPL", 900),
]);

test("a province told as the place stands at its seat; a province containing a name does not", () => {
  const [province] = geoparse("Shelling hit Idlib province on Monday.", SEAT_GAZ);
  assert.equal(province?.place.feature_code, "ADM1");
  assert.equal(province?.seat?.id, "geonames:169389");
  const contained = geoparse("Shells fell on Kafrzeta, Idlib province, on Monday.", SEAT_GAZ);
  assert.equal(contained.find((r) => r.place.feature_code === "ADM1")?.seat, undefined);
});

test("'X, Y' with only a far minor namesake of X in Y's country resolves to Y", () => {
  const [first] = geoparse("Mortars were fired at positions near Zorivka, Donetsk, on Friday.", SEAT_GAZ);
  assert.equal(first?.span.text, "Zorivka");
  assert.equal(first?.rule, "contained/fallback");
  assert.equal(first?.place.country_code, "UA");
  assert.notEqual(first?.place.id, "test:zorivka");
});

test("'the town of X' is a place cue for a transliterated name", () => {
  const cued = geoparse("An air strike hit the town of Hajeen on Friday.", GAZ);
  assert.ok(cued.some((x) => x.place.id === "geonames:172408"));
  const bare = geoparse("An air strike hit the heart of Hajeen on Friday.", GAZ);
  assert.ok(!bare.some((x) => x.place.id === "geonames:172408"));
});

test("a resolution's fields keep one order whether it has a role, a seat, both or neither", () => {
  const cases: [string, string, string[]][] = [
    [
      "Shelling hit Idlib province on Monday.",
      "Idlib",
      ["span", "place", "score", "geo_precision", "rule", "alternatives", "seat"],
    ],
    [
      "Shelling hit Syria on Monday.",
      "Syria",
      ["span", "place", "score", "geo_precision", "rule", "alternatives"],
    ],
    [
      "The wounded were taken to hospitals in Idlib province.",
      "Idlib",
      ["span", "place", "score", "geo_precision", "rule", "role", "alternatives", "seat"],
    ],
  ];
  for (const [text, name, keys] of cases) {
    const found = geoparse(text, SEAT_GAZ).find((r) => r.span.text === name);
    assert.deepEqual(found && Object.keys(found), keys, text);
  }
});

test("a town name opening a sentence is dropped only when the article writes it as a lower-case word", () => {
  const opening = "Jackson was quiet on Monday.";
  const cases: [string, string[]][] = [
    ["", ["Jackson=geonames:4248645@1"]],
    [" A jackson tree fell.", []],
    [" A jackson's tree fell.", []],
    [" A jackson", []],
    [" A jacksonia tree fell.", ["Jackson=geonames:4248645@1"]],
    [" The half-jackson fell.", ["Jackson=geonames:4248645@1"]],
    [" A jackson-style tree fell.", ["Jackson=geonames:4248645@1"]],
  ];
  for (const [rest, want] of cases) assert.deepEqual(names(opening + rest), want, rest);
});
