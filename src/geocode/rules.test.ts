import assert from "node:assert/strict";
import { test } from "node:test";
import type { Place } from "../model.js";
import { createMemoryGazetteer } from "./gazetteer.js";
import { geoparse } from "./index.js";
import { place } from "../../test/support/places.js";

const PLACES: Place[] = [
  place("geonames:163843", "Syria", 35, 38, "SY", "SY", null, "PCLI", 22_000_000),
  place(
    "geonames:203312",
    "Democratic Republic of the Congo",
    -2.5,
    23.5,
    "CD",
    "CD",
    null,
    "PCLI",
    84_000_000,
  ),
  place("geonames:2260494", "Republic of the Congo", -1, 15.5, "CG", "CG", null, "PCLI", 5_000_000),
  place("geonames:170016", "Hama", 35.3, 36.8, "SY", "SY", "Hama", "ADM1"),
  place("geonames:170017", "Ḩamāh", 35.13, 36.76, "SY", "SY", "Hama", "PPLA", 460_000),
  place("geonames:170063", "Aleppo", 36.2, 37.16, "SY", "SY", "Aleppo", "PPLA", 1_600_000),
  place("geonames:170654", "Damascus", 33.51, 36.29, "SY", "SY", "Dimashq", "PPLC", 1_570_000),
  place("geonames:170904", "Idlib", 35.93, 36.63, "SY", "SY", "Idlib", "PPLA", 128_000),
  place("geonames:169389", "Idlib", 35.8, 36.6, "SY", "SY", "Idlib", "ADM1"),
  place("geonames:169577", "Saraqib", 35.86, 36.8, "SY", "SY", "Idlib", "PPLA3", 30_000),
  place("geonames:1279186", "Abu", 24.59, 72.71, "IN", "IN", "Rajasthan", "PPL", 30_000),
  place("test:haan", "Haan", 51.19, 7.01, "DE", "DE", "North Rhine-Westphalia", "PPL", 30_000),
  place("test:never", "Never", 53.9, 124.0, "RU", "RU", "Amur", "PPL", 2_000),
  place("test:shin", "Shin", 34.9, 36.5, "SY", "SY", "Homs", "PPL", 3_000),
  place("test:hilla", "Al Hilla", 32.48, 44.42, "IQ", "IQ", "Babil", "PPLA", 450_000),
  place("test:any", "Any", 49.8, 4.2, "FR", "FR", "Hauts-de-France", "PPL", 500),
  place("test:khan", "Khan", 35.2, 36.9, "SY", "SY", "Hama", "PPL", 600),
  place("geonames:230166", "Lira", 2.25, 32.9, "UG", "UG", "Northern", "PPLA2", 100_000),
  place("geonames:316634", "Dinar", 38.07, 30.17, "TR", "TR", "Afyonkarahisar", "PPLA2", 36_000),
  place("test:fj-eastern", "Eastern", -18.15, -179.75, "FJ", "FJ", "Eastern", "ADM1"),
  place("test:winfield", "Winfield", 37.24, -97, "US", "US", "Kansas", "PPL", 12_000),
  place("test:law", "Law", 55.7, -3.9, "GB", "GB", "Scotland", "PPL", 3_000),
  place("test:week", "Week", 50.6, -3.9, "GB", "GB", "England", "PPL", 800),
  place("test:tr", "Turkey", 39, 35, "TR", "TR", null, "PCLI", 80_000_000),
  place("test:hasakah-province", "Al-Hasakah", 36.4, 40.9, "SY", "SY", "Al-Hasakah", "ADM1"),
  place("test:hasakah-city", "Hasakeh", 36.5, 40.75, "SY", "SY", "Al-Hasakah", "PPLA", 190_000),
  place("geonames:1733039", "Sabah", 5.5, 117, "MY", "MY", "Sabah", "ADM1"),
  place("geonames:314830", "Gaziantep", 37.06, 37.38, "TR", "TR", "Gaziantep", "PPLA", 1_000_000),
  place("geonames:709717", "Donetsk", 48.0, 37.8, "UA", "UA", "Donetsk", "PPLA", 930_000),
  place("geonames:709716", "Donetsk", 48.1, 37.7, "UA", "UA", "Donetsk", "ADM1"),
  // A name shared by more towns than the shortlist keeps: the one in Donetsk is the smallest.
  ...Array.from({ length: 30 }, (_, k) =>
    place(`test:olex-${k}`, "Oleksandrivka", 48.5, 31 + k / 10, "UA", "UA", "Kirovohrad", "PPL", 5_000 - k),
  ),
  place("test:olex-donetsk", "Oleksandrivka", 47.9, 37.5, "UA", "UA", "Donetsk", "PPL", 600),
  place("geonames:2595293", "Tillaberi", 14.2, 1.45, "NE", "NE", "Tillaberi", "ADM1"),
  place("geonames:2595294", "Tillaberi", 14.21, 1.45, "NE", "NE", "Tillaberi", "PPLA", 20_000),
  place("test:dessa-et", "Dessa", 11.13, 39.63, "ET", "ET", "Amhara", "PPL", 2_000),
  place("test:twin-be", "Twin", 50.3, 4.3, "BE", "BE", "Wallonia", "PPL", 14_000),
  place("test:assads-ma", "Assads", 30.0, -8.0, "MA", "MA", "Souss", "PPL", 1_000),
  place("test:maria-elena-ph", "Maria Elena", 8.5, 124.6, "PH", "PH", "Northern Mindanao", "PPL", 9_000),
  place("geonames:524901", "Moscow", 55.75, 37.62, "RU", "RU", "Moscow", "PPLC", 10_000_000),
];

