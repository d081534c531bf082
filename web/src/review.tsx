// Review: accept, correct, merge, split or reject an event with a reason (keyboard: a, e, m, s, x pick the
// action, Ctrl+Enter sends), through PATCH /events/{id}, POST .../merge and .../split.
import { useEffect, useRef, useState } from "preact/hooks";
import { ACLED_TAXONOMY, type EventType, type ReviewFields } from "../../src/model.js";
import { API, ApiError, type Capabilities, type EventDetail, has, missing, ROUTES, request } from "./api.js";

/** The review actions and their shortcut keys. */
export const REVIEW_ACTIONS = {
  accept: "a",
  correct: "e",
  merge: "m",
  split: "s",
  reject: "x",
} as const;

/** One review action. */
export type ReviewAction = keyof typeof REVIEW_ACTIONS;

/** The review action a key picks, or null. */
export function actionOfKey(key: string): ReviewAction | null {
  const found = Object.entries(REVIEW_ACTIONS).find(([, k]) => k === key);
  return found ? (found[0] as ReviewAction) : null;
}

const WRITERS = new Set(["reviewer", "admin"]);

/** Whether a role may write (review, ingest): reviewer or admin. */
export function isWriter(role: string | null): boolean {
  return role !== null && WRITERS.has(role);
}

/** What a failed review says: the server's refusal by name (forbidden, unauthorized) and its message. */
export function failureText(error: unknown): string {
  if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
    return `${error.status === 403 ? "Forbidden" : "Unauthorized"}: ${error.message} (${error.code})`;
  }
  return (error as Error).message;
}

