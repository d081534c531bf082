import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The package's root folder (the one holding package.json), found from this file whether run from src/ or dist/. */
export function packageRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`paths: expected a package.json above ${from}, found none`);
    dir = parent;
  }
  return dir;
}

/** A folder of the package's data/ tables. */
export function dataDir(...parts: string[]): string {
  return join(packageRoot(), "data", ...parts);
}
