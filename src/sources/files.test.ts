import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative as relativePath } from "node:path";
import { Readable } from "node:stream";
import { after, test } from "node:test";
import { type InputItem, readInputs, splitLines } from "./files.js";

const FIX = "test/fixtures/inputs";
const TMP = mkdtempSync(join(tmpdir(), "sitrep-inputs-"));
after(() => rmSync(TMP, { recursive: true, force: true }));

async function collect(
  paths: readonly string[],
  options: Parameters<typeof readInputs>[1] = {},
): Promise<InputItem[]> {
  const out: InputItem[] = [];
  for await (const item of readInputs(paths, options)) out.push(item);
  return out;
}
const summary = (items: readonly InputItem[]): string[] =>
  items.map((i) => ("article" in i ? `ok ${i.origin}` : `error ${i.origin}`));

test("a directory is read recursively in name order, known extensions only, dot-files skipped", async () => {
  const items = await collect([`${FIX}/mixed`]);
  assert.deepEqual(summary(items), [
    `ok ${FIX}/mixed/nested/hills.atom#item1`,
    `ok ${FIX}/mixed/nested/hills.atom#item2`,
    `ok ${FIX}/mixed/nested/hills.atom#item3`,
    `ok ${FIX}/mixed/nested/orrin.html`,
    `ok ${FIX}/mixed/notes.txt`,
  ]);
  const page = items[3];
  assert.ok(page && "article" in page);
  assert.equal(page.article.outlet, "Hill Country Dispatch");
});

test("JSONL: each line is an item or an error naming the line, blank lines skipped, raw kept for failures", async () => {
  const items = await collect([`${FIX}/jsonl/mixed-lines.jsonl`]);
  const f = `${FIX}/jsonl/mixed-lines.jsonl`;
  assert.deepEqual(summary(items), [
    `ok ${f}:1`,
    `error ${f}:2`,
    `error ${f}:4`,
    `error ${f}:5`,
    `ok ${f}:6`,
  ]);
  const bad = items[1];
  assert.ok(bad && "error" in bad);
  assert.match(bad.error, new RegExp(`^${f}:2: expected a JSON object, found malformed JSON`));
  assert.equal(bad.raw, "not json at all");
  const last = items[4];
  assert.ok(last && "article" in last);
  assert.equal(last.article.id, "fx-5");
});

test("a glob pattern matches files; a missing path and an unmatched glob are error items", async () => {
  const items = await collect([`${FIX}/text/*.txt`, `${TMP}/missing.html`, `${TMP}/nothing-*.jsonl`]);
  assert.deepEqual(summary(items), [
    `ok ${FIX}/text/crlf-date.txt`,
    `ok ${FIX}/text/depot-fire.txt`,
    `ok ${FIX}/text/no-headline.txt`,
    `error ${TMP}/missing.html`,
    `error ${TMP}/nothing-*.jsonl`,
  ]);
  const missing = items[3];
  assert.ok(missing && "error" in missing);
  assert.equal(missing.error, `${TMP}/missing.html: expected a file, directory or glob, found nothing there`);
});

test("globs from a parent folder and absolute globs match, and origins keep the user's spelling", async () => {
  const sub = join(TMP, "sub");
  mkdirSync(sub, { recursive: true });
  writeFileSync(join(TMP, "up.txt"), "A fictional note one folder up.");
  const relative = await collect([`${relativePath(process.cwd(), sub)}/../up*.txt`]);
  assert.deepEqual(summary(relative), [`ok ${join(relativePath(process.cwd(), sub), "..", "up.txt")}`]);
  const absolute = await collect([`${TMP}/**/up*.txt`]);
  assert.deepEqual(summary(absolute), [`ok ${TMP}/up.txt`]);
});

test("a file named twice (and through its folder) is read once", async () => {
  const file = `${FIX}/mixed/notes.txt`;
  const items = await collect([file, file, `${FIX}/mixed`]);
  assert.equal(items.filter((i) => i.origin === file).length, 1);
});

test('"-" reads JSONL from stdin with origins stdin:N', async () => {
  const stdin = Readable.from([
    Buffer.from('{"text":"A fictional line one."}\n\n{"te'),
    Buffer.from('xt":"Line three."}'),
  ]);
  const items = await collect(["-"], { stdin });
  assert.deepEqual(summary(items), ["ok stdin:1", "ok stdin:3"]);
});

