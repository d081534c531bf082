// Helpers for end-to-end ingest tests: a fictional corpus, the CLI run from source as a child process, and
// a snapshot of what a store holds (for comparing runs).
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import type { Store } from "../../src/store/store.js";

const ROOT = new URL("../..", import.meta.url).pathname;

const PLACES = [
  "Tel Vardan",
  "Qasr Emberi",
  "Nova Hollin",
  "Port Ember",
  "Ashgrove",
  "Deir Salvo",
  "Kettle Ford",
];
const ACTORS = ["Sylvanian forces", "the Dune Militia", "Freedonian troops", "unidentified gunmen"];
const ACTIONS = [
  "carried out an airstrike on",
  "shelled",
  "clashed with villagers in",
  "attacked a market in",
  "raided",
];

/** A small fictional corpus: a few hundred one-paragraph articles, several telling the same incidents. */
export function fictionalCorpus(n: number, places: readonly string[] = PLACES): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const place = places[i % places.length]!;
    const actor = ACTORS[(i >> 1) % ACTORS.length]!;
    const action = ACTIONS[(i >> 2) % ACTIONS.length]!;
    const day = 1 + ((i >> 3) % 27);
    const killed = 2 + (i % 11);
    const text =
      `${actor[0]!.toUpperCase()}${actor.slice(1)} ${action} ${place} on ${day} March 2030, killing at least ${killed} people, ` +
      `the Example Monitor said. Residents of ${place} described heavy damage. Bulletin ${i}.`;
    lines.push(
      JSON.stringify({
        id: `fic-${i}`,
        url: `https://wire.example/fic-${i}`,
        outlet: ["Example Wire", "Sample Daily", "Fictional Post"][i % 3],
        published: `2030-03-${String(Math.min(28, day + 1)).padStart(2, "0")}`,
        title: `Bulletin ${i}`,
        text,
      }),
    );
  }
  return `${lines.join("\n")}\n`;
}

/** Runs `sitrep` from source in a child process with extra environment (TZ=UTC). */
export function cli(args: readonly string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", join(ROOT, "test/support/cli.ts"), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, TZ: "UTC" },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Waits for a child to end; its exit code or signal and everything it printed. */
export function finish(
  child: ChildProcess,
): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d) => {
    stdout += String(d);
  });
  child.stderr?.on("data", (d) => {
    stderr += String(d);
  });
  return new Promise((resolve) => {
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/**
 * Everything that must match between two stores: articles, reports, and which reports each event holds. Event
 * ids are stable, so they depend on arrival order: an event is named by its smallest report id here.
 */
export async function snapshot(store: Store) {
  const db = store.db;
  const articles = (await db.selectFrom("articles").select("id").orderBy("id").execute()).map((r) => r.id);
  const rows = await db.selectFrom("reports").select(["id", "event_id"]).orderBy("id").execute();
  const nameOf = new Map<string, string>();
  for (const r of rows) if (r.event_id !== null && !nameOf.has(r.event_id)) nameOf.set(r.event_id, r.id);
  const reports = rows.map((r) => ({
    id: r.id,
    event: r.event_id === null ? null : nameOf.get(r.event_id)!,
  }));
  const events = (await db.selectFrom("events").select(["id", "report_count"]).execute())
    .map((e) => ({ event: nameOf.get(e.id) ?? `(no reports) ${e.id}`, report_count: e.report_count }))
    .sort((a, b) => (a.event < b.event ? -1 : a.event > b.event ? 1 : 0));
  const claims = Number(
    (
      await db
        .selectFrom("claims")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );
  return { articles, reports, events, claims };
}

/** Resolves once a child has printed a line matching `pattern` on stderr; rejects if it ends first. */
export function printed(child: ChildProcess, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let buffer = "";
    child.stderr?.on("data", (d) => {
      buffer += String(d);
      if (pattern.test(buffer)) resolve();
    });
    child.on("close", () => reject(new Error(`child ended before printing ${pattern}:\n${buffer}`)));
  });
}
