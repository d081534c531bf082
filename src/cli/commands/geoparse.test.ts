import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

const ROOT = new URL("../../..", import.meta.url).pathname;
const CACHE = join(tmpdir(), "sitrep-test-gazetteer-cache");

function sitrep(args: string[], input?: string) {
  return spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "test/support/cli.ts"), ...args], {
    cwd: ROOT,
    input,
    encoding: "utf8",
    env: { ...process.env, SITREP_CACHE_DIR: CACHE },
  });
}

test("sitrep geoparse writes one line per input line; bad lines are named and give empty toponyms", () => {
  const dir = mkdtempSync(join(tmpdir(), "sitrep-geoparse-"));
  const input = join(dir, "in.jsonl");
  const output = join(dir, "out.jsonl");
  writeFileSync(
    input,
    [
      JSON.stringify({
        id: "a1",
        text: "Jets struck positions near al-Bukamal and in Deir ez-Zor province.",
      }),
      "{not json",
      JSON.stringify({ id: "a3" }),
      JSON.stringify({ id: "a4", text: "" }),
    ].join("\n"),
  );
  const run = sitrep(["geoparse", input, "-o", output]);
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stderr, /line 2/);
  assert.match(run.stderr, /line 3: |line 3,|"text" on .*line 3/);
  const lines = readFileSync(output, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  assert.equal(lines.length, 4);
  assert.equal(lines[0].id, "a1");
  const phrases = lines[0].toponyms.map((t: { phrase: string }) => t.phrase);
  assert.deepEqual(phrases, ["al-Bukamal", "Deir ez-Zor"]);
  const [bukamal, province] = lines[0].toponyms;
  assert.equal(bukamal.geonames_id, "174448");
  assert.equal(bukamal.geo_precision, 2);
  assert.equal(province.feature_code, "ADM1");
  for (const key of ["start", "end", "lat", "lon", "name", "country_code", "score"])
    assert.ok(key in bukamal, key);
  assert.deepEqual(lines[1].toponyms, []);
  assert.deepEqual(lines[2], { id: "a3", toponyms: [], error: lines[2].error });
  assert.deepEqual(lines[3], { id: "a4", toponyms: [] });
});

test("sitrep geoparse reads stdin and every command has --help", () => {
  const run = sitrep(["geoparse", "-"], `${JSON.stringify({ id: "x", text: "Protests spread in Iraq." })}\n`);
  assert.equal(run.status, 0, run.stderr);
  const line = JSON.parse(run.stdout.trim());
  assert.equal(line.toponyms[0].name, "Iraq");
  for (const args of [
    ["geoparse", "--help"],
    ["gazetteer", "--help"],
    ["gazetteer", "import", "--help"],
  ]) {
    const help = sitrep(args);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Usage: sitrep/);
  }
});

test("sitrep gazetteer import reports malformed dump lines with their number", () => {
  const dir = mkdtempSync(join(tmpdir(), "sitrep-gazimport-"));
  const dump = join(dir, "dump.txt");
  writeFileSync(dump, "1\ttoo few columns\n");
  const run = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      join(ROOT, "test/support/cli.ts"),
      "gazetteer",
      "import",
      dump,
      "--cache-dir",
      join(dir, "cache"),
    ],
    { cwd: ROOT, encoding: "utf8" },
  );
  assert.equal(run.status, 1, run.stderr);
  assert.match(
    run.stderr,
    /dump\.txt line 1: expected 19 tab-separated GeoNames columns, found 2; line skipped/,
  );
  assert.match(run.stdout, /0 places added/);
});
