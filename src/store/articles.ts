// The articles repository: what is stored, and how an incoming article relates to it.
import type { Kysely } from "kysely";
import type { Article } from "../model.js";
import { sha256Hex } from "../util/hash.js";
import type { StoreBackend } from "./backend.js";
import type { ArticleToSave } from "./batch.js";
import { cleanText } from "./rows.js";
import type { Database } from "./schema.js";

/** How an article relates to the stored ones, before or while it is written. */
export type ArticleCheck =
  | {
      readonly status: "new" /** The text's content hash, for saving without hashing again. */;
      readonly hash: string;
    }
  | { readonly status: "duplicate"; readonly storedId: string }
  | { readonly status: "conflict"; readonly reason: string };

/** Stored articles. */
export interface ArticleRepository {
  /** For each article, whether it is new, already stored (same text) or a conflict (its id or url holds another text). */
  check(articles: readonly Article[]): Promise<ArticleCheck[]>;
  get(id: string): Promise<Article | null>;
}

/** Compares two article rows: same text is a duplicate, same id or url with other text a conflict. */
export function classify(
  article: Article,
  hash: string,
  rows: readonly { id: string; url: string | null; content_hash: string; origin: string | null }[],
): ArticleCheck {
  const same = rows.find((r) => r.content_hash === hash);
  if (same) return { status: "duplicate", storedId: same.id };
  const byId = rows.find((r) => r.id === article.id);
  if (byId) {
    return {
      status: "conflict",
      reason: `article id "${article.id}" is already stored with a different text (from ${byId.origin ?? "an earlier run"}); the stored article was kept, this one was not stored`,
    };
  }
  const byUrl = rows.find((r) => article.url !== null && r.url === article.url);
  if (byUrl) {
    return {
      status: "conflict",
      reason: `url ${article.url} is already stored as article "${byUrl.id}" with a different text; the stored article was kept, this one was not stored`,
    };
  }
  return { status: "new", hash };
}

/** The stored article rows that share an id, a text or a url with any of these articles. */
export async function findArticleRows(
  db: Kysely<Database>,
  articles: readonly { readonly article: Article; readonly hash: string }[],
) {
  if (articles.length === 0) return [];
  const ids = articles.map((a) => a.article.id);
  const hashes = articles.map((a) => a.hash);
  const urls = articles.flatMap((a) => (a.article.url === null ? [] : [a.article.url]));
  return db
    .selectFrom("articles")
    .select(["id", "url", "content_hash", "origin"])
    .where((eb) =>
      eb.or([
        eb("id", "in", ids),
        eb("content_hash", "in", hashes),
        ...(urls.length === 0 ? [] : [eb("url", "in", urls)]),
      ]),
    )
    .execute();
}

/** The row of an article to store, with its content hash, origin, run and the warnings extraction gave. */
export function articleRow(e: ArticleToSave & { readonly hash: string }) {
  const { article } = e;
  return {
    id: article.id,
    url: article.url,
    outlet: article.outlet,
    published: article.published,
    title: article.title,
    text: cleanText(article.text),
    language: article.language,
    content_hash: e.hash,
    origin: e.origin ?? null,
    run_id: e.runId ?? null,
    warnings: JSON.stringify(e.warnings ?? []),
  };
}

/** The articles repository over a backend. */
export function articleRepository(backend: StoreBackend): ArticleRepository {
  const { db } = backend;
  return {
    async check(articles) {
      const prepared = articles.map((article) => ({ article, hash: sha256Hex(article.text) }));
      const rows = await findArticleRows(db, prepared);
      return prepared.map((p) => classify(p.article, p.hash, rows));
    },

    async get(id) {
      const row = await db
        .selectFrom("articles")
        .select(["id", "url", "outlet", "published", "title", "text", "language"])
        .where("id", "=", id)
        .executeTakeFirst();
      return row ?? null;
    },
  };
}