const GAZ = createMemoryGazetteer(PLACES, {
  alternates: {
    "geonames:170017": ["Hama"],
    "geonames:170654": ["Al-Sham", "Sham"],
    "test:shin": ["Shinah"],
    "geonames:2260494": ["Republic of Congo"],
    "geonames:203312": ["Democratic Republic of Congo"],
  },
  demonyms: { Syrian: "SY", Turkish: "TR" },
  abbreviations: {},
});

const found = (text: string) =>
  geoparse(text, GAZ).map((r) => `${r.span.text}=${r.place.id}${r.role ? `!${r.role}` : ""}`);

test("kinds of error seen on real news, each as a rule", () => {
  const cases: [string, string, string[]][] = [
    [
      "a first name before a province's name",
      "Omar Hama, a teacher, was hurt in Aleppo.",
      ["Aleppo=geonames:170063"],
    ],
    ["a title before a surname", "Col. Saraqib told the council he would stay.", []],
    [
      "a name prefix alone",
      "Gunmen from Abu Zeitouna attacked a post near Aleppo in Syria.",
      ["Aleppo=geonames:170063", "Syria=geonames:163843"],
    ],
    ["a name prefix alone, even with a cue", "Shells fell on Abu in Syria.", ["Syria=geonames:163843"]],
    [
      "'Khan' heads a name ('Khan al-Assal'), never alone",
      "Videos showed killings in Khan Al-Assal near Aleppo in Syria.",
      ["Aleppo=geonames:170063", "Syria=geonames:163843"],
    ],
    [
      "a common word opening a quote or a page's sign-up line",
      '"Any town that resists will be shelled," the officer said in Aleppo. Never miss a story: sign up today.',
      ["Aleppo=geonames:170063"],
    ],
    [
      "a short spelling guess finds a city, not a village by its other name ('al-Sinaa' is no 'Shinah')",
      "Shells hit the al-Sinaa district of Aleppo while a bomb went off in Hillah.",
      ["Aleppo=geonames:170063", "Hillah=test:hilla"],
    ],
    ["currency names", "The Syrian Pound and the Lira fell while the Dinar held.", []],
    [
      "a currency word as a town with its country",
      "Crowds gathered in Lira, Uganda.",
      ["Lira=geonames:230166"],
    ],
    ["an outlet name", "Daily Sabah said the convoy reached Aleppo.", ["Aleppo=geonames:170063"]],
    ["a media centre", "The Idlib Media Center posted photos from Saraqib.", ["Saraqib=geonames:169577"]],
    [
      "official country names",
      "Talks between the Democratic Republic of Congo and the Republic of Congo resumed.",
      ["Democratic Republic of Congo=geonames:203312", "Republic of Congo=geonames:2260494"],
    ],
    ["a month in a date", "May 3 was quiet in Hama.", ["Hama=geonames:170017"]],
    [
      "a bare province name means its capital, spelt loosely (Ḩamāh)",
      "Jets struck Hama.",
      ["Hama=geonames:170017"],
    ],
    [
      "a first name and more that run into a surname are a person",
      "The envoy Maria Elena Vargas said shells hit Aleppo.",
      ["Aleppo=geonames:170063"],
    ],
    ["a possessive without its apostrophe", "Assads forces shelled Saraqib.", ["Saraqib=geonames:169577"]],
    [
      "a source by surname",
      "Jets struck Saraqib, according to Winfield, a former officer.",
      ["Saraqib=geonames:169577"],
    ],
    [
      "the head of a title",
      "The raid on Saraqib broke the Law of Armed Conflict, said the Winfield of the Revolution Council.",
      ["Saraqib=geonames:169577"],
    ],
    [
      "a famous place's other name at the tail of a group's name",
      "Fighters of Faylaq Al Sham shelled Saraqib; shells later hit Al-Sham itself.",
      ["Saraqib=geonames:169577", "Al-Sham=geonames:170654"],
    ],
    [
      "a name given as a person's, then speaking, whatever its length",
      "A local activist who uses the name Maria Elena said shells hit Saraqib. Winfield Law said the same.",
      ["Saraqib=geonames:169577"],
    ],
    [
      "a famous place's other name after a possessive stays that place",
      "Shells hit Syrias Sham on Monday.",
      ["Sham=geonames:170654"],
    ],
    [
      "a source by surname at the end of its sentence",
      "Rescuers dug through the rubble in Saraqib for hours according to Winfield.",
      ["Saraqib=geonames:169577"],
    ],
    [
      "a town that opens an agency's name after 'according to' stays a place",
      "A man was held in Saraqib according to Winfield police.",
      ["Saraqib=geonames:169577", "Winfield=test:winfield"],
    ],
    ["a facility's name", "Shells hit the Winfield hotel in Saraqib.", ["Saraqib=geonames:169577"]],
    [
      "an outlet's reporter",
      "Shells hit Saraqib, according to a Winfield reporter.",
      ["Saraqib=geonames:169577"],
    ],
    [
      "a minor namesake abroad named without a cue",
      "Twin car bombs hit Aleppo and Hama as Syria voted.",
      ["Aleppo=geonames:170063", "Hama=geonames:170017", "Syria=geonames:163843"],
    ],
  ];
  for (const [kind, text, want] of cases) assert.deepEqual(found(text), want, kind);
});

