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

/** Paste an article (plain text or an HTML page) and ingest it through POST /articles. */
export function Paste({
  caps,
  onClose,
  onOpen,
}: {
  readonly caps: Capabilities;
  readonly onClose: () => void;
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
  return (
    <Dialog title="Paste an article" onClose={onClose}>
      {!available && <p class="note">{missing("Ingesting from the page", "POST /articles")}</p>}
      <form
        class="dialog-form"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          const body = looksLikeHtml(text)
            ? { html: text, url: url || null }
            : { text, url: url || null, title: title || null, published: published || null };
          try {
            setAnswer(await request<IngestAnswer>(`${API}/articles`, { method: "POST", body }));
          } catch (err) {
            setError((err as Error).message);
          } finally {
            setBusy(false);
          }
        }}
      >
        <label>
          Text or HTML
          <textarea
            rows={10}
            value={text}
            required
            onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
          />
        </label>
        <div class="grid2">
          <label>
            URL
            <input type="url" value={url} onInput={(e) => setUrl((e.target as HTMLInputElement).value)} />
          </label>
          <label>
            Title
            <input value={title} onInput={(e) => setTitle((e.target as HTMLInputElement).value)} />
          </label>
          <label>
            Published
            <input
              type="date"
              value={published}
              onInput={(e) => setPublished((e.target as HTMLInputElement).value)}
            />
          </label>
        </div>
        <button type="submit" disabled={!available || busy}>
          {busy ? "Ingesting…" : "Ingest"}
        </button>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        {answer && (
          <div role="status">
            <ul class="plain">
              {answer.articles.map((a) => (
                <li key={a.id}>
                  {a.id}: {a.status}
                  {a.message && ` (${a.message})`}
                </li>
              ))}
            </ul>
            <p>
              {answer.events.created.length} events created, {answer.events.updated.length} updated.
            </p>
            <ul class="plain">
              {[...answer.events.created, ...answer.events.updated].map((id) => (
                <li key={id}>
                  <button type="button" class="link" onClick={() => onOpen(id)}>
                    Open {id}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
      </form>
    </Dialog>
  );
}
