// The sign-in and paste-an-article dialogs (native <dialog>: focus is trapped and Escape closes).
import { useEffect, useRef, useState } from "preact/hooks";
import {
  API,
  ApiError,
  type Capabilities,
  has,
  type IngestAnswer,
  missing,
  ROUTES,
  request,
  setToken,
} from "./api.js";
import { failureText, isWriter } from "./review.js";

/** Who is signed in. */
export interface User {
  readonly name: string;
  readonly role: string;
}

function Dialog({
  title,
  onClose,
  children,
}: {
  readonly title: string;
  readonly onClose: () => void;
  readonly children: preact.ComponentChildren;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  return (
    <dialog ref={ref} onClose={onClose} aria-labelledby="dialog-title">
      <div class="panel-head">
        <h2 id="dialog-title">{title}</h2>
        <button type="button" class="link" onClick={() => ref.current?.close()}>
          Close
        </button>
      </div>
      {children}
    </dialog>
  );
}

/** Sign in with an API token (`sitrep token create --role reviewer --name NAME`); kept for this tab only. */
export function SignIn({
  caps,
  onSignedIn,
  onClose,
}: {
  readonly caps: Capabilities;
  readonly onSignedIn: (user: User) => void;
  readonly onClose: () => void;
}) {
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  const available = has(caps, ROUTES.whoami);
  return (
    <Dialog title="Sign in" onClose={onClose}>
      {!available && <p class="note">{missing("Signing in", "GET /auth/whoami")}</p>}
      <form
        class="dialog-form"
        onSubmit={async (e) => {
          e.preventDefault();
          setToken(value.trim());
          try {
            onSignedIn(await request<User>(`${API}/auth/whoami`));
          } catch (err) {
            setToken(null);
            setError(
              err instanceof ApiError && err.status === 401
                ? "That token is not valid."
                : (err as Error).message,
            );
          }
        }}
      >
        <label>
          API token
          <input
            type="password"
            autoComplete="off"
            value={value}
            onInput={(e) => setValue((e.target as HTMLInputElement).value)}
            required
          />
        </label>
        <p class="muted small">
          Made with <code>sitrep token create --role reviewer --name YOU</code>. Kept in this tab only.
        </p>
        <button type="submit" disabled={!available}>
          Sign in
        </button>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
      </form>
    </Dialog>
  );
}

/** Whether pasted text is an HTML page rather than plain text. */
export function looksLikeHtml(text: string): boolean {
  return (
    /^\s*(<!doctype html|<html[\s>])/i.test(text) || /<(p|div|article|body)[\s>]/i.test(text.slice(0, 4000))
  );
}

/** What became of one pasted item, in words. */
export function outcomeText(item: IngestAnswer["articles"][number]): string {
  if (item.status === "stored") return "Stored and read";
  if (item.status === "duplicate") return "Already in the store (a duplicate): nothing changed";
  return `Failed: ${item.message ?? "no reason given"}`;
}

/** Why the signed-in person may not ingest, or null when they may (a reviewer or admin). */
function refusal(role: string | null): string | null {
  if (!role) return "Sign in with a reviewer token to ingest articles.";
  return isWriter(role) ? null : `Your token's role (${role}) may read but not ingest articles.`;
}

/** Paste an article (plain text or an HTML page) and ingest it through POST /articles; reviewers only. */
export function Paste({
  caps,
  role,
  onClose,
  onIngested,
  onOpen,
}: {
  readonly caps: Capabilities;
  readonly role: string | null;
  readonly onClose: () => void;
  /** Called after the server took the article, so the page reloads what it shows. */
  readonly onIngested: () => void;
  readonly onOpen: (eventId: string) => void;
}) {
  const [text, setText] = useState("");
  const [url, setUrl] = useState("");
  const [title, setTitle] = useState("");
  const [published, setPublished] = useState("");
  const [answer, setAnswer] = useState<IngestAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const available = has(caps, ROUTES.ingest);
  const refused = refusal(role);
  // A page carries its own title and date; the fields apply to plain text only.
  const html = looksLikeHtml(text);
  const onInput = (set: (v: string) => void) => (e: Event) =>
    set((e.target as HTMLInputElement | HTMLTextAreaElement).value);
  return (
    <Dialog title="Paste an article" onClose={onClose}>
      {!available && <p class="note">{missing("Ingesting from the page", "POST /articles")}</p>}
      {available && refused && <p class="note">{refused}</p>}
      <form
        class="dialog-form"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          setAnswer(null);
          const body = html
            ? { html: text, url: url || null }
            : { text, url: url || null, title: title || null, published: published || null };
          try {
            setAnswer(await request<IngestAnswer>(`${API}/articles`, { method: "POST", body }));
            onIngested();
          } catch (err) {
            setError(failureText(err));
          } finally {
            setBusy(false);
          }
        }}
      >
        <label>
          Text or HTML
          <textarea rows={10} value={text} required onInput={onInput(setText)} />
        </label>
        <p class="muted small">
          {html
            ? "Read as an HTML page: its title and date come from the page."
            : "Read as plain text. A publication date lets the article's relative dates (“on Tuesday”) resolve."}
        </p>
        <div class="grid2">
          <label>
            URL (optional)
            <input type="url" value={url} onInput={onInput(setUrl)} />
          </label>
          <label>
            Title (optional)
            <input value={title} disabled={html} onInput={onInput(setTitle)} />
          </label>
          <label>
            Published (optional)
            <input type="date" value={published} disabled={html} onInput={onInput(setPublished)} />
          </label>
        </div>
        <button type="submit" disabled={!available || refused !== null || busy}>
          {busy ? "Ingesting…" : "Ingest"}
        </button>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        {answer && (
          <div role="status" class="ingest-result">
            <ul class="plain">
              {answer.articles.map((a, i) => (
                <li key={a.id ?? i} class={a.status === "failed" ? "error" : "ok"} data-status={a.status}>
                  {outcomeText(a)}
                  {a.id && (
                    <>
                      {" "}
                      <code>{a.id}</code>
                    </>
                  )}
                </li>
              ))}
            </ul>
            <p>
              {count(answer.events.created.length, "event")} created,{" "}
              {count(answer.events.updated.length, "event")} updated.
            </p>
            <ul class="plain">
              {(
                [
                  ["created", answer.events.created],
                  ["updated", answer.events.updated],
                ] as const
              ).flatMap(([how, ids]) =>
                ids.map((id) => (
                  <li key={id}>
                    <button type="button" class="link" data-event-id={id} onClick={() => onOpen(id)}>
                      Open the {how} event <code>{id}</code>
                    </button>
                  </li>
                )),
              )}
            </ul>
          </div>
        )}
      </form>
    </Dialog>
  );
}

/** "1 event", "3 events". */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
