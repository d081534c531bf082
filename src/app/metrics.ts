// What `sitrep status` shows and `GET /api/v1/metrics` serves: the store's counts, the latest runs, and the
// queue's depth, rate, failures and lag; as text for people or in Prometheus' exposition format.
import type { QueueMetrics } from "../queue/ingest-queue.js";
import type { RunRow, StoreStats } from "../store/store.js";

/** Everything the status reports. The queue is null when ingestion runs in process (REDIS_URL unset). */
export interface Status {
  readonly backend: string;
  readonly store: StoreStats;
  readonly runs: readonly RunRow[];
  readonly queue: QueueMetrics | null;
}

/** One metric line group: name, help, type and the samples (labels → value). */
interface Metric {
  readonly name: string;
  readonly help: string;
  readonly type: "gauge" | "counter";
  readonly samples: readonly { readonly labels?: Readonly<Record<string, string>>; readonly value: number }[];
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** The Prometheus metrics of a status (text exposition format 0.0.4). */
export function statusMetrics(status: Status): Metric[] {
  const s = status.store;
  const metrics: Metric[] = [
    { name: "sitrep_articles", help: "Articles stored.", type: "gauge", samples: [{ value: s.articles }] },
    { name: "sitrep_reports", help: "Reports stored.", type: "gauge", samples: [{ value: s.reports }] },
    { name: "sitrep_events", help: "Fused events stored.", type: "gauge", samples: [{ value: s.events }] },
    { name: "sitrep_claims", help: "Casualty claims stored.", type: "gauge", samples: [{ value: s.claims }] },
    {
      name: "sitrep_failures_open",
      help: "Input items that failed to ingest and are not resolved.",
      type: "gauge",
      samples: [{ value: s.openFailures }],
    },
  ];
  const q = status.queue;
  if (q) {
    const labels = { queue: q.name };
    metrics.push(
      {
        name: "sitrep_queue_jobs",
        help: "Ingest jobs by state.",
        type: "gauge",
        samples: (["waiting", "active", "delayed", "failed", "completed"] as const).map((state) => ({
          labels: { ...labels, state },
          value: q[state],
        })),
      },
      {
        name: "sitrep_queue_completed_per_second",
        help: "Ingest jobs completed per second over the last minute.",
        type: "gauge",
        samples: [{ labels, value: q.completedPerSecond }],
      },
      {
        name: "sitrep_queue_lag_seconds",
        help: "How long the oldest waiting ingest job has waited.",
        type: "gauge",
        samples: [{ labels, value: q.lagSeconds }],
      },
    );
  }
  return metrics;
}

/** A status in Prometheus' text format. */
export function prometheusText(status: Status): string {
  return statusMetrics(status)
    .flatMap((m) => [
      `# HELP ${m.name} ${m.help}`,
      `# TYPE ${m.name} ${m.type}`,
      ...m.samples.map((sample) => {
        const labels = Object.entries(sample.labels ?? {});
        const text =
          labels.length === 0 ? "" : `{${labels.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(",")}}`;
        return `${m.name}${text} ${Number.isFinite(sample.value) ? sample.value : 0}`;
      }),
    ])
    .join("\n")
    .concat("\n");
}

/** A status as lines for a person. */
export function statusText(status: Status): string {
  const s = status.store;
  const lines = [
    `store (${status.backend}): ${s.articles} articles, ${s.reports} reports, ${s.events} events, ${s.claims} claims, ${s.openFailures} open failures`,
  ];
  const q = status.queue;
  if (q) {
    lines.push(
      `queue ${q.name}: ${q.waiting} waiting, ${q.active} active, ${q.delayed} delayed (retrying), ${q.failed} failed, ${q.completed} completed; ` +
        `${q.completedPerSecond.toFixed(2)} jobs/s over the last minute; oldest waiting ${q.lagSeconds.toFixed(1)} s`,
    );
  } else lines.push("queue: none (REDIS_URL unset: ingest runs in process)");
  for (const r of status.runs) {
    lines.push(
      `run ${r.id} ${r.status} started ${r.started_at}: read ${r.read}, new ${r.new}, duplicate ${r.duplicate}, failed ${r.failed}, events created ${r.eventsCreated}, updated ${r.eventsUpdated}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
