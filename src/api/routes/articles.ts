// POST /api/v1/articles: news in through the API. The body is one Article, an array of them, or an HTML page
// with its address; every item goes through the ingestion service (in process, or one queue job waited for) and
// comes back stored, duplicate or failed (with where and why), the rest of the items going on.
import { createRoute, z } from "@hono/zod-openapi";
import type { BatchOutcome, ItemOutcome } from "../../app/ingest.js";
import { SitrepError } from "../../errors.js";
import { normalizeArticle, type ArticleParse } from "../../ingest/article.js";
import { parseHtmlPage } from "../../ingest/html.js";
import type { InputItem } from "../../sources/files.js";
import { API_BASE, type ApiApp, type ApiDeps, json } from "../http.js";
import { ErrorBody } from "../schemas.js";

/** Most items one request may carry. */
export const MAX_ARTICLES = 1000;

/** What became of one posted item. */
export interface PostedArticle {
  readonly id: string | null;
  readonly status: "stored" | "duplicate" | "failed";
  readonly message?: string;
}

/** The answer to POST /api/v1/articles. */
export interface PostArticlesResult {
  readonly articles: readonly PostedArticle[];
  readonly events: { readonly created: readonly string[]; readonly updated: readonly string[] };
}

const ArticleInput = z
  .looseObject({
    id: z.string().optional(),
    url: z.string().optional(),
    outlet: z.string().optional(),
    published: z.string().optional(),
    title: z.string().optional(),
    text: z.string(),
    language: z.string().optional(),
  })
  .openapi("ArticleInput", { description: "An Article (SCHEMA §1); only text is required" });

const PageInput = z
  .object({ html: z.string(), url: z.string().optional() })
  .openapi("PageInput", { description: "An HTML page and the address it was fetched from" });

const PostArticlesBody = z
  .object({
    articles: z.array(
      z.object({
        id: z.string().nullable(),
        status: z.enum(["stored", "duplicate", "failed"]),
        message: z.string().optional(),
      }),
    ),
    events: z.object({ created: z.array(z.string()), updated: z.array(z.string()) }),
  })
  .openapi("PostArticlesResult");

const postArticlesRoute = createRoute({
  method: "post",
  path: `${API_BASE}/articles`,
  summary:
    "Ingest articles: one Article, an array of them, or {html, url}; idempotent (a re-post is a duplicate)",
  description:
    "A write: needs a reviewer or admin token once auth is on. Each item is stored, a duplicate of a stored " +
    "article, or failed with a message naming its index and the problem; one bad item does not stop the others.",
  request: {
    body: {
      content: {
        "application/json": {
          // Documented here; judged item by item in the handler, so one bad item fails alone.
          schema: z.union([ArticleInput, z.array(ArticleInput), PageInput]),
        },
      },
      required: true,
    },
  },
  responses: {
    200: json(PostArticlesBody, "What became of each item, and the events created or updated"),
    400: json(ErrorBody, "A body that is not an article, an array of them or a page"),
    413: json(ErrorBody, "A body over the size limit"),
  },
});

function bad(message: string): SitrepError {
  return new SitrepError("bad_input", `body: ${message}`, { field: "body" });
}

/** The parsed items of a request body, each named by where it sits ("articles[3]", "body", "body.html"). */
export function parseBody(body: unknown): { where: string; parse: ArticleParse }[] {
  if (Array.isArray(body)) {
    if (body.length === 0) throw bad("expected at least one article, found an empty array");
    if (body.length > MAX_ARTICLES) {
      throw bad(`expected at most ${MAX_ARTICLES} articles, found ${body.length}; post them in parts`);
    }
    return body.map((raw, i) => ({
      where: `articles[${i}]`,
      parse: normalizeArticle(raw, `articles[${i}]`),
    }));
  }
  if (typeof body !== "object" || body === null) {
    throw bad("expected an Article object, an array of them, or {html, url}");
  }
  const page = body as { html?: unknown; url?: unknown };
  if (page.html === undefined) return [{ where: "body", parse: normalizeArticle(body, "body") }];
  if (typeof page.html !== "string") throw bad('expected "html" to be a string');
  if (page.url !== undefined && page.url !== null && typeof page.url !== "string") {
    throw bad('expected "url" to be a string');
  }
  const url = typeof page.url === "string" ? page.url : null;
  return [{ where: "body.html", parse: parseHtmlPage(page.html, { where: "body.html", url }) }];
}

/** The events a batch created and updated (an event created and then updated is created; a deleted one neither). */
export function touchedEvents(outcome: BatchOutcome): PostArticlesResult["events"] {
  const created = new Set<string>();
  const updated = new Set<string>();
  for (const plan of outcome.fusion) {
    for (const id of plan.created) created.add(id);
    for (const id of plan.updated) if (!created.has(id)) updated.add(id);
    for (const id of plan.deleted) {
      created.delete(id);
      updated.delete(id);
    }
  }
  return { created: [...created].sort(), updated: [...updated].sort() };
}

/** An item's outcome as the API tells it; the message names the item, not the request's internal origin. */
function posted(
  { where, parse }: { where: string; parse: ArticleParse },
  origin: string,
  outcome: ItemOutcome | undefined,
): PostedArticle {
  const id = outcome?.id ?? (parse.ok ? parse.article.id : parse.id);
  if (!outcome) return { id, status: "failed", message: `${where}: no outcome came back` };
  if (outcome.status === "failed") {
    const reason = (outcome.reason ?? "failed").replace(`${origin}: `, "");
    return { id, status: "failed", message: reason.startsWith(where) ? reason : `${where}: ${reason}` };
  }
  return { id, status: outcome.status === "new" ? "stored" : "duplicate" };
}

/** POST /api/v1/articles (documented through the registry: the body is judged item by item, not by a schema). */
export function registerArticleRoutes(app: ApiApp, { ingest }: ApiDeps): void {
  app.openAPIRegistry.registerPath(postArticlesRoute);
  app.post(postArticlesRoute.path, async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch (error) {
      throw bad(`expected JSON, found malformed JSON (${error instanceof Error ? error.message : error})`);
    }
    const parsed = parseBody(body);
    // Origins unique to the request: a failure is recorded under it, and no other request resolves it.
    const prefix = `api ${c.get("requestId")} `;
    const items: InputItem[] = parsed.map(({ where, parse }) => {
      const origin = `${prefix}${where}`;
      return parse.ok
        ? { origin, article: parse.article, warnings: [...parse.warnings] }
        : { origin, error: parse.error };
    });
    const outcome = await ingest(items, { api: `POST ${API_BASE}/articles`, items: items.length });
    const byOrigin = new Map(outcome.items.map((o) => [o.origin, o]));
    const result: PostArticlesResult = {
      articles: parsed.map((item, i) => posted(item, items[i]!.origin, byOrigin.get(items[i]!.origin))),
      events: touchedEvents(outcome),
    };
    return c.json(result, 200);
  });
}
