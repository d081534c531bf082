// Read routes over the record: events (filtered pages), one event with its reports, one article.
import { createRoute, type z } from "@hono/zod-openapi";
import { SitrepError } from "../../errors.js";
import { publishedBy } from "../../fuse/index.js";
import type { EventPage } from "../../store/events.js";
import { encodeCursor } from "../cursor.js";
import { API_BASE, type ApiApp, type ApiDeps, errorBody, json, jsonText } from "../http.js";
import { redirectToSurvivor } from "./review.js";
import {
  ArticleBody,
  AsOfQuery,
  checkDay,
  checkKnownParams,
  ErrorBody,
  EventDetail,
  EventsPage,
  EventsQuery,
  eventsFilter,
  IdParam,
} from "../schemas.js";

const eventsRoute = createRoute({
  method: "get",
  path: `${API_BASE}/events`,
  summary: "Fused events matching filters, ordered by start date then id, one page at a time",
  request: { query: EventsQuery },
  responses: { 200: json(EventsPage, "A page of events"), 400: json(ErrorBody, "A bad parameter") },
});

const eventRoute = createRoute({
  method: "get",
  path: `${API_BASE}/events/{id}`,
  summary: "One fused event with the reports fused into it (as_of: as it stood on that day)",
  request: { params: IdParam, query: AsOfQuery },
  responses: {
    200: json(EventDetail, "The event"),
    308: { description: "The event was merged into another: Location names it" },
    404: json(ErrorBody, "No such event"),
  },
});

const articleRoute = createRoute({
  method: "get",
  path: `${API_BASE}/articles/{id}`,
  summary: "One stored article: text and metadata (as_of: 404 when it was published after that day)",
  request: { params: IdParam, query: AsOfQuery },
  responses: { 200: json(ArticleBody, "The article"), 404: json(ErrorBody, "No such article") },
});

/** GET /api/v1/events, /events/{id}, /articles/{id}. */
export function registerEventRoutes(app: ApiApp, { store }: ApiDeps): void {
  app.openapi(eventsRoute, async (c) => {
    checkKnownParams(new URL(c.req.url).searchParams.keys());
    const query = c.req.valid("query");
    const { filter, limit } = eventsFilter(query);
    const page = await store.events.page({ ...filter, limit });
    const count = query.count === "true" ? await store.events.count(filter) : undefined;
    return jsonText<z.infer<typeof EventsPage>>(c, eventsPageJson(page, count));
  });

  app.openapi(eventRoute, async (c) => {
    const { id } = c.req.valid("param");
    const asOf = oneRecordAsOf(c.req.url, c.req.valid("query"));
    const event = await store.events.get(id, asOf);
    const redirect = event ? null : await redirectToSurvivor(c, store, id);
    if (redirect) return redirect as never;
    if (!event)
      return c.json(errorBody(new SitrepError("not_found", `events: no event "${id}"${then(asOf)}`)), 404);
    return c.json({ event, reports: await store.events.reports(id, asOf) }, 200);
  });

  app.openapi(articleRoute, async (c) => {
    const { id } = c.req.valid("param");
    const asOf = oneRecordAsOf(c.req.url, c.req.valid("query"));
    const article = await store.articles.get(id);
    if (!article || (asOf !== undefined && !publishedBy(article.published, asOf))) {
      return c.json(
        errorBody(new SitrepError("not_found", `articles: no article "${id}"${then(asOf)}`)),
        404,
      );
    }
    return c.json(article, 200);
  });
}

/**
 * The EventsPage body of a page: the events' JSON texts spliced in as the store gave them, so a page is never
 * parsed into objects and serialised again.
 */
function eventsPageJson(page: EventPage, count: number | undefined): string {
  const next = JSON.stringify(page.next && encodeCursor(page.next));
  const total = count === undefined ? "" : `,"count":${count}`;
  return `{"events":[${page.events.join(",")}],"next_cursor":${next}${total}}`;
}

/** The as_of of a one-record route, checked (and no other query parameter). */
function oneRecordAsOf(url: string, query: { as_of?: string | undefined }): string | undefined {
  checkKnownParams(new URL(url).searchParams.keys(), ["as_of"]);
  checkDay("as_of", query.as_of);
  return query.as_of;
}

function then(asOf: string | undefined): string {
  return asOf === undefined ? "" : ` as of ${asOf}`;
}
