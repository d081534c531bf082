// Writing a batch: articles, their reports and claims, and the fusion of the new reports, in one transaction.
import type { Kysely } from "kysely";
import type { FusionPlan } from "../fuse/plan.js";
import type { Article, Report, SourcedReport } from "../model.js";
import { sha256Hex } from "../util/hash.js";
import { articleRow, classify, findArticleRows } from "./articles.js";
import type { StoreBackend } from "./backend.js";
import { applyPlan, planReports } from "./fusion-store.js";
import { claimRows, reportRow, sourced } from "./rows.js";
import type { Database } from "./schema.js";

/** What saving one article did. */
export type SaveResult =
  | { readonly status: "new"; readonly reports: number }
  | { readonly status: "duplicate"; readonly storedId: string }
  | { readonly status: "conflict"; readonly reason: string };

/** One article to store with the reports extracted from it. */
export interface ArticleToSave {
  readonly article: Article;
  readonly reports: readonly Report[];
  /** Where it came from ("file.jsonl:17", "https://..."). */
  readonly origin?: string | null;
  readonly runId?: number | null;
  /** What extraction warned about (kept with the article). */
  readonly warnings?: readonly string[];
  /** The text's content hash when already known (articles.check gives it); computed otherwise. */
  readonly hash?: string;
}

/** What saving a batch did: each article's outcome in order, the fusion plan applied (null: no reports), and the milliseconds spent writing (locks, articles, reports, claims) and fusing. */
export interface BatchSave {
  readonly saved: readonly SaveResult[];
  readonly fusion: FusionPlan | null;
  readonly ms: { readonly write: number; readonly fuse: number };
}

/** Rows per insert statement (about 20 parameters each, far below PostgreSQL's 65,535). */
const INSERT_CHUNK = 1000;

/** Writes reports and their claims, each with the event fusion gave it. */
async function insertReports(
  db: Kysely<Database>,
  units: readonly SourcedReport[],
  eventOf: ReadonlyMap<string, string>,
): Promise<void> {
  const event = (id: string) => eventOf.get(id) ?? null;
  for (let i = 0; i < units.length; i += INSERT_CHUNK) {
    const rows = units
      .slice(i, i + INSERT_CHUNK)
      .map((u) => ({ ...reportRow(u), event_id: event(u.report.id) }));
    await db.insertInto("reports").values(rows).execute();
  }
  const claims = units.flatMap(claimRows).map((c) => ({ ...c, event_id: event(c.report_id) }));
  for (let i = 0; i < claims.length; i += INSERT_CHUNK) {
    await db
      .insertInto("claims")
      .values(claims.slice(i, i + INSERT_CHUNK))
      .execute();
  }
}

/**
 * The batch writer over a backend: writes a batch of articles with their reports and claims and fuses all the
 * new reports, in one transaction (where other writers run, under the advisory locks of the space-time cells
 * the reports may fuse in, so concurrent writers elsewhere go on). An article already stored is not written
 * again (duplicate or conflict).
 */
export function batchWriter(
  backend: StoreBackend,
): (entries: readonly ArticleToSave[]) => Promise<BatchSave> {
  const { db } = backend;
  return async (entries) => {
    const prepared = entries.map((e) => ({ ...e, hash: e.hash ?? sha256Hex(e.article.text) }));
    const t0 = performance.now();
    let fuseMs = 0;
    const done = await db.transaction().execute(async (trx) => {
      const inserted = new Set(
        prepared.length === 0
          ? []
          : (
              await trx
                .insertInto("articles")
                .values(prepared.map(articleRow))
                .onConflict((oc) => oc.doNothing())
                .returning("id")
                .execute()
            ).map((r) => r.id),
      );
      // Where others write (PostgreSQL), the cells these reports may fuse in are locked before anything fusion
      // reads. The articles go in first, outside those locks: writers fusing in the same cells wait less, and
      // a writer never inserts an article while it holds cells (no lock cycle through an article row).
      await backend.lockCells(
        trx,
        prepared.flatMap((e) => sourced(e.article, e.reports)),
      );
      // A row of this batch wins over a later entry with its id: only the first entry with an id is new.
      const taken = new Set<string>();
      const fresh = prepared.map((e) => {
        const isNew = inserted.has(e.article.id) && !taken.has(e.article.id);
        taken.add(e.article.id);
        return isNew;
      });
      const stored = fresh.every(Boolean)
        ? []
        : await findArticleRows(
            trx,
            prepared.filter((_, i) => !fresh[i]),
          );
      const units = prepared.flatMap((e, i) => (fresh[i] ? sourced(e.article, e.reports) : []));
      // Fusion is planned before the reports are written, so they are written with their event at once.
      const t1 = performance.now();
      const plan = units.length === 0 ? null : await planReports(trx, units, { lockEvents: backend.shared });
      const eventOf = new Map(plan?.assign.map((a) => [a.reportId, a.eventId]));
      fuseMs = performance.now() - t1;
      await insertReports(trx, units, eventOf);
      const t2 = performance.now();
      if (plan) await applyPlan(trx, plan, new Set(units.map((u) => u.report.id)));
      fuseMs += performance.now() - t2;
      const saved = prepared.map((e, i): SaveResult => {
        if (fresh[i]) return { status: "new", reports: e.reports.length };
        const check = classify(e.article, e.hash, stored);
        // The id, url or text is already stored (perhaps by a concurrent writer): say which, store nothing.
        return check.status === "new"
          ? {
              status: "conflict",
              reason: `article "${e.article.id}" could not be stored next to the stored ones`,
            }
          : check;
      });
      return { saved, fusion: plan };
    });
    return { ...done, ms: { write: performance.now() - t0 - fuseMs, fuse: fuseMs } };
  };
}
