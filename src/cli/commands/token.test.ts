import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { loadConfig } from "../../config.js";
import { openStore } from "../../store/store.js";

const run = promisify(execFile);
const ROOT = new URL("../../../", import.meta.url).pathname;

/** Runs the CLI from source over a PGlite store in `dataDir`; resolves with its output, rejects on failure. */
function sitrep(dataDir: string, ...args: string[]) {
  return run(process.execPath, ["--import", "tsx", "test/support/cli.ts", ...args], {
    cwd: ROOT,
    env: { ...process.env, SITREP_DATA_DIR: dataDir, DATABASE_URL: "", TZ: "UTC" },
  });
}

test("sitrep token: create prints a secret once, list shows no secret, revoke makes it unknown", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sitrep-token-"));
  try {
    const made = await sitrep(dir, "token", "create", "--name", "desk-1", "--role", "reviewer");
    const secret = made.stdout.trim();
    assert.match(secret, /^stp_[A-Za-z0-9_-]{43}$/);
    assert.match(made.stderr, /shown only now/);
    await assert.rejects(
      sitrep(dir, "token", "create", "--name", "desk-1", "--role", "reader"),
      /named "desk-1" exists/,
    );
    await assert.rejects(
      sitrep(dir, "token", "create", "--name", "x", "--role", "boss"),
      /expected a role among reader, reviewer, admin, found "boss"/,
    );
    const listed = await sitrep(dir, "token", "list");
    assert.match(listed.stdout, /^desk-1\s+reviewer\s+live\s/m);
    assert.doesNotMatch(listed.stdout, /stp_/);
    let store = await openStore(loadConfig({ SITREP_DATA_DIR: dir }));
    try {
      assert.deepEqual(await store.tokens.verify(secret), { name: "desk-1", role: "reviewer" });
      const stored = await store.db.selectFrom("api_tokens").select("secret_hash").executeTakeFirstOrThrow();
      assert.notEqual(stored.secret_hash, secret, "only the hash is stored");
    } finally {
      await store.close();
    }
    await sitrep(dir, "token", "revoke", "desk-1");
    await assert.rejects(sitrep(dir, "token", "revoke", "desk-1"), /expected a live token named "desk-1"/);
    const json = (await sitrep(dir, "token", "list", "--json")).stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    assert.equal(json.length, 1);
    assert.ok(json[0].revoked_at, "revoked");
    store = await openStore(loadConfig({ SITREP_DATA_DIR: dir }));
    try {
      assert.equal(await store.tokens.verify(secret), null);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
