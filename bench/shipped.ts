import { existsSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../src/sources/paths.js";

/**
 * A module of the shipped build in dist/ (`npm run bench` builds first), typed by its source module: benchmarks
 * time what users run, not the TypeScript loader's helpers.
 */
export async function shippedModule<T>(source: string): Promise<T> {
  const file = join(packageRoot(), "dist", "src", source.replace(/\.ts$/, ".js"));
  if (!existsSync(file))
    throw new Error(`bench: expected the build of ${source} at ${file}; run npm run build`);
  return (await import(file)) as T;
}
