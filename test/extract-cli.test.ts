import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { COMMANDS } from "../src/cli/commands/index.js";

const ROOT = new URL("..", import.meta.url).pathname;
const CACHE = join(ROOT, ".cache", "test");

/** Runs the real CLI from source in a child process. */
function sitrep(args: string[], input?: string) {
  const run = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "test/support/cli.ts"), ...args], {
    cwd: ROOT,
    input,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: {
      ...process.env,
      TZ: "UTC",
      SITREP_DATA_DIR: mkdtempSync(join(tmpdir(), "sitrep-")),
      SITREP_CACHE_DIR: CACHE,
    },
  });
  const lines = run.stdout
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as { article: { id: string }; events: unknown[]; warnings: string[] });
  return { status: run.status, stderr: run.stderr, lines };
}

const GOOD = JSON.stringify({
  id: "ok-1",
  published: "2024-05-06",
  text: "Shelling hit the village of Vovchansk on Sunday, wounding four civilians, the regional governor said.",
});

test("bad lines each get a message naming the line, an empty output line, and the run goes on", () => {
  const binary = JSON.stringify({ id: "bin", text: "\u0000\u0001\u0002PK\u0003\u0004" });
  const huge = JSON.stringify({ id: "huge", text: "a".repeat(10 * 1024 * 1024) });
  const input = [
    GOOD,
    '{"id": "broken", "text": ',
    '{"id": "no-text"}',
    '{"id": "num-text", "text": 17}',
    '{"id": "empty", "text": ""}',
    huge,
    binary,
    "[1,2]",
    JSON.stringify({
      id: "bad-date",
      published: "2024-13-45",
      text: "Police arrested two protesters on Tuesday.",
    }),
    GOOD.replace("ok-1", "ok-2"),
  ].join("\n");
  const { status, stderr, lines } = sitrep(["extract", "-", "--no-geocode"], input);
  assert.equal(status, 1, "the exit code says some line failed");
  assert.equal(lines.length, 10, "one output line per input line, in order");
  assert.deepEqual(
    lines.map((l) => l.article.id),
    ["ok-1", "", "no-text", "num-text", "empty", "huge", "bin", "", "bad-date", "ok-2"],
  );
  for (const [n, pattern] of [
    [2, /stdin:2: expected a JSON object, found malformed JSON/],
    [3, /stdin:3: expected a "text" field, found none/],
    [4, /stdin:4: expected "text" to be a string, found 17/],
    [5, /stdin:5: expected a non-empty "text"/],
    [6, /stdin:6: expected "text" of at most/],
    [7, /stdin:7: expected "text" to be prose, found binary data/],
    [8, /stdin:8: expected a JSON object, found \[1,2\]/],
  ] as const) {
    assert.match(stderr, pattern, `line ${n} is named on stderr`);
    assert.deepEqual(lines[n - 1]?.events, []);
    assert.match(lines[n - 1]?.warnings.join("\n") ?? "", pattern);
  }
  assert.match(
    lines[8]?.warnings.join("\n") ?? "",
    /expected "published" to be an ISO date, found "2024-13-45"/,
  );
  assert.ok((lines[0]?.events.length ?? 0) >= 1, "good lines still produce events");
  assert.ok((lines[9]?.events.length ?? 0) >= 1);
});

test("extract writes to -o and exits 0 when every line is good", () => {
  const dir = mkdtempSync(join(tmpdir(), "sitrep-out-"));
  const input = join(dir, "in.jsonl");
  writeFileSync(input, `${GOOD}\n\n${GOOD.replace("ok-1", "ok-2")}\n`);
  const { status, lines } = sitrep(["extract", input, "-o", join(dir, "out.jsonl"), "--no-geocode"]);
  assert.equal(status, 0);
  assert.equal(lines.length, 0, "nothing on stdout when -o is given");
});

test("every command answers --help", () => {
  for (const command of COMMANDS.map((c) => c.name)) {
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", join(ROOT, "test/support/cli.ts"), command, "--help"],
      {
        cwd: ROOT,
        encoding: "utf8",
      },
    );
    assert.equal(run.status, 0, command);
    assert.match(run.stdout, new RegExp(`Usage: sitrep ${command}`), `${command} --help prints its usage`);
  }
});
