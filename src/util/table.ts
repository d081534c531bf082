// Data tables: the one check every table of data/ goes through before code reads it.
import type { z } from "zod";

/**
 * A raw data table checked against its zod schema; throws naming the table (`where`) and, for each problem, the
 * path inside it and what was expected.
 */
export function checkTable<S extends z.ZodType>(schema: S, raw: unknown, where: string): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(top)"}: ${i.message}`).join("; ");
  throw new Error(`invalid table ${where}: ${issues}`);
}