test("an oversize page, a binary file and an empty file are error items; the batch goes on", async () => {
  const big = join(TMP, "big.html");
  writeFileSync(big, `<html><body><p>${"Fictional filler text. ".repeat(20)}</p></body></html>`);
  const bin = join(TMP, "image.html");
  writeFileSync(bin, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
  const empty = join(TMP, "empty.txt");
  writeFileSync(empty, "");
  const items = await collect([big, bin, empty, `${FIX}/text/crlf-date.txt`], { maxBytes: 200 });
  assert.deepEqual(summary(items), [
    `error ${big}`,
    `error ${bin}`,
    `error ${empty}`,
    `ok ${FIX}/text/crlf-date.txt`,
  ]);
  const messages = items.map((i) => ("error" in i ? i.error : ""));
  assert.match(messages[0] ?? "", /big\.html: expected a html file of at most 200 bytes, found \d+ bytes$/);
  assert.match(messages[1] ?? "", /image\.html: expected UTF-8 text, found binary data \(NUL bytes\)$/);
  assert.match(messages[2] ?? "", /empty\.txt: expected input, found an empty file$/);
});

test("an over-long JSONL line and an invalid UTF-8 line are errors naming the line; later lines are read", async () => {
  const path = join(TMP, "long.jsonl");
  const long = JSON.stringify({ text: "x".repeat(500) });
  writeFileSync(
    path,
    Buffer.concat([
      Buffer.from(`${long}\n`),
      Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a]),
      Buffer.from('{"text":"A short fictional line survives."}\n'),
    ]),
  );
  const items = await collect([path], { maxLineBytes: 100 });
  assert.deepEqual(summary(items), [`error ${path}:1`, `error ${path}:2`, `ok ${path}:3`]);
  const [first, second] = items;
  assert.ok(first && "error" in first && second && "error" in second);
  assert.equal(first.error, `${path}:1: expected a line of at most 100 bytes, found ${long.length}; skipped`);
  assert.equal(second.error, `${path}:2: expected UTF-8 text, found invalid or binary bytes`);
});

test("a feed file: items without text are errors pointing at `sitrep watch`; a not-a-feed file is one error", async () => {
  const items = await collect([
    `${FIX}/feeds/courier-rss.xml`,
    `${FIX}/feeds/not-a-feed.xml`,
    `${FIX}/feeds/not-xml.rss`,
  ]);
  const f = `${FIX}/feeds/courier-rss.xml`;
  assert.deepEqual(summary(items), [
    `ok ${f}#item1`,
    `ok ${f}#item2`,
    `error ${f}#item3`,
    `error ${f}#item4`,
    `error ${FIX}/feeds/not-a-feed.xml`,
    `error ${FIX}/feeds/not-xml.rss`,
  ]);
  const linkOnly = items[2];
  assert.ok(linkOnly && "error" in linkOnly);
  assert.match(
    linkOnly.error,
    /found only a link \(https:\/\/courier\.example\/news\/2031\/03\/port-velan-depot\); `sitrep watch`/,
  );
});

test("the published option dates undated text and feed items but not dated ones", async () => {
  const items = await collect([`${FIX}/text/no-headline.txt`, `${FIX}/text/depot-fire.txt`], {
    published: "2031-06-01",
  });
  assert.deepEqual(
    items.map((i) => ("article" in i ? i.article.published : i.error)),
    ["2031-06-01", "2031-03-15"],
  );
});

test("splitLines holds no more than the cap of an over-long line and splits across chunk borders", async () => {
  const chunks = ["ab", "c\nde", "fghij", "klm\n", "\nxy"].map((s) => Buffer.from(s));
  const out: string[] = [];
  for await (const piece of splitLines(Readable.from(chunks), 5)) {
    out.push(
      "bytes" in piece ? `${piece.line}:${piece.bytes.toString()}` : `${piece.line}:long ${piece.tooLong}`,
    );
  }
  assert.deepEqual(out, ["1:abc", "2:long 10", "3:", "4:xy"]);
});

test("a page declaring windows-1252 is decoded with that encoding", async () => {
  const [item] = await collect([`${FIX}/pages/latin1.html`]);
  assert.ok(item && "article" in item, JSON.stringify(item));
  assert.equal(item.article.title, "Café closes in Esk");
  assert.match(item.article.text, /^The café on the fictional square of Esk/);
});

test("a page in windows-1251 (most bytes above ASCII) is decoded, not taken for binary", async () => {
  const [item] = await collect([`${FIX}/pages/cp1251.html`]);
  assert.ok(item && "article" in item, JSON.stringify(item));
  assert.equal(item.article.title, "События");
  assert.equal(item.article.text, "В вымышленном городе Еск закрыли мост.");
});

test(".json files: an array of Articles, one pretty-printed Article, or JSONL under a .json name", async () => {
  const items = await collect([`${FIX}/json`]);
  const d = `${FIX}/json`;
  assert.deepEqual(summary(items), [
    `ok ${d}/array.json#1`,
    `error ${d}/array.json#2`,
    `error ${d}/array.json#3`,
    `ok ${d}/lines.json:1`,
    `ok ${d}/lines.json:2`,
    `ok ${d}/single.json`,
  ]);
  const bad = items[2];
  assert.ok(bad && "error" in bad);
  assert.equal(bad.error, `${d}/array.json#3: expected a JSON object, found "not an article"`);
  const single = items[5];
  assert.ok(single && "article" in single);
  assert.equal(single.article.url, "https://courier.example/json-single");
});

test("a .json file over the size cap that starts like JSONL is streamed line by line", async () => {
  const path = join(TMP, "many.json");
  writeFileSync(path, '{"text":"First fictional line."}\n{"text":"Second fictional line."}\n');
  const items = await collect([path], { maxBytes: 10 });
  assert.deepEqual(summary(items), [`ok ${path}:1`, `ok ${path}:2`]);
});
