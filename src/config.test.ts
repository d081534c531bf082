import assert from "node:assert/strict";
import { test } from "node:test";
import { checkDatabaseUrl, loadConfig, redactUrl } from "./config.js";
import { folderError, SitrepError } from "./errors.js";

test("DATABASE_URL: PostgreSQL URLs with a host (or a socket folder) pass; unset or empty means the embedded store", () => {
  for (const url of [
    "postgres://postgres@127.0.0.1:5432/test",
    "postgresql://me:pw@db.internal/sitrep?sslmode=require",
    "postgres:///sitrep?host=/var/run/postgresql",
  ])
    assert.equal(checkDatabaseUrl(url), url);
  assert.equal(checkDatabaseUrl(undefined), null);
  assert.equal(loadConfig({ DATABASE_URL: "" }).databaseUrl, null);
});

test("DATABASE_URL: anything else is a bad_input config error saying what was found, without the password", () => {
  const cases: readonly (readonly [string, RegExp])[] = [
    ["base", /found "base", which is not a URL/],
    ["mysql://me:pw@db/x", /found a mysql:\/\/ URL/],
    ["http://db.example/x", /found a http:\/\/ URL/],
    ["postgres:///x", /found "postgres:\/\/\/x", which names no host/],
    ["postgres://me:hidden@/x", /found "postgres:\/\/me:\*\*\*@\/x", which is not a URL/],
  ];
  for (const [url, message] of cases) {
    assert.throws(
      () => loadConfig({ DATABASE_URL: url }),
      (e: unknown) =>
        e instanceof SitrepError &&
        e.code === "bad_input" &&
        e.message.startsWith("config: DATABASE_URL: expected a PostgreSQL URL") &&
        message.test(e.message) &&
        !e.message.includes("hidden"),
      url,
    );
  }
});

test("connection strings are shown without their password", () => {
  assert.equal(redactUrl("postgres://me:secret@db:5432/x"), "postgres://me:***@db:5432/x");
  assert.equal(redactUrl("postgres://me@db/x"), "postgres://me@db/x");
});

test("folderError: a refused write names the folder and the way out; other errors pass unchanged", () => {
  const refused = Object.assign(new Error("EROFS: read-only file system, open '/data/x'"), { code: "EROFS" });
  const error = folderError(refused, "/data", "SITREP_DATA_DIR", "its files");
  assert.ok(error instanceof SitrepError);
  assert.equal(
    error.message,
    "cannot write in /data (EROFS: read-only file system), where Sitrep keeps its files: make it writable for " +
      "this user, or set SITREP_DATA_DIR to a folder this user can write",
  );
  const missing = Object.assign(new Error("ENOENT"), { code: "ENOENT" });
  assert.equal(folderError(missing, "/data", "SITREP_DATA_DIR", "its files"), missing);
});