test("'X, Province' chooses X inside the province and the province over its capital", () => {
  const r = geoparse("Shelling hit Oleksandrivka, Donetsk, overnight.", GAZ);
  assert.equal(r[0]?.place.id, "test:olex-donetsk");
  assert.equal(r[1]?.place.id, "geonames:709716");
  // A town with only a namesake abroad, before a province: the province, not the namesake.
  const n = geoparse("Soldiers killed two men in Famale (Dessa, Tillaberi).", GAZ);
  assert.equal(n.find((x) => x.span.text === "Dessa")?.place.id, "geonames:2595293");
  assert.equal(n.find((x) => x.span.text === "Dessa")?.rule, "contained/fallback");
});

test("dateline, hospital and remote-speaker places carry a role; event places do not", () => {
  const cases: [string, string[]][] = [
    [
      "DAMASCUS (Reuters) - Shells hit Saraqib on Monday.",
      ["DAMASCUS=geonames:170654!dateline", "Saraqib=geonames:169577"],
    ],
    [
      "Aleppo, May 3 (AP) — Jets struck Saraqib.",
      ["Aleppo=geonames:170063!dateline", "Saraqib=geonames:169577"],
    ],
    [
      "Jets struck Saraqib and the wounded were taken to hospitals in Idlib.",
      ["Saraqib=geonames:169577", "Idlib=geonames:170904!hospital"],
    ],
    [
      "Jets struck Saraqib; the wounded were rushed to Idlib National Hospital.",
      ["Saraqib=geonames:169577", "Idlib=geonames:170904!hospital"],
    ],
    [
      "Speaking from Gaziantep, a survivor said jets struck Saraqib.",
      ["Gaziantep=geonames:314830!remote", "Saraqib=geonames:169577"],
    ],
    [
      "A resident who fled to Gaziantep said jets struck Saraqib.",
      ["Gaziantep=geonames:314830!remote", "Saraqib=geonames:169577"],
    ],
    [
      "Air raids hit two hospitals in Idlib and a clinic in Saraqib.",
      ["Idlib=geonames:170904", "Saraqib=geonames:169577"],
    ],
    ["Jets struck Saraqib, a town in Idlib province.", ["Saraqib=geonames:169577", "Idlib=geonames:169389"]],
    [
      "Jets struck Saraqib, and Damascus denied any role.",
      ["Saraqib=geonames:169577", "Damascus=geonames:170654!government"],
    ],
    ["Hundreds in the suburbs near Damascus protested against the siege.", ["Damascus=geonames:170654"]],
    [
      "The raid on Saraqib prompted Damascus to recall its envoy.",
      ["Saraqib=geonames:169577", "Damascus=geonames:170654!government"],
    ],
    [
      "Gunmen attacked a camp near Idlib on the Syrian side of the border with Turkey.",
      ["Idlib=geonames:170904", "Turkey=test:tr!neighbour"],
    ],
    ["Gunmen attacked a camp in Hasakeh province.", ["Hasakeh=test:hasakah-province"]],
    ["Six children died in Eastern Ghouta, a monitor said.", []],
    [
      "Jets struck Saraqib. Kurds Kill 175 Fighters in Week. The fighting went on all week.",
      ["Saraqib=geonames:169577"],
    ],
    ["Shells hit Damascus and Aleppo on Monday.", ["Damascus=geonames:170654", "Aleppo=geonames:170063"]],
    [
      "Shells hit Aleppo; Aleppo said the city was calm.",
      ["Aleppo=geonames:170063", "Aleppo=geonames:170063"],
    ],
  ];
  for (const [text, want] of cases) assert.deepEqual(found(text), want, text);
});

