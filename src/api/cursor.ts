// Opaque page cursors of GET /api/v1/events: the last event's sort key and id, base64url-encoded.
import { SitrepError } from "../errors.js";
import type { EventKey } from "../store/events.js";

/** The cursor of the page that follows the event with this key. */
export function encodeCursor(after: EventKey): string {
  return Buffer.from(JSON.stringify([after.key, after.id])).toString("base64url");
}

/** Reads a cursor back; a bad_input error names the parameter when it is not one this API gave. */
export function decodeCursor(cursor: string): EventKey {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === "string")) {
      return { key: value[0] as string, id: value[1] as string };
    }
  } catch {
    // Falls through to the error below.
  }
  throw new SitrepError(
    "bad_input",
    `cursor: expected the next_cursor of a previous page, found "${cursor.slice(0, 40)}"`,
    { field: "cursor" },
  );
}
