// The event panel: what happened, when (with precision), where (with precision), the toll as low–best–high
// with the rule that chose best, every claim with its reporter, outlet and link, the toll history as a small
// chart, actors with certainty, the reports and why they were fused, and the audit history.
import { useEffect, useState } from "preact/hooks";
import type { FusedCount, FusedEvent, SourcedClaim } from "../../src/model.js";
import {
  API,
  type AuditEntry,
  type Capabilities,
  type EventDetail,
  has,
  missing,
  ROUTES,
  request,
} from "./api.js";
import { PRECISION_WORDS, typeColor } from "./colors.js";
import { reportSpans } from "./evidence.js";
import { ReviewBox, type ReviewAction } from "./review.js";

/** How each best-toll rule reads. */
const BEST_RULES: Record<string, string> = {
  "best/latest-claim": "the latest claim (no claim names its reporter)",
  "best/latest-of-most-cited-reporter": "the latest claim of the reporter cited by the most articles",
};

/** A click on a field's evidence: which report (index in the detail) and which span key. */
export type EvidenceTarget = { readonly report: number; readonly key: string };

/** The props of the event panel. */
export interface PanelProps {
  readonly detail: EventDetail;
  readonly caps: Capabilities;
  readonly role: string | null;
  readonly reviewAction: ReviewAction | null;
  readonly refresh: number;
  readonly onEvidence: (target: EvidenceTarget) => void;
  readonly onClose: () => void;
  readonly onChanged: (eventId: string) => void;
}

/** The report index and evidence key of a fused claim (its span in its report's article). */
function claimTarget(detail: EventDetail, claim: SourcedClaim): EvidenceTarget | null {
  const report = detail.reports.findIndex((r) => r.report.id === claim.report_id);
  if (report < 0) return null;
  const span = reportSpans(detail.reports[report]!.report).find(
    (s) => s.kind === "claim" && s.start === claim.evidence.start && s.end === claim.evidence.end,
  );
  return span ? { report, key: span.key } : null;
}

/** The first report whose evidence has a field, as a target. */
function fieldTarget(detail: EventDetail, key: string): EvidenceTarget | null {
  const report = detail.reports.findIndex((r) => reportSpans(r.report).some((s) => s.key === key));
  return report < 0 ? null : { report, key };
}

function EvidenceButton({
  target,
  label,
  onEvidence,
}: {
  readonly target: EvidenceTarget | null;
  readonly label: string;
  readonly onEvidence: (t: EvidenceTarget) => void;
}) {
  if (!target) return null;
  return (
    <button
      type="button"
      class="chip"
      onClick={() => onEvidence(target)}
      aria-label={`Show the evidence for ${label}`}
    >
      evidence
    </button>
  );
}

/** The toll over time: the low–high band and the best line, one point per publication. */
export function TollChart({ count, label }: { readonly count: FusedCount; readonly label: string }) {
  const h = count.history;
  if (h.length < 2) return null;
  const W = 260;
  const H = 64;
  const max = Math.max(1, ...h.map((p) => p.high));
  const x = (i: number) => 8 + (i * (W - 16)) / (h.length - 1);
  const y = (v: number) => H - 12 - (v / max) * (H - 22);
  const band = [
    ...h.map((p, i) => `${x(i)},${y(p.high)}`),
    ...h.map((p, i) => `${x(i)},${y(p.low)}`).reverse(),
  ];
  return (
    <svg
      class="toll-chart"
      width={W}
      height={H}
      role="img"
      aria-label={`${label} over time: ${h.map((p) => `${p.at?.slice(0, 10) ?? "undated"} best ${p.best}`).join(", ")}`}
    >
      <polygon points={band.join(" ")} fill="#d9d2c5" />
      <polyline
        points={h.map((p, i) => `${x(i)},${y(p.best)}`).join(" ")}
        fill="none"
        stroke="#222"
        stroke-width="2"
      />
      {h.map((p, i) => (
        <circle key={`${p.at}-${i}`} cx={x(i)} cy={y(p.best)} r="3" fill="#222">
          <title>{`${p.at ?? "undated"}: ${p.low}–${p.best}–${p.high}`}</title>
        </circle>
      ))}
      <text x={2} y={10} class="axis">
        {max}
      </text>
      <text x={2} y={H - 1} class="axis">
        {h[0]!.at?.slice(0, 10) ?? ""}
      </text>
      <text x={W - 2} y={H - 1} class="axis" text-anchor="end">
        {h.at(-1)!.at?.slice(0, 10) ?? ""}
      </text>
    </svg>
  );
}

