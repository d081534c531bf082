// The workbench: filters and the event list (or the review queue) beside the map and timeline, the event
// panel or the article with its evidence on the right. The URL holds the whole view.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { FusedEvent } from "../../src/model.js";
import {
  API,
  ApiError,
  type Capabilities,
  currentToken,
  type EventDetail,
  type EventsPage,
  has,
  loadCapabilities,
  missing,
  type QueuedEvent,
  ROUTES,
  request,
  setToken,
} from "./api.js";
import { ArticleView, spanId } from "./article.js";
import type { Cluster } from "./cluster.js";
import { typeColor } from "./colors.js";
import { Paste, SignIn, type User } from "./dialogs.js";
import { FilterForm } from "./filters.js";
import { EventMap } from "./map.js";
import { type EvidenceTarget, EventPanel } from "./panel.js";
import { actionOfKey, isWriter, type ReviewAction } from "./review.js";
import { countByDay, type DayCount } from "./timeline.js";
import { Timeline } from "./timeline-view.js";
import { apiQuery, type Bbox, type Camera, clampBbox, parseView, type View, viewSearch } from "./view.js";

/** Events per list page, and counted per timeline when the server has no /stats. */
const LIST_PAGE = 100;
const COUNT_PAGE = 1000;

function errorText(error: unknown): string {
  return error instanceof ApiError ? `${error.message} (${error.code})` : (error as Error).message;
}

/** One line of the event list or the review queue. */
function EventRow({
  event,
  selected,
  onSelect,
  extra,
}: {
  readonly event: FusedEvent;
  readonly selected: boolean;
  readonly onSelect: (id: string) => void;
  readonly extra?: preact.ComponentChildren;
}) {
  return (
    <li>
      <button
        type="button"
        class="row"
        aria-current={selected ? "true" : undefined}
        data-event-id={event.id}
        onClick={() => onSelect(event.id)}
      >
        <span class="dot" style={{ background: typeColor(event.event_type) }} aria-hidden="true" />
        <span class="row-main">
          <span class="row-title">{event.sub_event_type}</span>
          <span class="row-sub">
            {event.location
              ? [event.location.name, event.location.country].filter(Boolean).join(", ")
              : "no place"}{" "}
            · {event.date.value ?? "undated"}
            {event.date.precision !== "day" && event.date.value ? ` (${event.date.precision})` : ""}
          </span>
          {extra}
        </span>
        <span class="row-toll" title="killed (best)">
          {event.fatalities ? event.fatalities.best : "–"}
        </span>
      </button>
    </li>
  );
}

