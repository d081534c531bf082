// Helpers for the workbench's end-to-end tests and screenshots: the Vite build, the real server over a PGlite
// store seeded from data/samples through the ingestion service, and Debian's headless Chromium (playwright-core).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";
import { build } from "vite";
import { createApi } from "../../src/api/app.js";
import { listen, type RunningServer } from "../../src/api/server.js";
import { ingestItems, pipelineExtractor } from "../../src/app/ingest.js";
import { loadConfig } from "../../src/config.js";
import { createPipelineContext } from "../../src/sources/context.js";
import { readInputs } from "../../src/sources/files.js";
import { openTestStore, type TestStore } from "./store.js";

const ROOT = new URL("../..", import.meta.url).pathname;

/** Builds the workbench into web/dist, as `npm run build` does. */
export async function buildWeb(): Promise<void> {
  await build({ configFile: join(ROOT, "web/vite.config.ts"), logLevel: "warn" });
}

/** The real server on a free port over a fresh PGlite store holding the ingested samples. */
export async function seededServer(): Promise<{
  server: RunningServer;
  store: TestStore;
  close(): Promise<void>;
}> {
  const store = await openTestStore("pglite");
  const ctx = await createPipelineContext(loadConfig({ SITREP_CACHE_DIR: join(ROOT, ".cache", "test") }));
  await ingestItems(store.store, readInputs([join(ROOT, "data/samples")]), pipelineExtractor(ctx));
  const server = await listen(createApi(store.store, loadConfig({})), 0, "127.0.0.1");
  return {
    server,
    store,
    async close() {
      await server.close();
      await store.dispose();
    },
  };
}

/** Debian's Chromium, headless, with nothing that phones home, on a fresh profile (its --user-data-dir). */
export async function launchChromium(
  viewport = { width: 1280, height: 800 },
): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "sitrep-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    viewport,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
