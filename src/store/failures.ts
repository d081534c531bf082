// The failures repository: input items that could not be stored, with where and why; one open row per origin.
import { sql } from "kysely";
import type { StoreBackend } from "./backend.js";
import { cleanText, iso } from "./rows.js";

/** One recorded failure, as `sitrep failures` lists it. */
export interface FailureRow {
  readonly id: number;
  readonly origin: string;
  /** The file the item came from (null: stdin, HTTP): `sitrep ingest --retry-failures` re-reads it. */
  readonly file: string | null;
  /** Where it failed: read (the input), dedupe, extract, store. */
  readonly stage: string;
  readonly reason: string;
  readonly raw_excerpt: string | null;
  readonly run_id: number | null;
  readonly attempts: number;
  readonly resolved: boolean;
  readonly first_seen: string;
  readonly last_seen: string;
}

/** A failure to record. */
export interface NewFailure {
  readonly origin: string;
  readonly file?: string | null;
  readonly stage: string;
  readonly reason: string;
  readonly raw?: string | null;
  readonly runId?: number | null;
}

/** Failures of ingestion. */
export interface FailureRepository {
  /** Records a failure; an origin with an open failure has it updated (attempts + 1), not duplicated. */
  record(failure: NewFailure): Promise<void>;
  /** Marks the open failures of these origins resolved; returns how many. */
  resolve(origins: readonly string[]): Promise<number>;
  /** Failures, newest first; open ones only unless `all`. */
  list(options?: { all?: boolean; runId?: number }): Promise<FailureRow[]>;
}

/** The failures repository over a backend. */
export function failureRepository(backend: StoreBackend): FailureRepository {
  const { db } = backend;
  return {
    async record(failure) {
      const origin = cleanText(failure.origin, 1000);
      const reason = cleanText(failure.reason, 2000);
      const raw = failure.raw == null ? null : cleanText(failure.raw, 500);
      await sql`
        insert into failures (origin, file, stage, reason, raw_excerpt, run_id)
        values (${origin}, ${failure.file ?? null}, ${failure.stage}, ${reason}, ${raw}, ${failure.runId ?? null})
        on conflict (origin) where not resolved do update set
          file = excluded.file, stage = excluded.stage, reason = excluded.reason, raw_excerpt = excluded.raw_excerpt,
          run_id = excluded.run_id, attempts = failures.attempts + 1, last_seen = now()`.execute(db);
    },

    async resolve(origins) {
      if (origins.length === 0) return 0;
      const result = await db
        .updateTable("failures")
        .set({ resolved: true, last_seen: new Date().toISOString() })
        .where(
          "origin",
          "in",
          origins.map((o) => cleanText(o, 1000)),
        )
        .where("resolved", "=", false)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async list(options = {}) {
      let q = db.selectFrom("failures").selectAll().orderBy("id", "desc");
      if (!options.all) q = q.where("resolved", "=", false);
      if (options.runId !== undefined) q = q.where("run_id", "=", options.runId);
      const rows = await q.execute();
      return rows.map((r) => ({
        ...r,
        first_seen: iso(r.first_seen) ?? "",
        last_seen: iso(r.last_seen) ?? "",
      }));
    },
  };
}
