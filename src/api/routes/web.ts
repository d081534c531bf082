// The workbench (issue 12) at /: the Vite build in web/dist served as static files, with the single-page
// fallback (a GET outside /api answers index.html, so a shared link opens the page). The API keeps its routes:
// this handler passes /api/* and /healthz on.
import { readFile } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";
import type { Context, Next } from "hono";
import { packageRoot } from "../../sources/paths.js";
import { API_BASE, type ApiApp, type ApiDeps } from "../http.js";

/** Content types of the files a Vite build makes. */
const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".pbf": "application/x-protobuf",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * The page's content security policy: everything from this origin only (the map's borders, worker and data
 * included), so the workbench can make no request elsewhere; inline styles for MapLibre's element positions.
 */
export const WORKBENCH_CSP =
  "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; worker-src 'self' blob:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'self'";

/** The folder the built workbench is served from. */
export function webRoot(): string {
  return join(packageRoot(), "web", "dist");
}

/**
 * The file a request path names inside root, or null when it names none there (a path that climbs out of root,
 * a folder, or a route of the page itself such as /events/x, which then gets index.html).
 */
export function webFile(root: string, path: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || !extname(decoded)) return null;
  const file = resolve(root, `.${decoded}`);
  return file.startsWith(`${resolve(root)}${sep}`) ? file : null;
}

/** Whether the API owns a path (it is never answered with the page). */
function isApiPath(path: string): boolean {
  return (
    path === "/healthz" || path === API_BASE || path.startsWith(`${API_BASE}/`) || path.startsWith("/api/")
  );
}

async function serveWeb(c: Context, next: Next, root: string): Promise<Response | undefined> {
  if (isApiPath(c.req.path)) {
    await next();
    return;
  }
  const file = webFile(root, c.req.path);
  if (file) {
    const body = await readFile(file).catch(() => null);
    if (!body) return c.text(`no file ${c.req.path}`, 404);
    const hashed = c.req.path.startsWith("/assets/");
    return c.body(body, 200, {
      "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream",
      "cache-control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
      "x-content-type-options": "nosniff",
    });
  }
  const index = await readFile(join(root, "index.html")).catch(() => null);
  if (!index) {
    return c.text("The workbench is not built: run `npm run build` (web/dist is missing).\n", 503);
  }
  return c.body(index, 200, {
    "content-type": CONTENT_TYPES[".html"]!,
    "cache-control": "no-cache",
    "content-security-policy": WORKBENCH_CSP,
    "x-content-type-options": "nosniff",
  });
}

/** GET / and every other non-API path: the built workbench (web/dist) with the single-page fallback. */
export function registerWebRoutes(app: ApiApp, _deps: ApiDeps, root: string = webRoot()): void {
  app.get("/*", (c, next) => serveWeb(c, next, root));
}
