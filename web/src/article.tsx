// The article with its evidence highlighted by field: hovering a highlight names the field (and rule), and the
// event panel scrolls here to the span of the field a person clicks.
import { useEffect, useState } from "preact/hooks";
import type { Article } from "../../src/model.js";
import { API, type EventDetail, request } from "./api.js";
import { type EvidenceSpan, reportSpans, segments } from "./evidence.js";

/** The element id of one evidence span in the article view. */
export function spanId(reportIndex: number, key: string): string {
  return `evidence-${reportIndex}-${key}`;
}

/** The evidence spans of every report of `detail` that comes from the article, each keyed by its report's index. */
function articleSpans(detail: EventDetail, articleId: string): (EvidenceSpan & { report: number })[] {
  return detail.reports.flatMap((r, i) =>
    r.article.id === articleId ? reportSpans(r.report).map((s) => ({ ...s, report: i })) : [],
  );
}

/** The article view: metadata, a legend, and the text with highlighted evidence. */
export function ArticleView({
  detail,
  articleId,
  focus,
  onClose,
}: {
  readonly detail: EventDetail;
  readonly articleId: string;
  readonly focus: string | null;
  readonly onClose: () => void;
}) {
  const [article, setArticle] = useState<Article | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [hovered, setHovered] = useState<string | null>(null);

  useEffect(() => {
    setArticle(null);
    setError(null);
    request<Article>(`${API}/articles/${encodeURIComponent(articleId)}`).then(setArticle, (e: Error) =>
      setError(e.message),
    );
  }, [articleId]);

  useEffect(() => {
    if (!article || !focus) return;
    const target = document.getElementById(focus);
    // A span that starts where another does has an empty anchor before the shared highlight.
    const el = target?.classList.contains("ev-anchor") ? target.nextElementSibling : target;
    if (!(el instanceof HTMLElement)) return;
    el.scrollIntoView({ block: "center" });
    el.classList.add("flash");
    el.focus({ preventScroll: true });
    const t = setTimeout(() => el.classList.remove("flash"), 1600);
    return () => clearTimeout(t);
  }, [article, focus]);

  const spans = articleSpans(detail, articleId);
  const describe = (s: EvidenceSpan) => `${s.label}${s.rule ? ` (rule ${s.rule})` : ""}`;
  const firstOf = new Set<EvidenceSpan>();

  return (
    <section class="article" aria-label="Article with evidence">
      <div class="panel-head">
        <h2>{article?.title ?? "Article"}</h2>
        <button type="button" class="link" onClick={onClose}>
          Back to the event
        </button>
      </div>
      {error && <p class="error">{error}</p>}
      {article && (
        <>
          <p class="muted">
            {article.outlet ?? "unknown outlet"}
            {article.published && `, ${article.published.slice(0, 10)}`}
            {article.url && (
              <>
                {" · "}
                <a href={article.url} target="_blank" rel="noopener noreferrer">
                  original
                </a>
              </>
            )}
          </p>
          <ul class="legend" aria-label="Highlight colours">
            {["trigger", "date", "place", "actor", "certainty", "claim"].map((k) => (
              <li key={k}>
                <mark class={`ev ev-${k}`}>{k}</mark>
              </li>
            ))}
          </ul>
          <p class="hover-status" aria-live="polite">
            {hovered
              ? `Evidence for: ${hovered}`
              : "Hover or focus a highlight to see which field it supports."}
          </p>
          <div class="article-text">
            {segments(article.text.length, spans).map((seg) => {
              const text = article.text.slice(seg.start, seg.end);
              if (seg.spans.length === 0) return text;
              const names = seg.spans.map(describe).join("; ");
              const starts = seg.spans.filter((s) => s.start === seg.start && !firstOf.has(s));
              for (const s of starts) firstOf.add(s);
              const [anchor, ...others] = starts as (EvidenceSpan & { report: number })[];
              return [
                ...others.map((s) => (
                  <span key={`${seg.start}-${s.key}`} id={spanId(s.report, s.key)} class="ev-anchor" />
                )),
                <mark
                  key={seg.start}
                  id={anchor ? spanId(anchor.report, anchor.key) : undefined}
                  class={`ev ev-${seg.spans[0]!.kind}${seg.spans.length > 1 ? " ev-multi" : ""}`}
                  title={names}
                  data-fields={seg.spans.map((s) => s.key).join(" ")}
                  tabIndex={anchor ? 0 : -1}
                  onMouseEnter={() => setHovered(names)}
                  onFocus={() => setHovered(names)}
                  onMouseLeave={() => setHovered(null)}
                >
                  {text}
                </mark>,
              ];
            })}
          </div>
        </>
      )}
    </section>
  );
}
