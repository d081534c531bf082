// `npm ci` (the README's quick start and .ci/run) refuses a lock that disagrees with package.json; this catches
// the usual cause, a dependency added to package.json without its lock entry, in `npm test` already.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

const ROOT = new URL("..", import.meta.url).pathname;
const read = (file: string) => JSON.parse(readFileSync(`${ROOT}${file}`, "utf8"));

test("package-lock.json lists every dependency of package.json, with the same range, and pins each", () => {
  const pkg = read("package.json") as Record<string, Record<string, string> | undefined>;
  const lock = read("package-lock.json") as {
    lockfileVersion: number;
    packages: Record<
      string,
      { version?: string } & Record<string, Record<string, string> | string | undefined>
    >;
  };
  assert.equal(lock.lockfileVersion, 3);
  const root = lock.packages[""]!;
  for (const kind of ["dependencies", "devDependencies", "optionalDependencies"]) {
    assert.deepEqual(root[kind] ?? {}, pkg[kind] ?? {}, `${kind} in package-lock.json's root entry`);
    for (const name of Object.keys(pkg[kind] ?? {}))
      assert.ok(lock.packages[`node_modules/${name}`]?.version, `${name} pinned in package-lock.json`);
  }
});
