import type { Command } from "commander";
import { loadConfig } from "../../config.js";
import { SitrepError } from "../../errors.js";
import { jsonlLine } from "../../export/formats.js";
import { ACLED_TAXONOMY, type EventStatus, type FusedEvent } from "../../model.js";
import { storedCountry } from "../../sources/countries.js";
import { type EventFilter, openStore } from "../../store/store.js";
import { isCalendarDay, lastDayOfMonth } from "../../util/days.js";
import type { CliCommand } from "../command.js";
import { write } from "../io.js";

/** The filter options `sitrep events` and `sitrep export` share, as commander hands them over. */
export interface FilterOptions {
  readonly from?: string;
  readonly to?: string;
  readonly bbox?: string;
  readonly type?: string;
  readonly actor?: string;
  readonly country?: string;
  readonly admin1?: string;
  readonly status?: string;
  readonly text?: string;
  readonly limit?: string;
  readonly asOf?: string;
  readonly includeBackground?: boolean;
}

/** Adds the shared event filter options to a command. */
export function addFilterOptions(command: Command): Command {
  return command
    .option("--from <date>", "events on or after this day (YYYY-MM-DD, YYYY-MM or YYYY)")
    .option("--to <date>", "events on or before this day (YYYY-MM-DD, YYYY-MM or YYYY)")
    .option("--bbox <w,s,e,n>", "bounding box in degrees: west,south,east,north")
    .option("--type <type>", "an ACLED event type or sub-event type, e.g. 'Air/drone strike'")
    .option("--actor <name>", "actor1 or actor2, exact name, any case")
    .option("--country <name>", "country name in any case or ISO alpha-2 code, e.g. Syria, syria or SY")
    .option("--admin1 <name>", "first-level region as stored, e.g. Deir ez-Zor")
    .option("--status <status>", "auto, reviewed or rejected")
    .option("--text <query>", "full-text search over the events' articles")
    .option("--limit <n>", "at most this many events")
    .option("--as-of <date>", "the record as it stood then: reports and claims published later are left out")
    .option(
      "--include-background",
      "also events known only from background mentions (past events an article cites as context)",
    );
}

const STATUSES: readonly EventStatus[] = ["auto", "reviewed", "rejected"];

function bad(message: string): never {
  throw new SitrepError("bad_input", message);
}

/** The first or last day of a YYYY-MM-DD, YYYY-MM or YYYY value. */
function dayBound(option: string, value: string, edge: "first" | "last"): string {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value.trim());
  if (!m) bad(`${option}: expected a date as YYYY-MM-DD, YYYY-MM or YYYY, found "${value}"`);
  const [, y, mo, d] = m;
  if (d) {
    if (!isCalendarDay(Number(y), Number(mo), Number(d)))
      bad(`${option}: expected a real calendar day, found "${value}"`);
    return `${y}-${mo}-${d}`;
  }
  if (mo) {
    if (Number(mo) < 1 || Number(mo) > 12) bad(`${option}: expected a month 01-12, found "${value}"`);
    if (edge === "first") return `${y}-${mo}-01`;
    return `${y}-${mo}-${lastDayOfMonth(Number(y), Number(mo))}`;
  }
  return edge === "first" ? `${y}-01-01` : `${y}-12-31`;
}

/** Parses `w,s,e,n` into a bbox (west > east crosses the antimeridian). */
export function parseBbox(value: string): readonly [number, number, number, number] {
  const parts = value.split(",").map((p) => Number(p.trim()));
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n)))
    bad(`--bbox: expected four numbers west,south,east,north, found "${value}"`);
  const [w, s, e, n] = parts as [number, number, number, number];
  if ([w, e].some((x) => x < -180 || x > 180) || [s, n].some((y) => y < -90 || y > 90))
    bad(`--bbox: expected longitudes in [-180, 180] and latitudes in [-90, 90], found "${value}"`);
  if (s > n) bad(`--bbox: expected south <= north, found "${value}"`);
  return [w, s, e, n];
}

/** Turns the command-line filter options into the store's EventFilter; throws a bad_input error saying what is wrong. */
export function parseEventFilter(opts: FilterOptions): EventFilter {
  const filter: { -readonly [K in keyof EventFilter]: EventFilter[K] } = {};
  if (opts.from) filter.from = dayBound("--from", opts.from, "first");
  if (opts.to) filter.to = dayBound("--to", opts.to, "last");
  if (filter.from && filter.to && filter.from > filter.to)
    bad(`--from/--to: expected from <= to, found ${filter.from} > ${filter.to}`);
  if (opts.bbox) filter.bbox = parseBbox(opts.bbox);
  if (opts.type) {
    const wanted = opts.type.trim().toLowerCase();
    const type = Object.keys(ACLED_TAXONOMY).find((t) => t.toLowerCase() === wanted);
    const sub = Object.values(ACLED_TAXONOMY)
      .flat()
      .find((s) => s.toLowerCase() === wanted);
    if (type) filter.eventType = type;
    else if (sub) filter.subEventType = sub;
    else
      bad(
        `--type: expected an ACLED event type or sub-event type (${Object.keys(ACLED_TAXONOMY).join(", ")}, or one of their sub-types), found "${opts.type}"`,
      );
  }
  if (opts.actor) filter.actor = opts.actor.trim();
  if (opts.country) {
    const country = storedCountry(opts.country);
    if (!country)
      bad(
        `--country: expected a country name (any case, e.g. Syria) or ISO 3166-1 alpha-2 code (e.g. SY), found "${opts.country}"`,
      );
    filter.country = country;
  }
  if (opts.admin1) filter.admin1 = opts.admin1.trim();
  if (opts.status) {
    if (!STATUSES.includes(opts.status as EventStatus))
      bad(`--status: expected one of ${STATUSES.join(", ")}, found "${opts.status}"`);
    filter.status = opts.status as EventStatus;
  }
  if (opts.text) filter.text = opts.text;
  if (opts.includeBackground) filter.includeBackground = true;
  if (opts.limit !== undefined) {
    const n = Number(opts.limit);
    if (!Number.isInteger(n) || n < 1)
      bad(`--limit: expected a positive whole number, found "${opts.limit}"`);
    filter.limit = n;
  }
  if (opts.asOf) {
    const v = opts.asOf.trim();
    if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) || Number.isNaN(Date.parse(v)))
      bad(`--as-of: expected a date YYYY-MM-DD or an ISO date-time, found "${opts.asOf}"`);
    filter.asOf = v;
  }
  return filter;
}

