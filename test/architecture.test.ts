import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";

const ROOT = new URL("..", import.meta.url).pathname;
const STAGES = ["ingest", "nlp", "geocode", "extract", "fuse"];
const EDGES = ["store", "sources", "queue", "api", "cli", "web"];
/** Node modules that do IO; a pure stage must not import them. */
const IO_MODULES =
  /^(node:)?(fs|fs\/promises|net|http|https|http2|child_process|dgram|dns|worker_threads|cluster|readline)$/;
const IO_PACKAGES =
  /^(pg|@electric-sql\/pglite|kysely-pglite-dialect|bullmq|ioredis|undici|playwright-core)(\/|$)/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [
    ...text.matchAll(/(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g),
  ].map((m) => m[1] ?? m[2] ?? "");
}

test("pure stages import no IO edge, no IO module and no process.env", () => {
  const problems: string[] = [];
  for (const stage of STAGES) {
    for (const file of sources(join(ROOT, "src", stage))) {
      const rel = relative(ROOT, file);
      for (const spec of imports(file)) {
        const edge = EDGES.find((e) => spec.startsWith(".") && new RegExp(`(^|/)${e}(/|$)`).test(spec));
        if (edge) problems.push(`${rel} imports the ${edge} edge (${spec})`);
        if (IO_MODULES.test(spec) || IO_PACKAGES.test(spec))
          problems.push(`${rel} imports IO module ${spec}`);
        if (spec.endsWith("config.js")) problems.push(`${rel} imports config`);
      }
      const text = readFileSync(file, "utf8");
      if (/process\.env/.test(text)) problems.push(`${rel} reads process.env`);
      if (/new Date\(\)|Date\.now\(\)/.test(text)) problems.push(`${rel} reads the clock`);
    }
  }
  assert.deepEqual(problems, []);
});

test("the boundary check itself catches a forbidden import", () => {
  assert.ok(IO_MODULES.test("node:fs"));
  assert.ok(IO_PACKAGES.test("pg"));
  assert.ok(!IO_MODULES.test("node:crypto"));
});
