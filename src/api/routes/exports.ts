// Streamed exports of every event matching the events filters: CSV (ACLED columns), GeoJSON, NDJSON. No page
// cap: the body is pulled from the store's keyset-paged iterator as the client reads, so memory stays flat
// however many events match; an ETag (the matching set's count and last write, the format and the query)
// answers a repeated request with 304.
import { createRoute, z } from "@hono/zod-openapi";
import { createExporter, type ExportFormat, type Exporter } from "../../export/formats.js";
import type { FusedEvent } from "../../model.js";
import type { EventSetVersion } from "../../store/store.js";
import { sha256Hex } from "../../util/hash.js";
import { ExportQuery, exportFilter } from "../export-schemas.js";
import { API_BASE, type ApiApp, type ApiDeps, json } from "../http.js";
import { checkKnownParams, ErrorBody } from "../schemas.js";

/** The export routes: path suffix → formatter, media type and file extension. */
const EXPORTS = [
  {
    suffix: "csv",
    format: "csv",
    type: "text/csv; charset=utf-8; header=present",
    title: "CSV, ACLED columns first",
  },
  {
    suffix: "geojson",
    format: "geojson",
    type: "application/geo+json",
    title: "a GeoJSON FeatureCollection",
  },
  { suffix: "ndjson", format: "jsonl", type: "application/x-ndjson", title: "one FusedEvent JSON a line" },
] as const satisfies readonly { suffix: string; format: ExportFormat; type: string; title: string }[];

/** Characters gathered before a chunk goes out (a few hundred CSV rows; fewer, larger writes). */
const CHUNK_CHARS = 64 * 1024;

/** The strong ETag of an export: the format, the matching set's version and the query, order of parameters aside. */
export function exportETag(suffix: string, version: EventSetVersion, query: URLSearchParams): string {
  const params = [...query.entries()].sort(([a, x], [b, y]) => a.localeCompare(b) || x.localeCompare(y));
  return `"${sha256Hex(JSON.stringify([suffix, version.count, version.updatedAt, params]), 32)}"`;
}

/** Whether an If-None-Match header names this ETag (or is "*"); weak tags compare by their opaque part. */
export function matchesETag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header
    .split(",")
    .map((t) => t.trim().replace(/^W\//, ""))
    .some((t) => t === "*" || t === etag);
}

/**
 * The body of an export as a pull stream: the header, the events formatted in chunks as the client reads, the
 * footer. A store error mid-way errors the stream (the client sees a broken transfer, never a short file that
 * looks whole); a client that goes away ends the store query.
 */
export function exportBody(
  events: AsyncIterable<FusedEvent>,
  exporter: Exporter,
): ReadableStream<Uint8Array> {
  const iterator = events[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  let chunk = exporter.header;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      while (chunk.length < CHUNK_CHARS) {
        const next = await iterator.next();
        if (next.done) {
          controller.enqueue(encoder.encode(chunk + exporter.footer()));
          controller.close();
          return;
        }
        chunk += exporter.event(next.value);
      }
      controller.enqueue(encoder.encode(chunk));
      chunk = "";
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

const EXPORT_PARAMS = Object.keys(ExportQuery.shape);

/** GET /api/v1/events.csv, /events.geojson, /events.ndjson. */
export function registerExportRoutes(app: ApiApp, { store }: ApiDeps): void {
  for (const { suffix, format, type, title } of EXPORTS) {
    const route = createRoute({
      method: "get",
      path: `${API_BASE}/events.${suffix}`,
      summary: `Every event matching the filters as ${title}, streamed; ETag and If-None-Match`,
      request: { query: ExportQuery },
      responses: {
        200: {
          content: { [type.split(";")[0]!]: { schema: z.string() } },
          description: `The events as ${title} (Content-Disposition: attachment)`,
          headers: { ETag: { schema: { type: "string" }, description: "The version of this export" } },
        },
        304: { description: "Not modified: the If-None-Match ETag is current" },
        400: json(ErrorBody, "A bad parameter"),
      },
    });
    app.openapi(route, async (c) => {
      const url = new URL(c.req.url);
      checkKnownParams(url.searchParams.keys(), EXPORT_PARAMS);
      const filter = exportFilter(c.req.valid("query"));
      const etag = exportETag(suffix, await store.aggregates.version(filter), url.searchParams);
      c.header("ETag", etag);
      c.header("Cache-Control", "no-cache");
      if (matchesETag(c.req.header("If-None-Match"), etag)) return c.body(null, 304);
      c.header("Content-Type", type);
      c.header("Content-Disposition", `attachment; filename="sitrep-events.${suffix}"`);
      return c.body(exportBody(store.events.query(filter), createExporter(format)), 200);
    });
  }
}
