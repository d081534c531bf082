/** One row of the `npm run bench` table. */
export interface BenchRow {
  readonly suite: string;
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  /** The floor or ceiling the issue sets, when there is one. */
  readonly floor?: { readonly op: ">=" | "<="; readonly value: number };
  readonly note?: string;
}
