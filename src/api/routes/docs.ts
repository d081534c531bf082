// GET /api/docs: interactive API documentation (Swagger UI) over /api/v1/openapi.json, every asset served by this
// server from the swagger-ui-dist package, so the page works offline and loads nothing from elsewhere.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import { API_BASE, type ApiApp, addHeaders } from "../http.js";

/** Where the docs page is served. */
export const DOCS_PATH = "/api/docs";

/** The swagger-ui-dist files the page loads (nothing else is served from the folder). */
const ASSETS = [
  "swagger-ui.css",
  "swagger-ui-bundle.js",
  "swagger-ui-standalone-preset.js",
  "favicon-32x32.png",
] as const;

/** The page: Swagger UI's assets and its start script, all under DOCS_PATH. */
export function docsPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Sitrep API</title>
<link rel="stylesheet" href="${DOCS_PATH}/swagger-ui.css">
<link rel="icon" type="image/png" href="${DOCS_PATH}/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${DOCS_PATH}/swagger-ui-bundle.js"></script>
<script src="${DOCS_PATH}/swagger-ui-standalone-preset.js"></script>
<script src="${DOCS_PATH}/start.js"></script>
</body>
</html>
`;
}

/** The start script: Swagger UI over this server's OpenAPI document. */
const START = `window.ui = SwaggerUIBundle({
  url: "${API_BASE}/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: "StandaloneLayout",
});
`;

/** The swagger-ui-dist folder, found through Node's resolution from this module. */
function assetDir(): string {
  return dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
}

/** GET /api/docs, its start script and Swagger UI's assets (served by @hono/node-server's serveStatic). */
export function registerDocsRoutes(app: ApiApp): void {
  app.get(DOCS_PATH, (c) => c.html(docsPage()));
  app.get(`${DOCS_PATH}/start.js`, (c) =>
    c.body(START, 200, { "content-type": "text/javascript; charset=utf-8" }),
  );
  const dir = assetDir();
  for (const name of ASSETS) {
    app.get(
      `${DOCS_PATH}/${name}`,
      addHeaders(() => ({ "cache-control": "public, max-age=86400" })),
      serveStatic({ path: join(dir, name) }),
    );
  }
}
