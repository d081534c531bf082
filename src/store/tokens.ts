// The API tokens repository: named tokens with a role; the secret is shown once and stored as its SHA-256.
import { randomBytes } from "node:crypto";
import { type SqlBool, sql } from "kysely";
import { SitrepError } from "../errors.js";
import { sha256Hex } from "../util/hash.js";
import type { StoreBackend } from "./backend.js";

/** What a token may do: read; also review, merge and split; everything (admin). */
export const TOKEN_ROLES = ["reader", "reviewer", "admin"] as const;

/** A token's role. */
export type TokenRole = (typeof TOKEN_ROLES)[number];

/** Who a request's token names. */
export interface Principal {
  readonly name: string;
  readonly role: TokenRole;
}

/** A stored token as `sitrep token list` shows it (never the secret). */
export interface TokenInfo extends Principal {
  readonly created_at: string;
  readonly revoked_at: string | null;
  readonly last_used_at: string | null;
}

/** Prefix of every secret, so a leaked one is recognisable in logs and scanners. */
export const TOKEN_PREFIX = "stp_";

/** A token name: letters, digits and . _ @ -, up to 64 characters. */
const NAME = /^[A-Za-z0-9_.@-]{1,64}$/;

/** How long last_used_at may lag behind the truth: a busy token is not written on every request. */
const TOUCH_INTERVAL = "1 minute";

/** Tokens of the HTTP API. */
export interface TokenRepository {
  /** Makes a token and returns its secret (shown once: only its hash is stored); conflict when the name is taken. */
  create(name: string, role: TokenRole): Promise<{ readonly secret: string } & Principal>;
  /** Every token, oldest first, revoked ones included. */
  list(): Promise<TokenInfo[]>;
  /** Revokes a live token by name; not_found when there is none. */
  revoke(name: string): Promise<void>;
  /** The live token a secret belongs to (recording its use), or null for an unknown or revoked secret. */
  verify(secret: string): Promise<Principal | null>;
}

/** The role named, or a bad_input error naming the roles. */
export function parseRole(value: string): TokenRole {
  if ((TOKEN_ROLES as readonly string[]).includes(value)) return value as TokenRole;
  throw new SitrepError(
    "bad_input",
    `token: expected a role among ${TOKEN_ROLES.join(", ")}, found "${value}"`,
  );
}

function iso(value: Date | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

/** The tokens repository over a backend. */
export function tokenRepository(backend: StoreBackend): TokenRepository {
  const { db } = backend;
  return {
    async create(name, role) {
      if (!NAME.test(name)) {
        throw new SitrepError(
          "bad_input",
          `token: expected a name of letters, digits and . _ @ - (1 to 64), found "${name}"`,
        );
      }
      parseRole(role);
      const secret = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
      const row = await db
        .insertInto("api_tokens")
        .values({ name, role, secret_hash: sha256Hex(secret) })
        .onConflict((oc) => oc.column("name").doNothing())
        .returning("name")
        .executeTakeFirst();
      if (!row)
        throw new SitrepError("conflict", `token: a token named "${name}" exists (names are never reused)`);
      return { name, role, secret };
    },

    async list() {
      const rows = await db
        .selectFrom("api_tokens")
        .selectAll()
        .orderBy("created_at")
        .orderBy("name")
        .execute();
      return rows.map((r) => ({
        name: r.name,
        role: r.role as TokenRole,
        created_at: iso(r.created_at)!,
        revoked_at: iso(r.revoked_at),
        last_used_at: iso(r.last_used_at),
      }));
    },

    async revoke(name) {
      const row = await db
        .updateTable("api_tokens")
        .set({ revoked_at: sql<string>`now()` })
        .where("name", "=", name)
        .where("revoked_at", "is", null)
        .returning("name")
        .executeTakeFirst();
      if (!row)
        throw new SitrepError("not_found", `token: expected a live token named "${name}", found none`);
    },

    async verify(secret) {
      if (!secret.startsWith(TOKEN_PREFIX)) return null;
      const hash = sha256Hex(secret);
      const row = await db
        .selectFrom("api_tokens")
        .select(["name", "role", "last_used_at"])
        .where("secret_hash", "=", hash)
        .where("revoked_at", "is", null)
        .executeTakeFirst();
      if (!row) return null;
      await db
        .updateTable("api_tokens")
        .set({ last_used_at: sql<string>`now()` })
        .where("name", "=", row.name)
        .where(sql<SqlBool>`last_used_at is null or last_used_at < now() - ${TOUCH_INTERVAL}::interval`)
        .execute();
      return { name: row.name, role: row.role as TokenRole };
    },
  };
}
