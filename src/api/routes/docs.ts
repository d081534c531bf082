// GET /api/docs: interactive API documentation (Swagger UI) over /api/v1/openapi.json, every asset served by this
// server from the swagger-ui-dist package, so the page works offline and loads nothing from elsewhere.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { SitrepError } from "../../errors.js";
import { API_BASE, type ApiApp, errorBody } from "../http.js";

/** Where the docs page is served. */
export const DOCS_PATH = "/api/docs";

/** The swagger-ui-dist files the page loads, with their content types (nothing else is served from the folder). */
const ASSETS: Readonly<Record<string, string>> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "swagger-ui-standalone-preset.js": "text/javascript; charset=utf-8",
  "favicon-32x32.png": "image/png",
};

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

/** GET /api/docs, its start script and Swagger UI's assets (read on first request, then kept). */
export function registerDocsRoutes(app: ApiApp): void {
  const cache = new Map<string, Promise<Uint8Array>>();
  app.get(DOCS_PATH, (c) => c.html(docsPage()));
  app.get(`${DOCS_PATH}/start.js`, (c) =>
    c.body(START, 200, { "content-type": "text/javascript; charset=utf-8" }),
  );
  app.get(`${DOCS_PATH}/:asset`, async (c) => {
    const name = c.req.param("asset");
    const type = ASSETS[name];
    if (!type) {
      return c.json(errorBody(new SitrepError("not_found", `docs: no asset "${name}"`)), 404);
    }
    let bytes = cache.get(name);
    if (!bytes) {
      bytes = readFile(join(assetDir(), name));
      cache.set(name, bytes);
      bytes.catch(() => cache.delete(name));
    }
    return c.body(new Uint8Array(await bytes), 200, {
      "content-type": type,
      "cache-control": "public, max-age=86400",
    });
  });
}
