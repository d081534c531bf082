import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { loadConfig } from "../config.js";
import { openStore } from "./store.js";

test("a PGlite folder is used by one process at a time; a lock left by a dead process is taken over", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sitrep-lock-"));
  try {
    const config = loadConfig({ SITREP_DATA_DIR: dir });
    const first = await openStore(config);
    await assert.rejects(openStore(config), /in use by process \d+ \(one process at a time/);
    await first.close();
    const dead = spawnSync(process.execPath, [
      "-e",
      "process.stdout.write(String(process.pid))",
    ]).stdout.toString();
    writeFileSync(join(dir, "db", "sitrep.lock"), dead);
    const second = await openStore(config);
    assert.equal((await second.stats()).articles, 0);
    await second.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
