import assert from "node:assert/strict";
import { test } from "node:test";
import { declaredCharset, decodeText, detectFormat, formatFromName } from "./detect.js";

test("detectFormat: extension first, sniffed feeds and pages overrule a misleading extension", () => {
  const cases: readonly (readonly [string, string, string])[] = [
    ["a.jsonl", '{"text":"x"}', "jsonl"],
    ["a.json", '[{"text":"x"}]', "json"],
    ["a.NDJSON", '{"text":"x"}', "jsonl"],
    ["a.html", "<p>fragment</p>", "html"],
    ["a.xml", '<?xml version="1.0"?><rss version="2.0">', "feed"],
    ["a.xml", "<!doctype html><html>", "html"],
    ["a.html", '<feed xmlns="http://www.w3.org/2005/Atom">', "feed"],
    ["a.rss", "plain words", "feed"],
    ["a.txt", "<html><body>x</body></html>", "text"],
    ["noext", '{"text":"x"}', "jsonl"],
    ["noext", "<!DOCTYPE html>", "html"],
    ["noext", "Plain prose.", "text"],
  ];
  for (const [name, head, expected] of cases)
    assert.equal(detectFormat(name, head), expected, `${name}: ${head}`);
  assert.equal(formatFromName("dir.v2/README"), null);
});

test("decodeText refuses NUL bytes and mostly-undecodable bytes, accepts UTF-8 with a BOM", () => {
  const nul = decodeText(new Uint8Array([0x68, 0x00, 0x69]), "f.bin");
  assert.deepEqual(nul, { ok: false, error: "f.bin: expected UTF-8 text, found binary data (NUL bytes)" });
  const junk = decodeText(new Uint8Array(Array.from({ length: 200 }, (_, i) => 0x80 + (i % 60))), "g.bin");
  assert.equal(junk.ok, false);
  assert.match(
    junk.ok ? "" : junk.error,
    /^g\.bin: expected UTF-8 text, found binary data \(\d+ undecodable bytes\)$/,
  );
  const bom = decodeText(new TextEncoder().encode("\ufeffCafé"), "t.txt");
  assert.deepEqual(bom, { ok: true, text: "Café" });
});

test("declaredCharset reads a meta charset, an http-equiv content type and the XML declaration", () => {
  assert.equal(declaredCharset('<html><head><meta charset="Windows-1252">'), "windows-1252");
  assert.equal(
    declaredCharset('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'),
    "iso-8859-1",
  );
  assert.equal(declaredCharset('<?xml version="1.0" encoding="ISO-8859-15"?><rss>'), "iso-8859-15");
  assert.equal(declaredCharset("<html><body>no declaration</body></html>"), null);
  const latin1 = decodeText(new Uint8Array([0x43, 0x61, 0x66, 0xe9]), "l.html", "windows-1252");
  assert.deepEqual(latin1, { ok: true, text: "Café" });
});