/** The workbench page. */
export function App() {
  const [view, setViewState] = useState<View>(() => parseView(location.search));
  const [caps, setCaps] = useState<Capabilities | null>(null);
  const [user, setUser] = useState<User | null>(null);
  const [dialog, setDialog] = useState<"signin" | "paste" | null>(null);
  const [area, setArea] = useState<{ bbox: Bbox; zoom: number } | null>(null);
  const [inView, setInView] = useState(true);
  const [list, setList] = useState<{ events: FusedEvent[]; next: string | null; count: number | null }>({
    events: [],
    next: null,
    count: null,
  });
  const [listError, setListError] = useState<string | null>(null);
  const [queue, setQueue] = useState<{ events: QueuedEvent[]; error: string | null } | null>(null);
  const [markers, setMarkers] = useState<Cluster[]>([]);
  const [mapNote, setMapNote] = useState<string | null>(null);
  const [days, setDays] = useState<{ rows: DayCount[]; note: string | null }>({ rows: [], note: null });
  const [detail, setDetail] = useState<EventDetail | null>(null);
  const [detailError, setDetailError] = useState<string | null>(null);
  const [focus, setFocus] = useState<string | null>(null);
  const [reviewAction, setReviewAction] = useState<ReviewAction | null>(null);
  const [refresh, setRefresh] = useState(0);
  const listRef = useRef<HTMLOListElement>(null);

  const setView = useCallback((next: View, push = true) => {
    setViewState(next);
    const url = `${location.pathname}${viewSearch(next) ? `?${viewSearch(next)}` : ""}`;
    if (push) history.pushState(null, "", url);
    else history.replaceState(null, "", url);
  }, []);
  const viewRef = useRef(view);
  viewRef.current = view;

  useEffect(() => {
    const onPop = () => setViewState(parseView(location.search));
    addEventListener("popstate", onPop);
    void loadCapabilities().then(setCaps);
    if (currentToken()) {
      request<User>(`${API}/auth/whoami`).then(setUser, () => setToken(null));
    }
    return () => removeEventListener("popstate", onPop);
  }, []);

  const filterKey = JSON.stringify(view.filters);
  const bboxParam = area ? clampBbox(area.bbox).join(",") : undefined;

  // The list: events matching the filters (in the map's view unless asked otherwise), a page at a time.
  useEffect(() => {
    if (!caps || !area) return;
    const ctl = new AbortController();
    setListError(null);
    const query = apiQuery(view.filters, {
      limit: String(LIST_PAGE),
      count: "true",
      bbox: inView ? bboxParam : undefined,
    });
    request<EventsPage>(`${API}/events`, { query, signal: ctl.signal }).then(
      (page) =>
        setList({
          events: page.events,
          next: page.next_cursor,
          count: page.count ?? null,
        }),
      (e) => ctl.signal.aborted || setListError(errorText(e)),
    );
    return () => ctl.abort();
  }, [caps, filterKey, inView, inView && bboxParam, refresh]);

  const loadMore = async () => {
    if (!caps || !list.next) return;
    const query = apiQuery(view.filters, {
      limit: String(LIST_PAGE),
      cursor: list.next,
      bbox: inView ? bboxParam : undefined,
    });
    try {
      const page = await request<EventsPage>(`${API}/events`, { query });
      setList({
        ...list,
        events: [...list.events, ...page.events],
        next: page.next_cursor,
      });
    } catch (e) {
      setListError(errorText(e));
    }
  };

  // The map: the server's grid clusters for the view at its zoom (a cell holding one event is that event).
  const zoom = area ? Math.floor(area.zoom) : 0;
  useEffect(() => {
    if (!caps || !area) return;
    if (!has(caps, ROUTES.clusters)) {
      setMarkers([]);
      setMapNote(missing("The map", "GET /clusters"));
      return;
    }
    const ctl = new AbortController();
    const query = apiQuery(view.filters, { bbox: bboxParam, zoom: String(zoom) });
    request<{ clusters: Cluster[] }>(`${API}/clusters`, { query, signal: ctl.signal }).then(
      (r) => {
        setMarkers(r.clusters);
        setMapNote(null);
      },
      (e) => ctl.signal.aborted || setMapNote(errorText(e)),
    );
    return () => ctl.abort();
  }, [caps, filterKey, bboxParam, zoom, refresh]);

  // The timeline: counts by day for the filters except the dates (so brushing keeps the whole span in sight).
  const undated = JSON.stringify({ ...view.filters, from: undefined, to: undefined });
  useEffect(() => {
    if (!caps) return;
    const ctl = new AbortController();
    const filters = { ...view.filters, from: undefined, to: undefined };
    const load = async () => {
      // The per-day counts alone where the server has them (one pass over the events instead of four).
      const counts = has(caps, ROUTES.days)
        ? `${API}/stats/days`
        : has(caps, ROUTES.stats)
          ? `${API}/stats`
          : null;
      if (counts) {
        const r = await request<{ by_day: DayCount[] }>(counts, {
          query: apiQuery(filters),
          signal: ctl.signal,
        });
        setDays({ rows: r.by_day, note: null });
        return;
      }
      const page = await request<EventsPage>(`${API}/events`, {
        query: apiQuery(filters, { limit: String(COUNT_PAGE) }),
        signal: ctl.signal,
      });
      setDays({
        rows: countByDay(page.events),
        note: page.next_cursor
          ? `Counted from the first ${COUNT_PAGE} events only: ${missing("A full timeline", "GET /stats")}`
          : null,
      });
    };
    load().catch((e) => ctl.signal.aborted || setDays({ rows: [], note: errorText(e) }));
    return () => ctl.abort();
  }, [caps, undated, refresh]);

  // The selected event (a merged-away id answers with its survivor: the URL follows).
  useEffect(() => {
    setDetailError(null);
    if (!view.event) {
      setDetail(null);
      return;
    }
    const ctl = new AbortController();
    request<EventDetail>(`${API}/events/${encodeURIComponent(view.event)}`, { signal: ctl.signal }).then(
      (d) => {
        setDetail(d);
        if (d.event.id !== viewRef.current.event) setView({ ...viewRef.current, event: d.event.id }, false);
      },
      (e) => {
        if (ctl.signal.aborted) return;
        setDetail(null);
        setDetailError(errorText(e));
      },
    );
    return () => ctl.abort();
  }, [view.event, refresh]);

  // The review queue.
  useEffect(() => {
    if (view.tab !== "review" || !caps) return;
    if (!has(caps, ROUTES.queue)) {
      setQueue({ events: [], error: missing("The review queue", "GET /review/queue") });
      return;
    }
    request<{ events: QueuedEvent[] }>(`${API}/review/queue`, {
      query: new URLSearchParams({ limit: "100" }),
    }).then(
      (r) => setQueue({ events: r.events, error: null }),
      (e) => setQueue({ events: [], error: errorText(e) }),
    );
  }, [view.tab, caps, refresh]);

  const select = (id: string | null) => setView({ ...view, event: id, article: null });
  const onEvidence = (t: EvidenceTarget) => {
    if (!detail) return;
    const report = detail.reports[t.report];
    if (!report) return;
    setFocus(spanId(t.report, t.key));
    setView({ ...view, article: report.article.id });
  };

  const rows: FusedEvent[] = view.tab === "review" ? (queue?.events ?? []) : list.events;

  // Keyboard: j/k move through the list, a/e/m/s/x pick a review action, / searches, Escape closes.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (e.ctrlKey || e.metaKey || e.altKey || t.closest("input, textarea, select, dialog")) return;
      if (e.key === "j" || e.key === "k") {
        const at = rows.findIndex((r) => r.id === view.event);
        const next = rows[Math.max(0, Math.min(rows.length - 1, at + (e.key === "j" ? 1 : -1)))];
        if (next) {
          select(next.id);
          listRef.current?.querySelector<HTMLElement>(`[data-event-id="${next.id}"]`)?.focus();
        }
      } else if (e.key === "/") {
        e.preventDefault();
        document.querySelector<HTMLInputElement>('input[name="q"]')?.focus();
      } else if (e.key === "Escape") {
        if (view.article) setView({ ...view, article: null });
        else if (view.event) select(null);
      } else if (view.event && actionOfKey(e.key)) {
        e.preventDefault();
        setReviewAction(actionOfKey(e.key));
        setTimeout(() => setReviewAction(null), 0);
      }
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  });

  // An export holds what the list shows: the filters, and the map's view when the list keeps to it.
  const exportHref = (route: string, ext: string) =>
    caps && has(caps, route)
      ? `${API}/events.${ext}?${apiQuery(view.filters, { bbox: inView ? bboxParam : undefined })}`
      : undefined;
  const canWrite = isWriter(user?.role ?? null);

  return (
    <div class="app">
      <header class="top">
        <h1>Sitrep</h1>
        <nav aria-label="Views" class="tabs">
          {(["events", "review"] as const).map((tab) => (
            <button
              key={tab}
              type="button"
              aria-pressed={view.tab === tab}
              onClick={() => setView({ ...view, tab })}
            >
              {tab === "events" ? "Events" : "Review queue"}
            </button>
          ))}
        </nav>
        <div class="actions">
          {(
            [
              [ROUTES.csv, "csv", "Export CSV"],
              [ROUTES.geojson, "geojson", "Export GeoJSON"],
            ] as const
          ).map(([route, ext, label]) => {
            const href = exportHref(route, ext);
            return href ? (
              <a key={ext} class="button" href={href} download={`sitrep-events.${ext}`}>
                {label}
              </a>
            ) : (
              <button key={ext} type="button" disabled title={missing(label, `GET /events.${ext}`)}>
                {label}
              </button>
            );
          })}
          <button type="button" onClick={() => setDialog("paste")}>
            Paste article
          </button>
          {user ? (
            <span class="user">
              {user.name} ({user.role}){" "}
              <button
                type="button"
                class="link"
                onClick={() => {
                  setToken(null);
                  setUser(null);
                }}
              >
                Sign out
              </button>
            </span>
          ) : (
            <button type="button" onClick={() => setDialog("signin")}>
              Sign in
            </button>
          )}
        </div>
      </header>
      <main class={`layout${view.event ? " with-detail" : ""}`}>
        <aside class="sidebar" aria-label={view.tab === "review" ? "Review queue" : "Filters and events"}>
          <details class="filters-box" open>
            <summary>Filters</summary>
            <FilterForm filters={view.filters} onChange={(filters) => setView({ ...view, filters })} />
          </details>
          {view.tab === "events" ? (
            <section aria-labelledby="list-title" class="list">
              <div class="list-head">
                <h2 id="list-title">
                  Events{" "}
                  <span class="muted" data-testid="count">
                    {list.count ?? list.events.length}
                  </span>
                </h2>
                <label class="check small">
                  <input
                    type="checkbox"
                    checked={inView}
                    onChange={(e) => setInView((e.target as HTMLInputElement).checked)}
                  />
                  only in map view
                </label>
              </div>
              {listError && <p class="error">{listError}</p>}
              <ol ref={listRef} class="rows" aria-label="Events">
                {list.events.map((e) => (
                  <EventRow key={e.id} event={e} selected={e.id === view.event} onSelect={select} />
                ))}
              </ol>
              {list.next && (
                <button type="button" onClick={loadMore}>
                  Load more
                </button>
              )}
            </section>
          ) : (
            <section aria-labelledby="queue-title" class="list">
              <h2 id="queue-title">Review queue</h2>
              <p class="muted small">
                Most in need of a person first. Keys: j/k next/previous, a accept, e correct, m merge, s
                split, x reject.
              </p>
              {!canWrite && <p class="note small">Sign in with a reviewer token to review.</p>}
              {queue?.error && <p class="note">{queue.error}</p>}
              <ol ref={listRef} class="rows" aria-label="Review queue">
                {(queue?.events ?? []).map((e) => (
                  <EventRow
                    key={e.id}
                    event={e}
                    selected={e.id === view.event}
                    onSelect={select}
                    extra={
                      <span class="row-sub">
                        priority {e.priority.toFixed(1)}: {e.reasons.join(", ")}
                      </span>
                    }
                  />
                ))}
              </ol>
            </section>
          )}
        </aside>
        <section class="center" aria-label="Map and timeline">
          <EventMap
            camera={view.camera}
            markers={markers}
            selected={view.event}
            onMove={(camera: Camera, bbox: Bbox) => {
              setArea({ bbox, zoom: camera.zoom });
              setView({ ...viewRef.current, camera }, false);
            }}
            onSelect={select}
          />
          {mapNote && <p class="note map-note">{mapNote}</p>}
          <Timeline
            rows={days.rows}
            from={view.filters.from}
            to={view.filters.to}
            note={days.note}
            onBrush={(from, to) => setView({ ...view, filters: { ...view.filters, from, to } })}
          />
        </section>
        {view.event && (
          <aside class="detail" aria-label="Selected event">
            {detailError && <p class="error">{detailError}</p>}
            {detail && caps && view.article ? (
              <ArticleView
                detail={detail}
                articleId={view.article}
                focus={focus}
                onClose={() => setView({ ...view, article: null })}
              />
            ) : (
              detail &&
              caps && (
                <EventPanel
                  detail={detail}
                  caps={caps}
                  role={user?.role ?? null}
                  reviewAction={reviewAction}
                  refresh={refresh}
                  onEvidence={onEvidence}
                  onClose={() => select(null)}
                  onChanged={(id) => {
                    setRefresh(refresh + 1);
                    if (id !== view.event) select(id);
                  }}
                />
              )
            )}
          </aside>
        )}
      </main>
      {dialog === "signin" && caps && (
        <SignIn
          caps={caps}
          onClose={() => setDialog(null)}
          onSignedIn={(u) => {
            setUser(u);
            setDialog(null);
          }}
        />
      )}
      {dialog === "paste" && caps && (
        <Paste
          caps={caps}
          role={user?.role ?? null}
          onClose={() => setDialog(null)}
          onIngested={() => setRefresh(refresh + 1)}
          onOpen={(id) => {
            setDialog(null);
            select(id);
          }}
        />
      )}
    </div>
  );
}