test("a province capital's bare name is the city, even when the article names other provinces", () => {
  const ids = (text: string) => geoparse(text, GAZ).map((r) => `${r.span.text}=${r.place.id}`);
  const text =
    "Clashes went on in Idlib province on Monday. Barrel bombs hit a district of Hama city. Jets struck Idlib.";
  assert.ok(ids(text).includes("Idlib=geonames:169389"), ids(text).join(" "));
  assert.ok(ids(text).includes("Idlib=geonames:170904"), ids(text).join(" "));
  assert.ok(ids(text).includes("Hama=geonames:170017"), ids(text).join(" "));
});

test("a district seat whose population GeoNames does not know outranks a village of the same name abroad", () => {
  const gaz = createMemoryGazetteer([
    place("test:seat-sy", "Tal Kafr", 37.05, 41.2, "SY", "SY", "Al-Hasakah", "PPLA2", 0),
    place("test:village-ua", "Tal Kafr", 45.07, 33.66, "UA", "UA", "Crimea", "PPL", 2_000),
  ]);
  const ids = geoparse("Rockets hit Tal Kafr on Sunday.", gaz).map((r) => r.place.id);
  assert.deepEqual(ids, ["test:seat-sy"]);
});

test("a weapon's model is no place; a place whose name opens an attack's name stays one", () => {
  const gaz = createMemoryGazetteer([
    place("test:grad-si", "Grad", 46.8, 16.1, "SI", "SI", "Grad", "PPL", 2_000),
    place("test:kyiv", "Kyiv", 50.45, 30.52, "UA", "UA", "Kyiv City", "PPLC", 2_900_000),
  ]);
  const names = (text: string) => geoparse(text, gaz).map((r) => r.span.text);
  assert.deepEqual(names("Fighters fired three Grad rockets at the garrison."), []);
  assert.deepEqual(names("Fighters fired three Grad Missiles at the garrison."), []);
  assert.deepEqual(names("Warships fired Kyiv cruise missiles at the port."), []);
  assert.deepEqual(names("A Kyiv missile attack killed 11 people."), ["Kyiv"]);
  assert.deepEqual(names("Rockets hit Grad on Sunday."), ["Grad"]);
});

