// The filter form: type, sub-type, actor, certainty, country, status, text, dates, background.
import { ACLED_TAXONOMY, CERTAINTIES, type EventType } from "../../src/model.js";
import type { Filters } from "./view.js";

/** The filter form; text fields apply when they change (Enter or leaving the field). */
export function FilterForm({
  filters,
  onChange,
}: {
  readonly filters: Filters;
  readonly onChange: (filters: Filters) => void;
}) {
  const set = (name: keyof Filters, value: string | boolean) => {
    const next: Record<string, unknown> = { ...filters, [name]: value === "" ? undefined : value };
    if (name === "event_type") next.sub_event_type = undefined;
    onChange(next as unknown as Filters);
  };
  const text = (
    name: keyof Filters,
    label: string,
    type: "text" | "search" | "date" = "text",
    placeholder = "",
  ) => (
    <label>
      {label}
      <input
        type={type as "text"}
        name={name}
        value={(filters[name] as string | undefined) ?? ""}
        placeholder={placeholder}
        onChange={(e) => set(name, (e.target as HTMLInputElement).value.trim())}
      />
    </label>
  );
  const select = (name: keyof Filters, label: string, options: readonly string[]) => (
    <label>
      {label}
      <select
        name={name}
        value={(filters[name] as string | undefined) ?? ""}
        onChange={(e) => set(name, (e.target as HTMLSelectElement).value)}
      >
        <option value="">any</option>
        {options.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
    </label>
  );
  const subTypes = filters.event_type
    ? (ACLED_TAXONOMY[filters.event_type as EventType] ?? [])
    : Object.values(ACLED_TAXONOMY).flat();
  return (
    <form class="filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
      {text("q", "Search text", "search", "words in the articles")}
      <div class="grid2">
        {select("event_type", "Event type", Object.keys(ACLED_TAXONOMY))}
        {select("sub_event_type", "Sub-event type", subTypes)}
        {text("actor", "Actor", "text", "exact name")}
        {select("certainty", "Certainty", CERTAINTIES)}
        {text("country", "Country", "text", "name or ISO code")}
        {select("status", "Status", ["auto", "reviewed", "rejected"])}
        {text("from", "From", "date")}
        {text("to", "To", "date")}
      </div>
      <label class="check">
        <input
          type="checkbox"
          name="include_background"
          checked={filters.include_background}
          onChange={(e) => set("include_background", (e.target as HTMLInputElement).checked)}
        />
        Include background events
      </label>
      <button type="button" class="link" onClick={() => onChange({ include_background: false })}>
        Reset filters
      </button>
    </form>
  );
}