function Toll({
  detail,
  count,
  label,
  onEvidence,
}: {
  readonly detail: EventDetail;
  readonly count: FusedCount | null;
  readonly label: string;
  readonly onEvidence: (t: EvidenceTarget) => void;
}) {
  if (!count) return <p class="muted">{label}: none reported</p>;
  return (
    <div class="toll">
      <p>
        <strong>{label}</strong>{" "}
        <span class="toll-range" title="low – best – high">
          {count.low} – <strong>{count.best}</strong> – {count.high}
        </span>
      </p>
      <p class="muted small">
        low–best–high; best is {BEST_RULES[count.rule] ?? "chosen by rule"} <code>{count.rule}</code>
      </p>
      <table class="claims">
        <caption class="sr-only">{label} claims</caption>
        <thead>
          <tr>
            <th scope="col">Figure</th>
            <th scope="col">Reported by</th>
            <th scope="col">Outlet</th>
            <th scope="col">Source</th>
          </tr>
        </thead>
        <tbody>
          {count.claims.map((c, i) => {
            const report = detail.event.reports.find((r) => r.report_id === c.report_id);
            return (
              <tr key={`${c.report_id}-${i}`}>
                <td>
                  {c.high !== null && c.high !== c.low ? `${c.low}–${c.high}` : c.low}
                  {c.who && ` ${c.who}`}
                  {c.vague && <span class="muted"> ({c.vague})</span>}
                </td>
                <td>{c.reported_by ?? <span class="muted">unstated</span>}</td>
                <td>
                  {c.outlet ?? "?"}
                  <span class="muted small"> {c.published?.slice(0, 10)}</span>
                </td>
                <td>
                  {report?.url && (
                    <a href={report.url} target="_blank" rel="noopener noreferrer">
                      original
                    </a>
                  )}{" "}
                  <EvidenceButton
                    target={claimTarget(detail, c)}
                    label={`the claim of ${c.low}`}
                    onEvidence={onEvidence}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <TollChart count={count} label={label} />
    </div>
  );
}

/** The date as read: the value, its precision, the interval it allows, and whether it was inferred. */
export function dateText(date: FusedEvent["date"]): string {
  if (!date.value) return "undated";
  const range =
    date.start && date.end && date.start !== date.end ? ` (between ${date.start} and ${date.end})` : "";
  return `${date.value}, known to the ${date.precision}${range}${date.inferred ? ", inferred" : ""}`;
}

function History({ event, caps, refresh }: { event: FusedEvent; caps: Capabilities; refresh: number }) {
  const [entries, setEntries] = useState<readonly AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const available = has(caps, ROUTES.history);
  useEffect(() => {
    setEntries(null);
    setError(null);
    if (!available) return;
    request<{ entries: AuditEntry[] }>(`${API}/events/${encodeURIComponent(event.id)}/history`).then(
      (r) => setEntries(r.entries),
      (e: Error) => setError(e.message),
    );
  }, [event.id, available, refresh]);
  return (
    <section aria-label="History">
      <h3>History</h3>
      {!available && <p class="note">{missing("The review audit trail", "GET /events/{id}/history")}</p>}
      {error && <p class="error">{error}</p>}
      {entries && entries.length === 0 && <p class="muted">No review yet.</p>}
      {entries && entries.length > 0 && (
        <ol class="audit">
          {entries.map((e) => (
            <li key={e.id}>
              <strong>{e.action}</strong> by {e.by}, {e.at.slice(0, 16).replace("T", " ")}
              {e.reason && `: “${e.reason}”`}
              {e.changes.length > 0 && (
                <ul>
                  {e.changes.map((c) => (
                    <li key={c.field}>
                      {c.field}: {JSON.stringify(c.before)} → {JSON.stringify(c.after)}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
      <details>
        <summary>Machine history ({event.history.length})</summary>
        <ul class="small">
          {event.history.map((h, i) => (
            <li key={`${h.at}-${i}`}>
              {h.at.slice(0, 16).replace("T", " ")} {h.by}: {h.field}
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}

/** The event panel. */
export function EventPanel({
  detail,
  caps,
  role,
  reviewAction,
  refresh,
  onEvidence,
  onClose,
  onChanged,
}: PanelProps) {
  const e = detail.event;
  const actor = (label: string, a: FusedEvent["actor1"], key: string) =>
    a && (
      <li>
        {label}: <strong>{a.name}</strong>
        {a.certainty && <span class={`badge certainty-${a.certainty}`}>{a.certainty}</span>}{" "}
        <EvidenceButton target={fieldTarget(detail, key)} label={label} onEvidence={onEvidence} />
      </li>
    );
  return (
    <section class="event-panel" aria-labelledby="event-title">
      <div class="panel-head">
        <h2 id="event-title">
          <span class="dot" style={{ background: typeColor(e.event_type) }} aria-hidden="true" />
          {e.sub_event_type}
        </h2>
        <button type="button" class="link" onClick={onClose} aria-label="Close the event">
          Close
        </button>
      </div>
      <p class="muted small">
        {e.event_type} · <span class={`badge status-${e.status}`}>{e.status}</span>
        {e.is_background && <span class="badge">background</span>} · confidence {e.confidence.toFixed(2)} ·{" "}
        <code>{e.id}</code>{" "}
        <EvidenceButton target={fieldTarget(detail, "trigger")} label="the trigger" onEvidence={onEvidence} />
      </p>
      <dl class="facts">
        <dt>When</dt>
        <dd>
          {dateText(e.date)}{" "}
          <EvidenceButton target={fieldTarget(detail, "date")} label="the date" onEvidence={onEvidence} />
        </dd>
        <dt>Where</dt>
        <dd>
          {e.location ? (
            <>
              {[e.location.name, e.location.admin1, e.location.country].filter(Boolean).join(", ")}
              <span class="muted small">
                {" "}
                — precision {e.location.geo_precision}: {PRECISION_WORDS[e.location.geo_precision]}
              </span>{" "}
              <EvidenceButton
                target={fieldTarget(detail, "location")}
                label="the place"
                onEvidence={onEvidence}
              />
            </>
          ) : (
            "unknown"
          )}
        </dd>
      </dl>
      <section aria-label="Toll">
        <h3>Toll</h3>
        <Toll detail={detail} count={e.fatalities} label="Killed" onEvidence={onEvidence} />
        <Toll detail={detail} count={e.injuries} label="Injured" onEvidence={onEvidence} />
      </section>
      <section aria-label="Actors">
        <h3>Actors</h3>
        <ul class="plain">
          {actor("Actor 1", e.actor1, "actor1")}
          {actor("Actor 2", e.actor2, "actor2")}
          {e.assoc_actors.map((a) => (
            <li key={a.name}>Associated: {a.name}</li>
          ))}
        </ul>
        {e.attribution.length > 0 && (
          <>
            <h4>Who each source says did it</h4>
            <ul class="plain small">
              {e.attribution.map((a, i) => (
                <li key={`${a.article_id}-${i}`}>
                  {a.outlet ?? "?"}: {a.actor}{" "}
                  <span class={`badge certainty-${a.certainty}`}>{a.certainty}</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <section aria-label="Reports">
        <h3>Reports ({detail.reports.length})</h3>
        <ol class="reports">
          {detail.reports.map((r, i) => {
            const fused = e.reports.find((x) => x.report_id === r.report.id);
            return (
              <li key={r.report.id}>
                <p>
                  <strong>{r.article.outlet ?? "unknown outlet"}</strong>,{" "}
                  {r.article.published?.slice(0, 10) ?? "undated"}
                  {r.article.url && (
                    <>
                      {" · "}
                      <a href={r.article.url} target="_blank" rel="noopener noreferrer">
                        original
                      </a>
                    </>
                  )}
                </p>
                {r.article.title && <p class="small">{r.article.title}</p>}
                <p class="small muted">
                  {fused?.fusion
                    ? `Fused with report ${fused.fusion.with} (score ${fused.fusion.score.toFixed(2)}): ${fused.fusion.rules.join(", ")}`
                    : "The first report of this event."}
                </p>
                <fieldset class="chips">
                  <legend class="sr-only">{`Evidence in report ${i + 1}`}</legend>
                  {reportSpans(r.report).map((s) => (
                    <button
                      key={s.key}
                      type="button"
                      class={`chip ev-${s.kind}`}
                      onClick={() => onEvidence({ report: i, key: s.key })}
                      title={s.rule ? `rule ${s.rule}` : s.label}
                    >
                      {s.label}
                    </button>
                  ))}
                </fieldset>
              </li>
            );
          })}
        </ol>
      </section>
      <ReviewBox detail={detail} caps={caps} role={role} action={reviewAction} onChanged={onChanged} />
      <History event={e} caps={caps} refresh={refresh} />
    </section>
  );
}
