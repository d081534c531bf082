import { z } from "zod";
import languageJson from "../../data/ingest/language.json" with { type: "json" };
import type { Article } from "../model.js";
import { checkTable } from "../util/table.js";

const LanguageTableSchema = z.object({
  read: z.array(z.string().regex(/^[a-z]{2,3}$/)).min(1),
  english_function_words: z.array(z.string().regex(/^[a-z]+$/)).min(1),
  english_share: z.number().gt(0).lt(1),
  window: z.number().int().positive(),
  second_from: z.number().int().positive(),
  min_letters: z.number().int().nonnegative(),
  min_lead: z.number().min(0).lt(1),
});

/** The settings of language detection (data/ingest/language.json; see its SOURCE.md). */
const TABLE = checkTable(LanguageTableSchema, languageJson, "data/ingest/language.json");
const FUNCTION_WORDS = new Set(TABLE.english_function_words);

/** The languages Sitrep's lexicons and rules read (ISO 639-1). */
export const READ_LANGUAGES: readonly string[] = TABLE.read;

/** The warning code of an article in a language Sitrep does not read. */
export const UNSUPPORTED_LANGUAGE = "unsupported_language";

/** A language detector over a short text: the best language (ISO 639-1, "" when none) and every score in [0, 1]. */
export interface LanguageDetector {
  detect(text: string): { readonly language: string; readonly scores: Readonly<Record<string, number>> };
}

/** Which language an article is in, and how that was decided. */
export interface LanguageReading {
  /** ISO 639-1 code, lower case. */
  readonly language: string;
  /** declared: Article.language; detected: a language other than English; default: English, read or assumed. */
  readonly source: "declared" | "detected" | "default";
  /** The detector's score of the language (detected only). */
  readonly score?: number;
}

const WORD = /\p{L}+/gu;

/** The primary subtag of a language tag ("en-GB" → "en", " FR " → "fr"), or null when there is none. */
export function primaryLanguage(tag: string | null): string | null {
  const m = tag === null ? null : /^\s*([a-z]{2,3})(?:[-_][a-z0-9]+)*\s*$/i.exec(tag);
  return m?.[1] ? m[1].toLowerCase() : null;
}

/** The part of a text a window reads: from `from`, about `size` characters, cut at white space. */
function window(text: string, from: number, size: number): string {
  const start = from === 0 ? 0 : Math.max(0, text.indexOf(" ", from) + 1);
  const end = text.lastIndexOf(" ", start + size);
  return text.slice(start, end > start ? end : start + size);
}

/** Whether a window is plainly English: English function words make up a good share of its words. */
export function plainlyEnglish(text: string): boolean {
  const words = text.toLowerCase().match(WORD) ?? [];
  let hits = 0;
  for (const w of words) if (FUNCTION_WORDS.has(w)) hits++;
  return words.length > 0 && hits >= TABLE.english_share * words.length;
}

/** One window's reading: a language other than English only when it leads English's score clearly. */
function readWindow(text: string, detector: LanguageDetector): { language: string; score: number } | null {
  let letters = 0;
  for (const w of text.match(WORD) ?? []) letters += w.length;
  if (letters < TABLE.min_letters || plainlyEnglish(text)) return null;
  const { language, scores } = detector.detect(text);
  const score = scores[language] ?? 0;
  if (language === "" || language === "en" || score - (scores.en ?? 0) < TABLE.min_lead) return null;
  return { language, score };
}

/**
 * The language of an article: Article.language when it names one; otherwise read from a bounded prefix of title
 * and text (cheap: plainly English text needs no detector call). A non-English reading must lead English clearly
 * and, in a longer text, be confirmed by a second window; short or unclear texts default to English. Without a
 * detector every undeclared article is taken as English.
 */
export function articleLanguage(article: Article, detector: LanguageDetector | null): LanguageReading {
  const declared = primaryLanguage(article.language);
  if (declared) return { language: declared, source: "declared" };
  const english: LanguageReading = { language: "en", source: "default" };
  if (!detector) return english;
  const text = article.title ? `${article.title}\n${article.text}` : article.text;
  const first = readWindow(window(text, 0, TABLE.window), detector);
  if (!first) return english;
  if (text.length > TABLE.second_from + TABLE.window) {
    const second = readWindow(window(text, TABLE.second_from, TABLE.window), detector);
    if (second?.language !== first.language) return english;
  }
  return { language: first.language, source: "detected", score: Number(first.score.toFixed(3)) };
}

/** Whether Sitrep reads a language. */
export function readsLanguage(language: string): boolean {
  return READ_LANGUAGES.includes(language);
}

const NAMES = new Intl.DisplayNames(["en"], { type: "language", fallback: "code" });

/** The English name of a language code ("fr" → "French"), the code itself when unknown. */
export function languageName(code: string): string {
  try {
    return NAMES.of(code) ?? code;
  } catch {
    return code;
  }
}

/** The warning of an article Sitrep does not read: the stable code first, then which language and how it was known. */
export function unsupportedLanguageWarning(reading: LanguageReading): string {
  const how = reading.source === "declared" ? "declared" : `detected, score ${reading.score ?? "?"}`;
  return (
    `${UNSUPPORTED_LANGUAGE}: the article is in ${languageName(reading.language)} (${reading.language}, ${how}); ` +
    `Sitrep reads ${READ_LANGUAGES.map(languageName).join(", ")} only, so no events were extracted`
  );
}

/** Loads the language detector (eld, its "medium" n-gram table, shipped in the npm package; about a second). */
export async function loadLanguageDetector(): Promise<LanguageDetector> {
  const { eld } = await import("eld/medium");
  return {
    detect(text) {
      const result = eld.detect(text);
      return { language: result.language, scores: result.language === "" ? {} : result.getScores() };
    },
  };
}

/** "3 articles in languages Sitrep does not read (fr 2, ar 1)" from counts by language (most first), or null when none. */
export function unreadSummary(counts: Readonly<Record<string, number>>): string | null {
  const entries = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return null;
  const list = entries.map(([code, n]) => `${code} ${n}`).join(", ");
  return `${total} article${total === 1 ? "" : "s"} in languages Sitrep does not read (${list})`;
}
