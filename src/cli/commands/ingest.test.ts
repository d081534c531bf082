import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";

const run = promisify(execFile);
const ROOT = new URL("../../../", import.meta.url).pathname;

// Fictional articles written for this test: an attack on an army post, told in six languages, and one
// English piece full of foreign names that must still read as English.
const ARTICLES: readonly [string, string][] = [
  [
    "mix-en",
    "Militia fighters attacked an army post outside the town of Varnek on Monday, and two soldiers were killed, the regional governor said.",
  ],
  [
    "mix-en-names",
    "Jean-Luc Moreau, Abdelkader Benali and Olga Petrovna Smirnova arrived in Varnek on Wednesday to meet the families. " +
      "The three envoys said they would report to the council in Saint-Pierre-des-Landes next month.",
  ],
  [
    "mix-fr",
    "Des miliciens ont attaqué un poste de l'armée près de la ville de Varnek lundi, et deux soldats ont été tués, a déclaré le gouverneur régional.",
  ],
  [
    "mix-es",
    "Milicianos atacaron un puesto del ejército a las afueras de la ciudad de Varnek el lunes, y dos soldados murieron, dijo el gobernador regional.",
  ],
  [
    "mix-de",
    "Milizionäre haben am Montag einen Armeeposten vor der Stadt Varnek angegriffen, dabei wurden zwei Soldaten getötet, sagte der Gouverneur der Region.",
  ],
  [
    "mix-ru",
    "В понедельник боевики ополчения напали на армейский пост под городом Варнек, двое военных погибли, заявил губернатор области.",
  ],
  [
    "mix-ar",
    "هاجم مسلحون من الميليشيا موقعا للجيش على أطراف مدينة فارنك يوم الاثنين، وقُتل جنديان، بحسب ما قال حاكم الإقليم للصحفيين.",
  ],
  [
    "mix-fr-2",
    "Les habitants de Varnek ont fui vers les collines après les combats de lundi, selon une organisation humanitaire locale qui distribue de l'eau.",
  ],
];

test("sitrep ingest: a mixed-language batch stores every article and counts those Sitrep does not read", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sitrep-languages-"));
  try {
    const input = join(dir, "mixed.jsonl");
    const line = ([id, text]: readonly [string, string]) =>
      JSON.stringify({ id, url: null, outlet: "Fictional Wire", published: "2030-07-08", title: null, text });
    writeFileSync(input, `${ARTICLES.map(line).join("\n")}\n`);
    const { stderr } = await run(
      process.execPath,
      ["--import", "tsx", "test/support/cli.ts", "ingest", "--no-geocode", input],
      { cwd: ROOT, env: { ...process.env, SITREP_DATA_DIR: dir, DATABASE_URL: "", TZ: "UTC" } },
    );
    assert.match(stderr, /ingest: read 8, new 8, duplicate 0, failed 0/);
    assert.match(
      stderr,
      /\n {2}6 articles in languages Sitrep does not read \(fr 2, ar 1, de 1, es 1, ru 1\)\n/,
    );

    const extract = await run(
      process.execPath,
      ["--import", "tsx", "test/support/cli.ts", "extract", "--no-geocode", input],
      { cwd: ROOT, env: { ...process.env, TZ: "UTC" } },
    );
    const lines = extract.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as { article: { language: string }; events: unknown[]; warnings: string[] });
    assert.deepEqual(
      lines.map((l) => l.article.language),
      ["en", "en", "fr", "es", "de", "ru", "ar", "fr"],
    );
    for (const l of lines.slice(2)) {
      assert.deepEqual(l.events, []);
      assert.ok(l.warnings.some((w) => w.startsWith("unsupported_language: ")));
    }
    assert.ok(lines[0]!.events.length > 0, "the English attack is read");
    assert.match(
      extract.stderr,
      /6 articles in languages Sitrep does not read \(fr 2, ar 1, de 1, es 1, ru 1\)/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