/** The review box of the event panel. */
export function ReviewBox({
  detail,
  caps,
  role,
  action: requested,
  onChanged,
}: {
  readonly detail: EventDetail;
  readonly caps: Capabilities;
  readonly role: string | null;
  readonly action: ReviewAction | null;
  readonly onChanged: (eventId: string) => void;
}) {
  const e = detail.event;
  const [action, setAction] = useState<ReviewAction>("accept");
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [other, setOther] = useState("");
  const [moving, setMoving] = useState<ReadonlySet<string>>(new Set());
  const [fields, setFields] = useState({
    event_type: e.event_type as string,
    sub_event_type: e.sub_event_type as string,
    date: e.date.value ?? "",
    actor1: e.actor1?.name ?? "",
    low: String(e.fatalities?.low ?? ""),
    best: String(e.fatalities?.best ?? ""),
    high: String(e.fatalities?.high ?? ""),
  });
  const reasonRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    setMessage(null);
    setReason("");
    setMoving(new Set());
    setOther("");
  }, [e.id]);
  useEffect(() => {
    if (!requested) return;
    setAction(requested);
    reasonRef.current?.focus();
  }, [requested]);

  if (!has(caps, ROUTES.patch)) {
    return (
      <section aria-label="Review">
        <h3>Review</h3>
        <p class="note">{missing("Review", "PATCH /events/{id}")}</p>
      </section>
    );
  }
  if (!role) {
    return (
      <section aria-label="Review">
        <h3>Review</h3>
        <p class="note">Sign in with a reviewer token to review.</p>
      </section>
    );
  }

  const corrections = (): ReviewFields => {
    const out: Record<string, unknown> = {};
    if (fields.event_type !== e.event_type) out.event_type = fields.event_type;
    if (fields.sub_event_type !== e.sub_event_type) out.sub_event_type = fields.sub_event_type;
    if (fields.date && fields.date !== e.date.value) {
      out.date = { value: fields.date, precision: "day", start: fields.date, end: fields.date };
    }
    if (fields.actor1 && fields.actor1 !== e.actor1?.name) {
      out.actor1 = {
        name: fields.actor1,
        text: e.actor1?.text ?? fields.actor1,
        certainty: e.actor1?.certainty ?? "unknown",
      };
    }
    const toll: Record<string, number> = {};
    for (const k of ["low", "best", "high"] as const) {
      if (fields[k] !== "" && Number(fields[k]) !== e.fatalities?.[k]) toll[k] = Number(fields[k]);
    }
    if (Object.keys(toll).length > 0) out.fatalities = toll;
    return out as ReviewFields;
  };

  const submit = async () => {
    if (!reason.trim()) {
      setMessage({ error: true, text: "A reason is required." });
      reasonRef.current?.focus();
      return;
    }
    const id = encodeURIComponent(e.id);
    setBusy(true);
    setMessage(null);
    try {
      let next = e.id;
      if (action === "accept" || action === "reject") {
        await request(`${API}/events/${id}`, {
          method: "PATCH",
          body: { status: action === "accept" ? "reviewed" : "rejected", reason },
        });
      } else if (action === "correct") {
        const changed = corrections();
        if (Object.keys(changed).length === 0) throw new Error("Nothing changed: edit a field first.");
        await request(`${API}/events/${id}`, { method: "PATCH", body: { fields: changed, reason } });
      } else if (action === "merge") {
        if (!other.trim()) throw new Error("Name the event to merge into this one.");
        const r = await request<{ event: { id: string } }>(`${API}/events/${id}/merge`, {
          method: "POST",
          body: { other: other.trim(), reason },
        });
        next = r.event.id;
      } else {
        if (moving.size === 0) throw new Error("Tick the reports that belong to another event.");
        await request(`${API}/events/${id}/split`, {
          method: "POST",
          body: { reports: [...moving], reason },
        });
      }
      setMessage({ error: false, text: `Done: ${action}.` });
      setReason("");
      onChanged(next);
    } catch (error) {
      setMessage({ error: true, text: failureText(error) });
    } finally {
      setBusy(false);
    }
  };

  const subTypes = ACLED_TAXONOMY[fields.event_type as EventType] ?? [];
  const routeMissing =
    (action === "merge" && !has(caps, ROUTES.merge)) || (action === "split" && !has(caps, ROUTES.split));

  return (
    <section aria-label="Review" class="review-box">
      <h3>Review</h3>
      {!isWriter(role) && (
        <p class="note">
          Your token's role ({role}) may read but not review: the server refuses its changes.
        </p>
      )}
      <form
        onSubmit={(ev) => {
          ev.preventDefault();
          void submit();
        }}
        onKeyDown={(ev) => {
          if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
            ev.preventDefault();
            void submit();
          }
        }}
      >
        <fieldset class="actions">
          <legend>Action (keys {Object.values(REVIEW_ACTIONS).join(", ")})</legend>
          {(Object.keys(REVIEW_ACTIONS) as ReviewAction[]).map((a) => (
            <label key={a}>
              <input
                type="radio"
                name="review-action"
                value={a}
                checked={action === a}
                onChange={() => setAction(a)}
              />
              {a} <kbd>{REVIEW_ACTIONS[a]}</kbd>
            </label>
          ))}
        </fieldset>
        {action === "correct" && (
          <div class="grid2">
            <label>
              Event type
              <select
                value={fields.event_type}
                onChange={(ev) => {
                  const t = (ev.target as HTMLSelectElement).value as EventType;
                  setFields({ ...fields, event_type: t, sub_event_type: ACLED_TAXONOMY[t][0] });
                }}
              >
                {Object.keys(ACLED_TAXONOMY).map((t) => (
                  <option key={t}>{t}</option>
                ))}
              </select>
            </label>
            <label>
              Sub-event type
              <select
                value={fields.sub_event_type}
                onChange={(ev) =>
                  setFields({ ...fields, sub_event_type: (ev.target as HTMLSelectElement).value })
                }
              >
                {subTypes.map((t) => (
                  <option key={t}>{t}</option>
                ))}
              </select>
            </label>
            <label>
              Date
              <input
                type="date"
                value={fields.date.length === 10 ? fields.date : ""}
                onInput={(ev) => setFields({ ...fields, date: (ev.target as HTMLInputElement).value })}
              />
            </label>
            <label>
              Actor 1
              <input
                value={fields.actor1}
                onInput={(ev) => setFields({ ...fields, actor1: (ev.target as HTMLInputElement).value })}
              />
            </label>
            {(["low", "best", "high"] as const).map((k) => (
              <label key={k}>
                Killed, {k}
                <input
                  type="number"
                  min="0"
                  value={fields[k]}
                  onInput={(ev) => setFields({ ...fields, [k]: (ev.target as HTMLInputElement).value })}
                />
              </label>
            ))}
          </div>
        )}
        {action === "merge" && (
          <label>
            Merge this event with (event id)
            <input
              value={other}
              onInput={(ev) => setOther((ev.target as HTMLInputElement).value)}
              placeholder="ev-…"
            />
          </label>
        )}
        {action === "split" && (
          <fieldset>
            <legend>Reports that move to a new event</legend>
            {detail.reports.map((r) => (
              <label key={r.report.id} class="block">
                <input
                  type="checkbox"
                  checked={moving.has(r.report.id)}
                  onChange={(ev) => {
                    const next = new Set(moving);
                    if ((ev.target as HTMLInputElement).checked) next.add(r.report.id);
                    else next.delete(r.report.id);
                    setMoving(next);
                  }}
                />
                {r.article.outlet ?? "?"}, {r.article.published?.slice(0, 10)} <code>{r.report.id}</code>
              </label>
            ))}
          </fieldset>
        )}
        {routeMissing && <p class="note">{missing(`The ${action}`, `POST /events/{id}/${action}`)}</p>}
        <label>
          Reason (required)
          <textarea
            ref={reasonRef}
            rows={2}
            value={reason}
            onInput={(ev) => setReason((ev.target as HTMLTextAreaElement).value)}
          />
        </label>
        <button type="submit" disabled={busy || routeMissing}>
          {busy ? "Sending…" : `Send ${action}`} <kbd>Ctrl+Enter</kbd>
        </button>
        {message && (
          <p class={message.error ? "error" : "ok"} role={message.error ? "alert" : "status"}>
            {message.text}
          </p>
        )}
      </form>
    </section>
  );
}
