import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect, sql } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";
import { type Config, redactUrl } from "../config.js";
import { folderError, SitrepError } from "../errors.js";
import type { Database } from "./schema.js";

/** Which backend a database handle talks to. */
export type Backend = "pglite" | "postgres";

/** An open Kysely handle with the backend and the schema its tables live in. */
export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly backend: Backend;
  readonly schema: string;
  /** Releases what opening took beyond the connection (the PGlite folder lock); called by close. */
  readonly release?: () => void;
}

/** How to open the database beyond the configuration (tests and benchmarks). */
export interface OpenOptions {
  /** PostgreSQL only: the schema to work in (created when missing); by default the connection's current schema. */
  readonly schema?: string;
  /** PGlite only: the data folder; `config.dataDir/db` by default, "memory://" for a throwaway store. */
  readonly pgliteDir?: string;
  /** PostgreSQL only: the pool size (default 4). */
  readonly poolSize?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Opens PGlite (config.databaseUrl null: a folder under config.dataDir) or PostgreSQL (config.databaseUrl). */
export async function openDatabase(config: Config, options: OpenOptions = {}): Promise<DatabaseHandle> {
  if (config.databaseUrl === null) {
    const dir = options.pgliteDir ?? join(config.dataDir, "db");
    const memory = dir.startsWith("memory://");
    let release = () => {};
    if (!memory) {
      try {
        mkdirSync(dir, { recursive: true });
        release = lockFolder(dir);
      } catch (error) {
        throw folderError(
          error,
          dir,
          "SITREP_DATA_DIR",
          "its embedded database",
          "use PostgreSQL through DATABASE_URL",
        );
      }
    }
    let client: PGlite;
    try {
      client = await PGlite.create(dir);
    } catch (error) {
      release();
      throw error;
    }
    return {
      db: new Kysely<Database>({ dialect: new PGliteDialect(client) }),
      backend: "pglite",
      schema: "public",
      release,
    };
  }
  const schema = options.schema ?? null;
  if (schema !== null && !SCHEMA_NAME.test(schema)) {
    throw new Error(`store: expected a schema name of lowercase letters, digits and _, found "${schema}"`);
  }
  if (schema !== null) {
    // A short-lived pool that only makes sure the schema exists before the real pool points at it.
    const setup = new pg.Pool({ connectionString: config.databaseUrl, max: 1 });
    try {
      await setup.query(`create schema if not exists ${schema}`);
    } catch (error) {
      throw connectError(config.databaseUrl, error);
    } finally {
      await setup.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: config.databaseUrl,
    max: options.poolSize ?? 4,
    // Without a schema option the connection's own search_path applies (DATABASE_URL may set it with
    // ?options=-c%20search_path%3Dname).
    ...(schema === null ? {} : { options: `-c search_path=${schema}` }),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let current: string | null;
  try {
    const row = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
    current = row.rows[0]?.schema ?? null;
  } catch (error) {
    await db.destroy();
    throw connectError(config.databaseUrl, error);
  }
  if (current === null) {
    await db.destroy();
    throw new Error(
      `store: expected the search_path of ${redactUrl(config.databaseUrl)} to name an existing schema, found none`,
    );
  }
  return { db, backend: "postgres", schema: current };
}

/** What a failed connection means, by the error's code (Node's network codes, PostgreSQL's SQLSTATE). */
const CONNECT_FAILURES: Readonly<Record<string, string>> = {
  ENOTFOUND: "no such host (check the host name)",
  EAI_AGAIN: "the host name could not be looked up (check the name and the network)",
  ECONNREFUSED: "nothing accepts connections there (is PostgreSQL running and listening on that port?)",
  ETIMEDOUT: "no answer (check the host, the port and any firewall)",
  EHOSTUNREACH: "the host is unreachable",
  "28P01": "the password was refused",
  "28000": "this user may not connect (see pg_hba.conf)",
  "3D000": "there is no such database (create it, or fix its name)",
};

/** A connection failure as a message naming the host, port and database it could not reach, and why. */
export function connectError(url: string, error: unknown): SitrepError {
  const u = new URL(url);
  const host = u.hostname || u.searchParams.get("host") || "localhost";
  const port = u.port || "5432";
  const database = decodeURIComponent(u.pathname.slice(1));
  const code = String((error as { code?: unknown } | null)?.code ?? "");
  const raw = error instanceof Error ? error.message || error.name : String(error);
  const why = CONNECT_FAILURES[code];
  return new SitrepError(
    "io",
    `store: could not connect to PostgreSQL at host ${host}, port ${port}, ` +
      `${database ? `database "${database}"` : "no database named"} ` +
      `(DATABASE_URL=${redactUrl(url)}): ${why ? `${why} [${raw || code}]` : raw || code}`,
    { cause: error },
  );
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes the PGlite folder for this process (PGlite is single-process: two processes on one folder corrupt it).
 * A lock left by a process that died (kill -9) is taken over. Returns the release function.
 */
export function lockFolder(dir: string): () => void {
  const path = join(dir, "sitrep.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const pid = Number(readFileSync(path, "utf8").trim());
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
        throw new Error(
          `store: expected the PGlite folder ${dir} to be free, found it in use by process ${pid} ` +
            "(one process at a time; wait for it, or use PostgreSQL through DATABASE_URL)",
        );
      }
      rmSync(path, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`store: could not lock the PGlite folder ${dir}`);
}
