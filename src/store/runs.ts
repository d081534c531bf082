// The runs repository: each ingest (or watch poll) with its counts.
import type { StoreBackend } from "./backend.js";
import { iso } from "./rows.js";

/** The counts of one ingest run. */
export interface RunCounts {
  readonly read: number;
  readonly new: number;
  readonly duplicate: number;
  readonly failed: number;
  readonly eventsCreated: number;
  readonly eventsUpdated: number;
}

/** One ingest run as stored. */
export interface RunRow extends RunCounts {
  readonly id: number;
  readonly started_at: string;
  readonly finished_at: string | null;
  readonly status: string;
  readonly args: unknown;
}

/** Ingest runs. */
export interface RunRepository {
  /** Records the start of an ingest run; on PGlite, runs left "running" by a killed process become "interrupted". */
  start(args: unknown): Promise<number>;
  update(id: number, counts: RunCounts, status?: string): Promise<void>;
  list(limit?: number): Promise<RunRow[]>;
}

/** The runs repository over a backend. */
export function runRepository(backend: StoreBackend): RunRepository {
  const { db } = backend;
  return {
    async start(args) {
      // One process at a time opens a PGlite folder, so a run still "running" there was killed.
      if (!backend.shared) {
        await db
          .updateTable("ingest_runs")
          .set({ status: "interrupted" })
          .where("status", "=", "running")
          .execute();
      }
      const row = await db
        .insertInto("ingest_runs")
        .values({ status: "running", args: JSON.stringify(args ?? null) })
        .returning("id")
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async update(id, counts, status) {
      await db
        .updateTable("ingest_runs")
        .set({
          read: counts.read,
          new: counts.new,
          duplicate: counts.duplicate,
          failed: counts.failed,
          events_created: counts.eventsCreated,
          events_updated: counts.eventsUpdated,
          ...(status ? { status, finished_at: status === "running" ? null : new Date().toISOString() } : {}),
        })
        .where("id", "=", id)
        .execute();
    },

    async list(limit = 20) {
      const rows = await db
        .selectFrom("ingest_runs")
        .selectAll()
        .orderBy("id", "desc")
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        started_at: iso(r.started_at) ?? "",
        finished_at: iso(r.finished_at),
        status: r.status,
        args: r.args,
        read: r.read,
        new: r.new,
        duplicate: r.duplicate,
        failed: r.failed,
        eventsCreated: r.events_created,
        eventsUpdated: r.events_updated,
      }));
    },
  };
}
