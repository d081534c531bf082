import { z } from "zod";
import { SitrepError } from "./errors.js";

const ConfigSchema = z.object({
  /** PostgreSQL connection string; when absent the embedded PGlite store is used. */
  databaseUrl: z.string().min(1).nullable(),
  /** Folder of the embedded PGlite store and caches. */
  dataDir: z.string().min(1),
  /** Folder for the built gazetteer index and other caches. */
  cacheDir: z.string().min(1),
  /** Redis URL of the job queue: when set, ingest and watch enqueue for `sitrep worker`s; unset, they run in process. */
  redisUrl: z.string().min(1).nullable(),
  /** Name of the ingest queue (several Sitrep deployments may share one Redis). */
  queueName: z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/),
  /** HTTP port of the API server. */
  port: z.coerce.number().int().min(0).max(65535),
  /** Who may read the API: anyone ("open"), or only requests with a token ("token"); writes always need one. */
  apiReads: z.enum(["open", "token"]),
  /** Origins browsers may call the API from (CORS); empty: CORS off; ["*"]: any origin. */
  corsOrigins: z.array(z.string().regex(/^(\*|https?:\/\/[^\s,/]+)$/, "expected * or http(s)://host[:port]")),
  /** Largest request body the API accepts, in bytes (413 beyond). */
  bodyLimit: z.coerce.number().int().min(1),
});

/** Validated, frozen runtime configuration. */
export type Config = Readonly<z.infer<typeof ConfigSchema>>;

/** A connection string with its password replaced, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}

/**
 * DATABASE_URL checked before anything connects: a postgres:// or postgresql:// URL naming a host (or a socket
 * folder in `?host=`); empty or unset means the embedded store. Anything else is a config error that says so.
 */
export function checkDatabaseUrl(value: string | undefined): string | null {
  if (!value) return null;
  const wrong = (found: string) =>
    new SitrepError(
      "bad_input",
      `config: DATABASE_URL: expected a PostgreSQL URL such as postgres://user:password@host:5432/database, found ${found}`,
    );
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw wrong(`"${redactUrl(value)}", which is not a URL`);
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:")
    throw wrong(`a ${url.protocol}// URL (Sitrep stores in PostgreSQL, or in its embedded store when unset)`);
  if (!url.hostname && !url.searchParams.get("host"))
    throw wrong(`"${redactUrl(value)}", which names no host`);
  return value;
}

/** Reads the configuration from an environment (process.env by default); the only reader of process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = env.SITREP_DATA_DIR ?? "./sitrep-data";
  const parsed = ConfigSchema.safeParse({
    databaseUrl: checkDatabaseUrl(env.DATABASE_URL),
    dataDir,
    cacheDir: env.SITREP_CACHE_DIR ?? `${dataDir}/cache`,
    redisUrl: env.REDIS_URL || null,
    queueName: env.SITREP_QUEUE ?? "sitrep-ingest",
    port: env.PORT ?? 8080,
    apiReads: env.SITREP_API_READS || "open",
    corsOrigins: (env.SITREP_CORS_ORIGINS ?? "")
      .split(",")
      .map((o) => o.trim())
      .filter((o) => o !== ""),
    bodyLimit: env.SITREP_BODY_LIMIT ?? 10 * 1024 * 1024,
  });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`config: invalid environment: ${issues}`);
  }
  return Object.freeze(parsed.data);
}
