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

/** A table's groups of related values ([[a, b, c], ...]) as each member → the other members of its groups. */
export function groupLinks<T>(groups: readonly (readonly T[])[]): Map<T, Set<T>> {
  const out = new Map<T, Set<T>>();
  for (const group of groups)
    for (const a of group) for (const b of group) if (a !== b) out.set(a, (out.get(a) ?? new Set()).add(b));
  return out;
}
