// The map: offline borders and labels, event markers coloured by type and sized by fatalities, region-level
// events drawn as hollow markers with a translucent area (never a pin on a town), clusters with their count.
import * as maplibregl from "maplibre-gl";
import type { GeoJSONSource, MapMouseEvent } from "maplibre-gl";
import { useEffect, useRef } from "preact/hooks";
import { BASE_STYLE, BASEMAP_CREDIT, loadCountries } from "./basemap.js";
import { type Cluster, markerRadius } from "./cluster.js";
import { typeColor } from "./colors.js";
import type { Bbox, Camera } from "./view.js";

/** What the map shows and tells. */
export interface MapProps {
  readonly camera: Camera | null;
  readonly markers: readonly Cluster[];
  readonly selected: string | null;
  readonly onMove: (camera: Camera, bbox: Bbox) => void;
  readonly onSelect: (id: string) => void;
}

/** Where the map opens when the URL names no view: the world. */
const WORLD: Camera = { lon: 20, lat: 20, zoom: 1.4 };

function markerFeatures(markers: readonly Cluster[]): GeoJSON.FeatureCollection {
  return {
    type: "FeatureCollection",
    features: markers.map((m) => ({
      type: "Feature",
      geometry: { type: "Point", coordinates: [m.lon, m.lat] },
      properties: {
        id: m.id ?? "",
        events: m.events,
        fatalities: m.fatalities,
        event_type: m.event_type,
        color: typeColor(m.event_type),
        radius: Math.min(34, markerRadius(m.events, m.fatalities)),
        // A region-level single event: hollow marker plus an area, never a filled pin.
        region: m.events === 1 && m.precision === 3 ? 1 : 0,
      },
    })),
  };
}

function addEventLayers(map: maplibregl.Map): void {
  map.addSource("events", { type: "geojson", data: markerFeatures([]) });
  map.addLayer({
    id: "event-areas",
    type: "circle",
    source: "events",
    filter: ["==", ["get", "region"], 1],
    paint: {
      // About 60 km across at mid latitudes: a province, drawn as a soft area.
      "circle-radius": ["interpolate", ["exponential", 2], ["zoom"], 0, 0.4, 12, 1640],
      "circle-color": ["get", "color"],
      "circle-opacity": 0.12,
      "circle-stroke-color": ["get", "color"],
      "circle-stroke-width": 1,
      "circle-stroke-opacity": 0.5,
    },
  });
  map.addLayer({
    id: "event-markers",
    type: "circle",
    source: "events",
    paint: {
      "circle-radius": ["get", "radius"],
      "circle-color": ["get", "color"],
      "circle-opacity": ["case", ["==", ["get", "region"], 1], 0, 0.85],
      "circle-stroke-color": ["case", ["==", ["get", "region"], 1], ["get", "color"], "#ffffff"],
      "circle-stroke-width": ["case", ["==", ["get", "region"], 1], 3, 1.5],
    },
  });
  map.addLayer({
    id: "event-selected",
    type: "circle",
    source: "events",
    filter: ["==", ["get", "id"], ""],
    paint: {
      "circle-radius": ["+", ["get", "radius"], 5],
      "circle-opacity": 0,
      "circle-stroke-color": "#111111",
      "circle-stroke-width": 3,
    },
  });
}

function bboxOf(map: maplibregl.Map): Bbox {
  const b = map.getBounds();
  return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
}

function cameraOf(map: maplibregl.Map): Camera {
  const c = map.getCenter();
  return { lon: c.lng, lat: c.lat, zoom: map.getZoom() };
}

