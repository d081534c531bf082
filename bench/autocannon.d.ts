// The part of autocannon's API the api bench uses (autocannon ships no types of its own).
declare module "autocannon" {
  /** One request autocannon cycles through. */
  interface Request {
    readonly method?: string;
    readonly path: string;
  }
  /** What a run is given. */
  interface Options {
    readonly url: string;
    readonly connections?: number;
    readonly duration?: number;
    readonly requests?: readonly Request[];
  }
  /** What a run measured (latency in ms, requests per second). */
  interface Result {
    readonly requests: { readonly average: number };
    readonly latency: { readonly p50: number; readonly p99: number };
    readonly errors: number;
    readonly non2xx: number;
  }
  /** Runs a load test; resolves with its result. */
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
