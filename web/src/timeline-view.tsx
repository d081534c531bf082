// The timeline: events per day (or week, or month) stacked by type; drag across it to set from/to.
import { useEffect, useRef, useState } from "preact/hooks";
import { TYPE_COLORS, typeColor } from "./colors.js";
import { type Bin, bins, type DayCount } from "./timeline.js";

/** What the timeline draws and tells. */
export interface TimelineProps {
  readonly rows: readonly DayCount[];
  readonly from: string | undefined;
  readonly to: string | undefined;
  readonly note: string | null;
  readonly onBrush: (from: string | undefined, to: string | undefined) => void;
}

const HEIGHT = 96;
const AXIS = 16;

/** The brushable, stacked timeline. */
export function Timeline({ rows, from, to, note, onBrush }: TimelineProps) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(600);
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setWidth(Math.max(200, el.clientWidth)));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const data: Bin[] = bins(rows);
  const max = Math.max(1, ...data.map((b) => b.total));
  const barW = data.length > 0 ? width / data.length : width;
  const plotH = HEIGHT - AXIS;
  const indexAt = (x: number) => Math.max(0, Math.min(data.length - 1, Math.floor(x / barW)));
  const xOf = (e: PointerEvent) => e.clientX - (e.currentTarget as SVGElement).getBoundingClientRect().left;

  const selected = (bin: Bin) => (!from || bin.to >= from) && (!to || bin.from <= to);
  const dragLo = drag ? Math.min(drag.a, drag.b) : -1;
  const dragHi = drag ? Math.max(drag.a, drag.b) : -1;
  const total = rows.reduce((s, r) => s + r.events, 0);

  return (
    <section class="timeline" aria-label="Timeline">
      <div class="timeline-head">
        <h2>Timeline</h2>
        <span class="muted">
          {data.length > 0
            ? `${total} events, ${data[0]!.from} to ${data.at(-1)!.to}; drag across the bars to set the dates`
            : "no dated events match"}
        </span>
        {(from || to) && (
          <button type="button" class="link" onClick={() => onBrush(undefined, undefined)}>
            Clear dates
          </button>
        )}
      </div>
      {note && <p class="note">{note}</p>}
      <div ref={box} class="timeline-plot">
        <svg
          width={width}
          height={HEIGHT}
          role="img"
          aria-label={`Events over time by type; ${from || to ? `selected ${from ?? "start"} to ${to ?? "end"}` : "no dates selected"}`}
          onPointerDown={(e) => {
            if (data.length === 0) return;
            (e.currentTarget as SVGElement).setPointerCapture(e.pointerId);
            const i = indexAt(xOf(e));
            setDrag({ a: i, b: i });
          }}
          onPointerMove={(e) => drag && setDrag({ a: drag.a, b: indexAt(xOf(e)) })}
          onPointerUp={() => {
            if (!drag) return;
            const lo = data[Math.min(drag.a, drag.b)]!;
            const hi = data[Math.max(drag.a, drag.b)]!;
            setDrag(null);
            onBrush(lo.from, hi.to);
          }}
        >
          {data.map((bin, i) => {
            let y = plotH;
            const dim = drag ? i < dragLo || i > dragHi : !selected(bin);
            return (
              <g key={bin.from} opacity={dim ? 0.3 : 1}>
                <title>{`${bin.from === bin.to ? bin.from : `${bin.from} to ${bin.to}`}: ${bin.total} events`}</title>
                <rect x={i * barW} y={0} width={barW} height={plotH} fill="transparent" />
                {Object.keys(TYPE_COLORS)
                  .filter((t) => bin.byType[t])
                  .concat(Object.keys(bin.byType).filter((t) => !(t in TYPE_COLORS)))
                  .map((type) => {
                    const h = ((bin.byType[type] ?? 0) / max) * (plotH - 4);
                    y -= h;
                    return (
                      <rect
                        key={type}
                        x={i * barW + (barW > 3 ? 0.5 : 0)}
                        y={y}
                        width={Math.max(1, barW - (barW > 3 ? 1 : 0))}
                        height={h}
                        fill={typeColor(type)}
                      />
                    );
                  })}
              </g>
            );
          })}
          {data.length > 0 && (
            <>
              <text x={2} y={HEIGHT - 3} class="axis">
                {data[0]!.from}
              </text>
              <text x={width - 2} y={HEIGHT - 3} class="axis" text-anchor="end">
                {data.at(-1)!.to}
              </text>
            </>
          )}
        </svg>
      </div>
    </section>
  );
}
