// The docs a user is pointed at exist in the repository: every docs/ file README, ARCHITECTURE and the CLI's help
// cite, and no citation of a document that is not shipped here (SCHEMA.md lived outside the repository).
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { buildProgram } from "../src/cli/main.js";

const ROOT = new URL("..", import.meta.url).pathname;

function helpTexts(): string {
  const program = buildProgram(() => {});
  return [program, ...program.commands].map((c) => c.helpInformation()).join("\n");
}

test("README, ARCHITECTURE and --help cite only docs that are in the repository", () => {
  const texts = {
    "README.md": readFileSync(`${ROOT}README.md`, "utf8"),
    "ARCHITECTURE.md": readFileSync(`${ROOT}ARCHITECTURE.md`, "utf8"),
    "--help": helpTexts(),
  };
  assert.match(texts["README.md"], /docs\/FORMATS\.md/);
  assert.match(texts["--help"], /docs\/FORMATS\.md/);
  for (const [where, text] of Object.entries(texts)) {
    assert.doesNotMatch(text, /SCHEMA(\.md)? §|SCHEMA\.md/, `${where} cites SCHEMA.md`);
    for (const [path] of text.matchAll(/docs\/[\w./-]+\.md/g))
      assert.ok(existsSync(`${ROOT}${path}`), `${where} cites ${path}, which is missing`);
  }
});
