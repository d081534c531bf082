/** Stable error codes with the HTTP status each maps to. */
export const ERROR_CODES = {
  bad_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unsupported: 415,
  too_large: 413,
  io: 502,
  internal: 500,
} as const;

/** A stable error code. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** The one error type: a stable code, an HTTP status, and a message that says where, what was expected and what was found. */
export class SitrepError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** The input field or parameter at fault, when one is (an API error body names it). */
  readonly field: string | null;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; field?: string }) {
    super(message, options);
    this.name = "SitrepError";
    this.code = code;
    this.status = ERROR_CODES[code];
    this.field = options?.field ?? null;
  }
}

/** Renders any thrown value as one line of text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const UNWRITABLE: Readonly<Record<string, string>> = {
  EACCES: "permission denied",
  EPERM: "not permitted",
  EROFS: "read-only file system",
};

/**
 * A refused write under a folder Sitrep keeps `what` in, as a bad_input error naming the folder, the variable that
 * moves it and what to do (`otherwise`: one more way out); any other error is returned unchanged.
 */
export function folderError(
  error: unknown,
  folder: string,
  variable: string,
  what: string,
  otherwise = "",
): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code ?? "";
  const reason = UNWRITABLE[code];
  if (!reason) return error;
  return new SitrepError(
    "bad_input",
    `cannot write in ${folder} (${code}: ${reason}), where Sitrep keeps ${what}: make it writable for this user, ` +
      `or set ${variable} to a folder this user can write${otherwise ? `, or ${otherwise}` : ""}`,
    { cause: error },
  );
}