/** A column of the `sitrep events` table: its heading, its width, and whether it takes a share of a terminal's width. */
interface Column {
  readonly name: string;
  readonly width: number;
  readonly grows: boolean;
}

const COLUMNS: readonly Column[] = [
  { name: "id", width: 19, grows: false },
  { name: "date", width: 10, grows: false },
  { name: "type", width: 34, grows: true },
  { name: "location", width: 28, grows: true },
  { name: "actor1", width: 30, grows: true },
  { name: "killed low/best/high", width: 20, grows: false },
  { name: "reports", width: 7, grows: false },
  { name: "status", width: 8, grows: false },
  { name: "background", width: 10, grows: false },
];

/** The headings of the `sitrep events` table. */
export const TABLE_COLUMNS: readonly string[] = COLUMNS.map((c) => c.name);

const GAP = 2;
const MIN_GROWING = 8;

/** How the table lays out its cells: each column's width, and whether a longer cell is cut to it. */
export interface TableLayout {
  readonly widths: readonly number[];
  readonly cut: boolean;
}

/**
 * The layout for a terminal `columns` wide: type, location and actor share what the other columns leave, in
 * proportion to their usual widths (never under 8), and longer cells are cut. Without a terminal (piped to a file
 * or a program) the usual widths pad the cells and nothing is cut.
 */
export function tableLayout(columns: number | undefined): TableLayout {
  const widths = COLUMNS.map((c) => c.width);
  if (!columns) return { widths, cut: false };
  const fixed = COLUMNS.reduce((sum, c) => sum + (c.grows ? 0 : c.width), 0) + GAP * (COLUMNS.length - 1);
  const natural = COLUMNS.reduce((sum, c) => sum + (c.grows ? c.width : 0), 0);
  const room = Math.max(0, columns - fixed);
  let left = room;
  const scaled = COLUMNS.map((c) => {
    if (!c.grows) return c.width;
    const width = Math.max(MIN_GROWING, Math.floor((c.width * room) / natural));
    left -= width;
    return width;
  });
  // What flooring left over goes to the first growing column.
  const first = COLUMNS.findIndex((c) => c.grows);
  if (left > 0) scaled[first] = (scaled[first] ?? 0) + left;
  return { widths: scaled, cut: true };
}

function cells(event: FusedEvent): string[] {
  const f = event.fatalities;
  const loc = event.location;
  return [
    event.id,
    event.date.value ?? "?",
    event.sub_event_type,
    loc ? [loc.name, loc.admin1].filter(Boolean).join(", ") : "-",
    event.actor1
      ? `${event.actor1.name}${event.actor1.certainty ? ` (${event.actor1.certainty})` : ""}`
      : "-",
    f ? `${f.low}/${f.best}/${f.high}` : "-",
    String(event.reports.length),
    event.status,
    event.is_background ? "yes" : "",
  ];
}

function fit(text: string, width: number, cut: boolean): string {
  const t = text.replace(/\s+/g, " ");
  return cut && t.length > width ? `${t.slice(0, width - 1)}…` : t.padEnd(width);
}

/** One line of the events table, its cells padded (and cut, on a terminal) to the layout's widths. */
export function tableLine(values: readonly string[], layout: TableLayout): string {
  return `${values
    .map((v, i) => fit(v, layout.widths[i] ?? 20, layout.cut))
    .join(" ".repeat(GAP))
    .trimEnd()}\n`;
}

/** `sitrep events`: prints the fused events matching the filters as a table. */
export const eventsCommand: CliCommand = {
  name: "events",
  register(program, exit) {
    addFilterOptions(
      program
        .command("events")
        .description(
          "List fused events as a table fitted to the terminal (piped: nothing cut), or --json lines " +
            "(filters combine; --as-of shows the record as it stood; events known only from background mentions " +
            "need --include-background)",
        ),
    )
      .option(
        "--json",
        "one fused event per line as JSON (NDJSON, streamed; the lines `export --format jsonl` writes)",
      )
      .action(async (opts: FilterOptions & { json?: boolean }) => {
        const filter = parseEventFilter(opts);
        const layout = tableLayout(process.stdout.isTTY ? process.stdout.columns : undefined);
        const store = await openStore(loadConfig());
        try {
          if (!opts.json) await write(process.stdout, tableLine(TABLE_COLUMNS, layout));
          let n = 0;
          for await (const event of store.events.query(filter)) {
            await write(process.stdout, opts.json ? jsonlLine(event) : tableLine(cells(event), layout));
            n++;
          }
          process.stderr.write(
            `${n} event${n === 1 ? "" : "s"}${filter.asOf ? ` as of ${filter.asOf}` : ""}\n`,
          );
          exit(0);
        } finally {
          await store.close();
        }
      });
  },
};
