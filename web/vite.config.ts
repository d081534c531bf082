// Vite build of the workbench: web/ → web/dist, served by `sitrep serve` at / (src/api/routes/web.ts).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/",
  publicDir: false,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    // maplibre-gl is one large module; the warning would only repeat that.
    chunkSizeWarningLimit: 2000,
    assetsInlineLimit: 0,
  },
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
});
