// Entry: MapLibre's worker from our own origin (Vite emits it as an asset; MapLibre would otherwise look for it
// beside its bundled module and fail), then the workbench.
import "maplibre-gl/dist/maplibre-gl.css";
import "./styles.css";
import * as maplibregl from "maplibre-gl";
import workerUrl from "maplibre-gl/dist/maplibre-gl-worker.mjs?url";
import { render } from "preact";
import { App } from "./app.js";

maplibregl.setWorkerUrl(workerUrl);
render(<App />, document.getElementById("app")!);