/** The map component: MapLibre GL with the bundled borders; markers and selection come from props. */
export function EventMap({ camera, markers, selected, onMove, onSelect }: MapProps) {
  const container = useRef<HTMLElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const ready = useRef(false);
  const countLabels = useRef<maplibregl.Marker[]>([]);
  const handlers = useRef({ onMove, onSelect });
  handlers.current = { onMove, onSelect };
  const latest = useRef({ markers, selected });
  latest.current = { markers, selected };

  useEffect(() => {
    if (!container.current) return;
    const start = camera ?? WORLD;
    const map = new maplibregl.Map({
      container: container.current,
      style: BASE_STYLE,
      center: [start.lon, start.lat],
      zoom: start.zoom,
      attributionControl: { customAttribution: BASEMAP_CREDIT, compact: false },
      renderWorldCopies: false,
      dragRotate: false,
    });
    map.touchZoomRotate.disableRotation();
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
    mapRef.current = map;
    const labels: maplibregl.Marker[] = [];
    const zoomClass = () => {
      const z = map.getZoom();
      container.current?.setAttribute("data-zoom", z >= 5 ? "5" : z >= 3.5 ? "3.5" : z >= 2 ? "2" : "1");
    };
    map.on("load", async () => {
      addEventLayers(map);
      ready.current = true;
      draw(map, latest.current.markers, latest.current.selected, countLabels.current);
      handlers.current.onMove(cameraOf(map), bboxOf(map));
      const { countries, labels: names } = await loadCountries();
      map.addSource("countries", { type: "geojson", data: countries });
      map.addLayer(
        { id: "land", type: "fill", source: "countries", paint: { "fill-color": "#f4f1ea" } },
        "event-areas",
      );
      map.addLayer(
        {
          id: "borders",
          type: "line",
          source: "countries",
          paint: {
            "line-color": "#9a8f80",
            "line-width": ["interpolate", ["linear"], ["zoom"], 1, 0.4, 8, 1.4],
          },
        },
        "event-areas",
      );
      for (const l of names) {
        const el = document.createElement("span");
        el.className = "country-label";
        el.dataset.minZoom = String(l.minZoom);
        el.textContent = l.name;
        el.setAttribute("aria-hidden", "true");
        labels.push(new maplibregl.Marker({ element: el }).setLngLat([l.lon, l.lat]).addTo(map));
      }
      zoomClass();
      container.current?.setAttribute("data-basemap", "ready");
    });
    map.on("zoom", zoomClass);
    map.on("moveend", () => handlers.current.onMove(cameraOf(map), bboxOf(map)));
    map.on("click", "event-markers", (e: MapMouseEvent & { features?: GeoJSON.Feature[] }) => {
      const f = e.features?.[0];
      const props = f?.properties as { id?: string } | undefined;
      if (props?.id) handlers.current.onSelect(props.id);
      else if (f?.geometry.type === "Point") {
        map.easeTo({ center: f.geometry.coordinates as [number, number], zoom: map.getZoom() + 2 });
      }
    });
    map.on("mouseenter", "event-markers", () => {
      map.getCanvas().style.cursor = "pointer";
    });
    map.on("mouseleave", "event-markers", () => {
      map.getCanvas().style.cursor = "";
    });
    return () => {
      for (const m of labels) m.remove();
      map.remove();
      mapRef.current = null;
      ready.current = false;
    };
  }, []);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready.current) return;
    draw(map, markers, selected, countLabels.current);
    // Tests and screenshots wait for the markers to be on screen.
    container.current?.setAttribute("data-drawn", "no");
    map.once("idle", () => container.current?.setAttribute("data-drawn", String(markers.length)));
  }, [markers, selected]);

  return (
    <section
      ref={container}
      class="map"
      aria-label="Map of events: drag to pan, plus and minus keys to zoom; the list beside it holds the same events"
      data-markers={markers.length}
    />
  );
}

function draw(
  map: maplibregl.Map,
  markers: readonly Cluster[],
  selected: string | null,
  counts: maplibregl.Marker[],
): void {
  (map.getSource("events") as GeoJSONSource | undefined)?.setData(markerFeatures(markers));
  map.setFilter("event-selected", ["==", ["get", "id"], selected ?? "-"]);
  for (const m of counts.splice(0)) m.remove();
  for (const m of markers) {
    if (m.events < 2) continue;
    const el = document.createElement("span");
    el.className = "cluster-count";
    el.textContent = String(m.events);
    el.setAttribute("aria-hidden", "true");
    counts.push(new maplibregl.Marker({ element: el }).setLngLat([m.lon, m.lat]).addTo(map));
  }
}
