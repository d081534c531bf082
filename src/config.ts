import { z } from "zod";

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
  /** Origins browsers may call the API from (CORS); empty: CORS off; ["*"]: any origin. */
  corsOrigins: z.array(z.string().regex(/^(\*|https?:\/\/[^\s,/]+)$/, "expected * or http(s)://host[:port]")),
  /** Largest request body the API accepts, in bytes (413 beyond). */
  bodyLimit: z.coerce.number().int().min(1),
});

/** Validated, frozen runtime configuration. */
export type Config = Readonly<z.infer<typeof ConfigSchema>>;

/** Reads the configuration from an environment (process.env by default); the only reader of process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = env.SITREP_DATA_DIR ?? "./sitrep-data";
  const parsed = ConfigSchema.safeParse({
    databaseUrl: env.DATABASE_URL || null,
    dataDir,
    cacheDir: env.SITREP_CACHE_DIR ?? `${dataDir}/cache`,
    redisUrl: env.REDIS_URL || null,
    queueName: env.SITREP_QUEUE ?? "sitrep-ingest",
    port: env.PORT ?? 8080,
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
