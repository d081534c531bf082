// Helpers for the workbench's end-to-end tests and screenshots: the Vite build, the real server over a PGlite
// store seeded from data/samples through the ingestion service, and Debian's headless Chromium (playwright-core).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";
import { build } from "vite";
import { ingestItems, pipelineExtractor } from "../../src/app/ingest.js";
import { loadConfig } from "../../src/config.js";
import { createPipelineContext } from "../../src/sources/context.js";
import { readInputs } from "../../src/sources/files.js";
import { startTestApi, type TestApi } from "./api.js";

const ROOT = new URL("../..", import.meta.url).pathname;

/** Builds the workbench into web/dist, as `npm run build` does. */
export async function buildWeb(): Promise<void> {
  await build({ configFile: join(ROOT, "web/vite.config.ts"), logLevel: "warn" });
}

/** The real server on a free port over a fresh PGlite store holding the ingested samples. */
export function seededServer(): Promise<TestApi> {
  return startTestApi("pglite", {
    async seed(t) {
      const ctx = await createPipelineContext(loadConfig({ SITREP_CACHE_DIR: join(ROOT, ".cache", "test") }));
      await ingestItems(t.store, readInputs([join(ROOT, "data/samples")]), pipelineExtractor(ctx));
    },
  });
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
