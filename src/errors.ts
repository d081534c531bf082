/** Stable error codes with the HTTP status each maps to. */
export const ERROR_CODES = {
  bad_input: 400,
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
