// Fusion bench: the pure part of fusing (rules, event building, clustering). STORE times the indexed
// candidate search at 1 M events; this times what runs per report once the candidates are in hand.
import { createExporter } from "../src/export/formats.js";
import { buildEvent } from "../src/fuse/build-event.js";
import { clusterReports } from "../src/fuse/cluster.js";
import { prng, randomReports } from "../test/support/fuse-fixtures.js";
import { candidateWindow, sameEvent } from "../src/fuse/same-event.js";
import type { SourcedReport } from "../src/model.js";
import type { BenchRow } from "./types.js";

/** Median wall time (ms) of `rounds` runs of fn, after one warm-up run unless told not to. */
function median(rounds: number, fn: () => void, warmUp = true): number {
  if (warmUp) fn();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

/** An event of `size` reports that all fuse (same place, day and actors, different articles). */
function eventOf(size: number, rand: () => number): SourcedReport[] {
  const [seed] = randomReports(rand, 1);
  return Array.from({ length: size }, (_, i) => ({
    article: {
      ...seed!.article,
      id: `bench-a${i}`,
      published: `2023-03-${String(2 + (i % 20)).padStart(2, "0")}`,
    },
    report: {
      ...seed!.report,
      id: `bench-r${i}`,
      is_background: false,
      date: { value: "2023-03-01", precision: "day", start: "2023-03-01", end: "2023-03-01" },
    },
  }));
}

/** Times the pure fusion stage: pair rule, window, event build per report, clustering and CSV rows. */
export async function benchFusion(): Promise<BenchRow[]> {
  const rand = prng(42);
  const rows: BenchRow[] = [];
  const suite = "fusion (pure)";

  const pairs = randomReports(rand, 2_000);
  let matches = 0;
  const pairMs = median(5, () => {
    matches = 0;
    for (let i = 0; i + 1 < pairs.length; i++) if (sameEvent(pairs[i]!, pairs[i + 1]!)) matches++;
  });
  rows.push({
    suite,
    metric: "sameEvent per pair",
    value: (pairMs * 1000) / (pairs.length - 1),
    unit: "µs",
    note: `${matches} of ${pairs.length - 1} pairs fuse`,
  });

  const windowMs = median(5, () => {
    for (const s of pairs) candidateWindow(s);
  });
  rows.push({
    suite,
    metric: "candidateWindow per report",
    value: (windowMs * 1000) / pairs.length,
    unit: "µs",
  });

  // Baseline in the same run: one JSON round trip of each report, the least any per-report work costs.
  const jsonMs = median(5, () => {
    for (const s of pairs) JSON.parse(JSON.stringify(s));
  });
  rows.push({
    suite,
    metric: "baseline: JSON round trip per report",
    value: (jsonMs * 1000) / pairs.length,
    unit: "µs",
  });

  for (const size of [2, 10, 50]) {
    const reports = eventOf(size, rand);
    const ms = median(size > 10 ? 5 : 20, () => buildEvent(reports));
    rows.push({
      suite,
      metric: `buildEvent per report, ${size}-report event`,
      value: (ms * 1000) / size,
      unit: "µs",
      note: `${((ms * 1000) / size / ((jsonMs * 1000) / pairs.length)).toFixed(1)}× the JSON baseline`,
    });
  }

  // What fusing one new report costs in the pure stage when its event already has 10 reports and the store
  // returned 50 candidates: 50 sameEvent checks, clustering the union, rebuilding the event.
  const existing = eventOf(10, rand);
  const candidates = [...existing, ...randomReports(rand, 40, { days: 30 })];
  const incoming = {
    ...existing[0]!,
    article: { ...existing[0]!.article, id: "bench-new" },
    report: { ...existing[0]!.report, id: "bench-new#1" },
  };
  const fuseMs = median(20, () => {
    const linked = candidates.filter((c) => sameEvent(incoming, c));
    for (const cluster of clusterReports([...linked, incoming])) buildEvent(cluster);
  });
  rows.push({
    suite,
    metric: "fuse one new report (50 candidates, 10-report event)",
    value: fuseMs,
    unit: "ms",
    floor: { op: "<=", value: 5 },
  });

  for (const n of [10_000, 100_000]) {
    const reports = randomReports(rand, n, { days: 730 });
    let clusters = 0;
    const ms = median(
      n > 10_000 ? 1 : 3,
      () => {
        clusters = clusterReports(reports).length;
      },
      n <= 10_000,
    );
    rows.push({
      suite,
      metric: `clusterReports throughput, ${n / 1000}k reports over 2 years`,
      value: n / (ms / 1000),
      unit: "reports/s",
      note: `${clusters} events`,
    });
  }

  const events = clusterReports(randomReports(rand, 5_000, { days: 365 })).map((c) => buildEvent(c));
  for (const format of ["csv", "geojson", "jsonl"] as const) {
    const ms = median(3, () => {
      const exporter = createExporter(format);
      let bytes = exporter.header.length;
      for (const e of events) bytes += exporter.event(e).length;
      bytes += exporter.footer().length;
      if (bytes === 0) throw new Error("bench: export produced nothing");
    });
    rows.push({ suite, metric: `export ${format}`, value: events.length / (ms / 1000), unit: "events/s" });
  }
  return rows;
}
