import type { FusedEvent } from "../model.js";
import { EXPORT_COLUMNS, type ExportRow, exportRow } from "./acled.js";

/** The export formats `sitrep export --format` offers. */
export const EXPORT_FORMATS = ["csv", "geojson", "jsonl"] as const;

/** One export format. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A streaming formatter: write `header`, then `event(e)` per event (may be "" when the event is left out), then `footer()`. */
export interface Exporter {
  readonly header: string;
  event(event: FusedEvent): string;
  footer(): string;
  /** Events left out so far (GeoJSON: events without a location). */
  readonly skipped: number;
}

/** RFC 4180 field: quoted when it holds a comma, quote, CR or LF or leading/trailing space; quotes doubled; flags as true/false. */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return "";
  if (typeof value === "boolean") return String(value);
  const s = typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : value;
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** One CSV record (CRLF-terminated, as RFC 4180 says). */
export function csvRecord(values: readonly (string | number | boolean | null)[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

/** The CSV header row: ACLED's column names, then Sitrep's. */
export function csvHeader(): string {
  return csvRecord(EXPORT_COLUMNS);
}

/** One event as a CSV record in EXPORT_COLUMNS order. */
export function csvRow(event: FusedEvent): string {
  const row = exportRow(event);
  return csvRecord(EXPORT_COLUMNS.map((c) => row[c]));
}

/** One event as a JSON Lines line (the full FusedEvent). */
export function jsonlLine(event: FusedEvent): string {
  return `${JSON.stringify(event)}\n`;
}

/** An RFC 7946 Feature for a located event ([lon, lat], flat properties), or null when it has no location. */
export function geojsonFeature(event: FusedEvent): {
  type: "Feature";
  id: string;
  geometry: { type: "Point"; coordinates: [number, number] };
  properties: ExportRow;
} | null {
  const loc = event.location;
  if (!loc) return null;
  return {
    type: "Feature",
    id: event.id,
    geometry: { type: "Point", coordinates: [Number(loc.lon.toFixed(6)), Number(loc.lat.toFixed(6))] },
    properties: exportRow(event),
  };
}

/** A streaming formatter for one format. */
export function createExporter(format: ExportFormat): Exporter {
  if (format === "csv") return { header: csvHeader(), event: csvRow, footer: () => "", skipped: 0 };
  if (format === "jsonl") return { header: "", event: jsonlLine, footer: () => "", skipped: 0 };
  let written = 0;
  let skipped = 0;
  return {
    header: '{"type":"FeatureCollection","features":[\n',
    event(event) {
      const feature = geojsonFeature(event);
      if (!feature) {
        skipped++;
        return "";
      }
      return `${written++ === 0 ? "" : ",\n"}${JSON.stringify(feature)}`;
    },
    footer: () => "\n]}\n",
    get skipped() {
      return skipped;
    },
  };
}
