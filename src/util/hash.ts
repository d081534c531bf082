// Content hashing: the one home for the digest behind ids and dedupe keys.
import { createHash } from "node:crypto";

/** SHA-256 of a text as lowercase hex, cut to its first `length` characters (the whole 64 by default). */
export function sha256Hex(text: string, length = 64): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}
