// What differs between embedded PGlite and PostgreSQL, in one place: whether other processes write at the same
// time, and so what a transaction must lock before it reads what it will rewrite.
import type { Kysely } from "kysely";
import { fusionLocks } from "../fuse/locks.js";
import type { SourcedReport } from "../model.js";
import type { Backend, DatabaseHandle } from "./db.js";
import { lockFusion, takeLocks } from "./fusion-store.js";
import type { Database } from "./schema.js";

/** The open database and what its kind implies; the repositories take it and ask it, never the kind. */
export interface StoreBackend {
  readonly kind: Backend;
  readonly db: Kysely<Database>;
  readonly schema: string;
  /** True when other processes may write at the same time (PostgreSQL); PGlite is one process. */
  readonly shared: boolean;
  /** Locks, for the rest of the transaction, the space-time cells these reports may fuse in (fusionLocks). */
  lockCells(trx: Kysely<Database>, reports: readonly SourcedReport[]): Promise<void>;
  /** Locks the whole store for the rest of the transaction: no writer fuses meanwhile (reviews). */
  lockStore(trx: Kysely<Database>): Promise<void>;
  /** Closes the connection and releases what opening took (the PGlite folder lock). */
  close(): Promise<void>;
}

/** The backend of an open database handle. */
export function storeBackend(handle: DatabaseHandle): StoreBackend {
  const shared = handle.backend === "postgres";
  return {
    kind: handle.backend,
    db: handle.db,
    schema: handle.schema,
    shared,
    lockCells: async (trx, reports) => {
      if (shared) await takeLocks(trx, fusionLocks(reports));
    },
    lockStore: async (trx) => {
      if (shared) await lockFusion(trx);
    },
    async close() {
      try {
        await handle.db.destroy();
      } finally {
        handle.release?.();
      }
    },
  };
}
