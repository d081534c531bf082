// The workbench (issue 12) at /: the Vite build in web/dist served as static files by @hono/node-server's
// serveStatic (content types, no path outside the folder), with the single-page fallback (a GET outside /api
// without a file extension answers index.html, so a shared link opens the page). The API keeps its paths:
// /api/* and /healthz pass on untouched.
import { join } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import type { Context } from "hono";
import { except } from "hono/combine";
import { packageRoot } from "../../sources/paths.js";
import { API_BASE, type ApiApp, type ApiDeps, addHeaders } from "../http.js";

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

/** Whether the API owns a path (it is never answered with the page). */
function isApiPath(c: Context): boolean {
  const path = c.req.path;
  return path === "/healthz" || path === API_BASE || path.startsWith("/api/");
}

/** Whether a path names a file (its last segment has an extension) rather than a route of the page. */
function namesFile(path: string): boolean {
  return /\.[^/]*$/.test(path);
}

/**
 * The headers of a served file: Vite's content-hashed /assets/ are kept for good, everything else revalidated;
 * no content sniffing; the page itself carries the security policy.
 */
function webHeaders(path: string, contentType: string | null): Record<string, string> {
  return {
    "cache-control": path.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache",
    "x-content-type-options": "nosniff",
    ...(contentType?.startsWith("text/html") && { "content-security-policy": WORKBENCH_CSP }),
  };
}

/** GET / and every other non-API path: the built workbench (web/dist) with the single-page fallback. */
export function registerWebRoutes(app: ApiApp, _deps: ApiDeps, root: string = webRoot()): void {
  // Absolute paths rather than serveStatic's root, which warns at start when web/dist is missing: the page's
  // 503 says that, and a build made while the server runs is served without a restart.
  const page = serveStatic({ path: join(root, "index.html") });
  app.get(
    "/*",
    except(
      isApiPath,
      addHeaders((c) => webHeaders(c.req.path, c.res.headers.get("content-type"))),
      serveStatic({ rewriteRequestPath: (path) => join(root, path) }),
      // A page route (no extension): index.html, read afresh for each request.
      (c, next) => (namesFile(c.req.path) ? next() : page(c, next)),
      async (c) =>
        namesFile(c.req.path)
          ? c.text(`no file ${c.req.path}`, 404)
          : c.text("The workbench is not built: run `npm run build` (web/dist is missing).\n", 503),
    ),
  );
}