// Places of the container-chain cases (GeoNames facts, rounded; "Khogyani" in Ghazni stands for an exact namesake).
const CHAIN_PLACES: Place[] = [
  place("geonames:1149361", "Afghanistan", 33, 66, "AF", "AF", null, "PCLI", 37_000_000),
  place("geonames:1140025", "Herat", 34.5, 62.5, "AF", "AF", "Herat", "ADM1"),
  place("geonames:1140026", "Herāt", 34.35, 62.2, "AF", "AF", "Herat", "PPLA", 570_000),
  place("geonames:7053040", "Gulran", 34.94, 61.78, "AF", "AF", "Herat", "ADM2"),
  place("geonames:1132366", "Nangarhar", 34.38, 70.43, "AF", "AF", "Nangarhar", "ADM1"),
  place("test:khugyani", "Khugyani", 34.24, 70.18, "AF", "AF", "Nangarhar", "ADM2"),
  place("test:khogyani-ghazni", "Khogyani", 33.55, 68.3, "AF", "AF", "Ghazni", "PPLA2", 2_000),
  place("geonames:1140043", "Helmand", 31.44, 64.07, "AF", "AF", "Helmand", "ADM1"),
  place("geonames:1146051", "Lashkar Gāh", 31.59, 64.37, "AF", "AF", "Helmand", "PPLA", 200_000),
  place("geonames:1138958", "Kabul", 34.53, 69.17, "AF", "AF", "Kabul", "PPLC", 3_000_000),
  place("geonames:1138336", "Jalālābād", 34.43, 70.45, "AF", "AF", "Nangarhar", "PPLA", 200_000),
  place("geonames:51537", "Somalia", 6, 48, "SO", "SO", null, "PCLI", 15_000_000),
  place("geonames:64833", "Banaadir", 2.04, 45.34, "SO", "SO", "Banaadir", "ADM1"),
  place("geonames:53654", "Mogadishu", 2.04, 45.34, "SO", "SO", "Banaadir", "PPLC", 2_500_000),
  place("geonames:184745", "Nairobi", -1.28, 36.82, "KE", "KE", "Nairobi Area", "PPLC", 2_750_000),
  place("test:matarah-eg", "Maţarah", 26.5, 31.7, "EG", "EG", "Sohag", "PPL", 3_000),
  place("geonames:3016670", "Gard", 44, 4.2, "FR", "FR", "Occitanie", "ADM2"),
  place("geonames:709717", "Donetsk", 48.0, 37.8, "UA", "UA", "Donetsk", "PPLA", 930_000),
  place(
    "geonames:203312",
    "Democratic Republic of the Congo",
    -2.5,
    23.5,
    "CD",
    "CD",
    null,
    "PCLI",
    84_000_000,
  ),
  place("test:ituri", "Ituri", 1.6, 29.4, "CD", "CD", "Ituri", "ADM1"),
  place("test:korogo-ci", "Korogo", 9.4, -5.6, "CI", "CI", "Savanes", "PPL", 3_000),
  place("geonames:3995402", "Morelia", 19.7, -101.18, "MX", "MX", "Michoacan", "PPLA", 600_000),
  place("test:el-venado", "El Venado", 20.06, -98.76, "MX", "MX", "Hidalgo", "PPL", 1_000),
  place("geonames:792680", "Belgrade", 44.8, 20.47, "RS", "RS", "Central Serbia", "PPLC", 1_270_000),
  place("test:kastel-stari", "Kaštel Stari", 43.55, 16.35, "HR", "HR", "Split-Dalmatia", "PPL", 6_000),
  place("test:sao-domingos-go", "Sao Domingos", -13.4, -46.32, "BR", "BR", "Goias", "PPLA2", 8_000),
];
const CHAIN_GAZ = createMemoryGazetteer(CHAIN_PLACES, {
  alternates: {
    "geonames:1140026": ["Herat"],
    "test:el-venado": ["Colonia"],
    "test:kastel-stari": ["Stari"],
  },
});

