// Event-type colours (Okabe–Ito, readable by most colour-blind people) and how precision is named.
import type { GeoPrecision } from "../../src/model.js";

/** One colour per ACLED event type. */
export const TYPE_COLORS: Record<string, string> = {
  Battles: "#D55E00",
  "Explosions/Remote violence": "#0072B2",
  "Violence against civilians": "#CC79A7",
  Protests: "#009E73",
  Riots: "#E69F00",
  "Strategic developments": "#6F6F6F",
};

/** The colour of an event type (grey when unknown). */
export function typeColor(type: string): string {
  return TYPE_COLORS[type] ?? "#6F6F6F";
}

/** How exact a place is, in words. */
export const PRECISION_WORDS: Record<GeoPrecision, string> = {
  1: "the named town",
  2: "near or part of a town",
  3: "a region (province or country)",
};
