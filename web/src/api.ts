// The page's only way to the server: /api/v1 over fetch, same origin, with the signed-in Bearer token. Which
// routes the server has is read from its OpenAPI document, so a part whose route is missing says so instead of
// failing.
import type { Article, FusedEvent, Report } from "../../src/model.js";

/** The versioned API base. */
export const API = "/api/v1";

/** A failed request: the HTTP status and the API's error code and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** What the server offers: its routes as "METHOD /path/{id}". */
export interface Capabilities {
  readonly routes: ReadonlySet<string>;
}

/** The routes this page can use beyond the reads every server has, by the part of the page that needs them. */
export const ROUTES = {
  whoami: `GET ${API}/auth/whoami`,
  queue: `GET ${API}/review/queue`,
  patch: `PATCH ${API}/events/{id}`,
  history: `GET ${API}/events/{id}/history`,
  merge: `POST ${API}/events/{id}/merge`,
  split: `POST ${API}/events/{id}/split`,
  stats: `GET ${API}/stats`,
  days: `GET ${API}/stats/days`,
  clusters: `GET ${API}/clusters`,
  csv: `GET ${API}/events.csv`,
  geojson: `GET ${API}/events.geojson`,
  ingest: `POST ${API}/articles`,
} as const;

/** Whether the server has a route (ROUTES value). */
export function has(caps: Capabilities, route: string): boolean {
  return caps.routes.has(route);
}

/** The reason shown where a part of the page waits for a route the server lacks. */
export function missing(what: string, route: string): string {
  return `${what} needs the server's ${route} API, which this server does not offer yet.`;
}

let token: string | null = sessionStorage.getItem("sitrep.token");

/** The signed-in token (kept in sessionStorage: gone when the tab closes). */
export function currentToken(): string | null {
  return token;
}

/** Signs in (a token) or out (null). */
export function setToken(value: string | null): void {
  token = value;
  if (value) sessionStorage.setItem("sitrep.token", value);
  else sessionStorage.removeItem("sitrep.token");
}

/** A JSON request to the API; throws ApiError with the server's code and message when it answers an error. */
export async function request<T>(
  path: string,
  options: { method?: string; body?: unknown; query?: URLSearchParams; signal?: AbortSignal } = {},
): Promise<T> {
  const url = options.query && [...options.query].length > 0 ? `${path}?${options.query}` : path;
  const headers: Record<string, string> = { accept: "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(url, {
    method: options.method ?? "GET",
    headers,
    ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
    ...(options.signal && { signal: options.signal }),
  });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!res.ok) {
    const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(res.status, error?.code ?? `http_${res.status}`, error?.message ?? res.statusText);
  }
  return body as T;
}

/** Reads the server's OpenAPI document; without one, only the routes every server has. */
export async function loadCapabilities(): Promise<Capabilities> {
  try {
    const doc = await request<{ paths: Record<string, Record<string, unknown>> }>(`${API}/openapi.json`);
    const routes = new Set(
      Object.entries(doc.paths).flatMap(([path, methods]) =>
        Object.keys(methods).map((m) => `${m.toUpperCase()} ${path.replace(/\{[^}]+\}/g, "{id}")}`),
      ),
    );
    return { routes };
  } catch {
    return { routes: new Set([`GET ${API}/events`, `GET ${API}/events/{id}`, `GET ${API}/articles/{id}`]) };
  }
}

/** A page of events. */
export interface EventsPage {
  readonly events: FusedEvent[];
  readonly next_cursor: string | null;
  readonly count?: number;
}

/** GET /events/{id}: the event and each report with its article's metadata. */
export interface EventDetail {
  readonly event: FusedEvent;
  readonly reports: readonly {
    readonly report: Report;
    readonly article: Pick<Article, "id" | "url" | "outlet" | "published" | "title">;
  }[];
}

/** A review-queue entry: an event with why it needs a person. */
export type QueuedEvent = FusedEvent & { readonly priority: number; readonly reasons: readonly string[] };

/** One audit entry of GET /events/{id}/history. */
export interface AuditEntry {
  readonly id: number;
  readonly at: string;
  readonly by: string;
  readonly action: "review" | "merge" | "split";
  readonly reason: string | null;
  readonly changes: readonly { readonly field: string; readonly before: unknown; readonly after: unknown }[];
}

/** The answer of POST /articles. */
export interface IngestAnswer {
  readonly articles: readonly { id: string; status: string; message?: string }[];
  readonly events: { readonly created: readonly string[]; readonly updated: readonly string[] };
}