test("a note's chain of containers: districts, loose spellings, place words, parentheses, city quarters", () => {
  const ids = (text: string) => geoparse(text, CHAIN_GAZ).map((r) => `${r.span.text}=${r.place.id}`);
  const cases: [string, string, string[]][] = [
    [
      "a district before its province: the province, not its namesake capital",
      "Gunmen shot a guard in Gulran district center, Herat.",
      ["Gulran=geonames:7053040", "Herat=geonames:1140025"],
    ],
    [
      "any unit word of the table between a district and its province ('commune', 'sector', 'LGA')",
      "Troops shelled Gulran commune, Herat.",
      ["Gulran=geonames:7053040", "Herat=geonames:1140025"],
    ],
    [
      "a loose spelling of a district inside the province named after it, over an exact namesake elsewhere",
      "A mine wounded two fighters in Khogyani district, Nangarhar.",
      ["Khogyani=test:khugyani", "Nangarhar=geonames:1132366"],
    ],
    [
      "a place word after a name licenses its loose spelling",
      "A guard was shot in the bazaar of Lashkargah city, Helmand.",
      ["Lashkargah=geonames:1146051", "Helmand=geonames:1140043"],
    ],
    [
      "a container's parentheses license a loose province",
      "A grenade hit a checkpoint in the Hodan quarter (Hodan, Banadir).",
      ["Banadir=geonames:64833"],
    ],
    [
      "but not a loose town abroad",
      "Police shot a man outside a market (Mathare, Nairobi).",
      ["Nairobi=geonames:184745"],
    ],
    [
      "a place word does not make the last word of a longer unknown name a place",
      "Police raided the Darraz Gard village at night.",
      [],
    ],
    [
      "a city and a quarter the gazetteer lacks, joined by a hyphen: the city",
      "A grenade exploded in Mogadishu-Hodan district on Monday.",
      ["Mogadishu=geonames:53654"],
    ],
    [
      "two known towns joined by a hyphen are a road, not a quarter",
      "Gunmen blocked the Kabul-Jalalabad road.",
      [],
    ],
    ["a place in an organisation's name", "The Donetsk People's Militia fired mortars.", []],
    [
      "a minor namesake abroad, named without a cue, loses to the one province a short note names",
      "Militiamen looted Korogo overnight (Djugu, Ituri).",
      ["Ituri=test:ituri"],
    ],
  ];
  for (const [kind, text, want] of cases) assert.deepEqual(ids(text), want, kind);
});
