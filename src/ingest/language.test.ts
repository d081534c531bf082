import assert from "node:assert/strict";
import { test } from "node:test";
import type { Article } from "../model.js";
import {
  articleLanguage,
  languageName,
  loadLanguageDetector,
  plainlyEnglish,
  primaryLanguage,
  readsLanguage,
  UNSUPPORTED_LANGUAGE,
  unsupportedLanguageWarning,
} from "./language.js";

// Fictional articles written for these tests: one story (a raid on an invented village) told in six languages.
const TEXTS = {
  en: "Armed men raided the village of Tembari on Sunday night and burned the market, residents said. Two guards were wounded before the attackers withdrew into the forest, according to the district officer.",
  fr: "Des hommes armés ont attaqué le village de Tembari dimanche soir et incendié le marché, ont indiqué des habitants. Deux gardes ont été blessés avant que les assaillants ne se retirent dans la forêt.",
  es: "Hombres armados asaltaron la aldea de Tembari el domingo por la noche y quemaron el mercado, dijeron los vecinos. Dos guardias resultaron heridos antes de que los atacantes se retiraran al bosque.",
  de: "Bewaffnete Männer haben am Sonntagabend das Dorf Tembari überfallen und den Markt niedergebrannt, berichteten Anwohner. Zwei Wachleute wurden verletzt, bevor sich die Angreifer in den Wald zurückzogen.",
  ar: "هاجم مسلحون قرية تمباري مساء الأحد وأحرقوا السوق، بحسب ما قاله سكان. وأصيب حارسان قبل أن ينسحب المهاجمون إلى الغابة، وفق مسؤول المنطقة.",
  ru: "Вооружённые люди напали на деревню Тембари в воскресенье вечером и сожгли рынок, рассказали жители. Двое охранников были ранены, прежде чем нападавшие отступили в лес, сообщил глава района.",
  enNames:
    "Jean-Baptiste Ndour, Abdoulaye Ould Cheikh and Maria Fernández de la Cruz met in Saint-Étienne-des-Bois on Monday. " +
    "The three mediators said the talks with the militia in Tembari would resume next week after the harvest.",
} as const;

const article = (text: string, extra: Partial<Article> = {}): Article => ({
  id: "a",
  url: null,
  outlet: null,
  published: "2026-03-02",
  title: null,
  text,
  language: null,
  ...extra,
});

const detector = await loadLanguageDetector();

test("articleLanguage: detects the language of a text that declares none", () => {
  const cases: [keyof typeof TEXTS, string][] = [
    ["en", "en"],
    ["fr", "fr"],
    ["es", "es"],
    ["de", "de"],
    ["ar", "ar"],
    ["ru", "ru"],
    ["enNames", "en"],
  ];
  for (const [key, expected] of cases) {
    const reading = articleLanguage(article(TEXTS[key]), detector);
    assert.equal(reading.language, expected, key);
    assert.equal(reading.source, expected === "en" ? "default" : "detected", key);
  }
});

test("articleLanguage: a declared language wins; short, unclear or undetected texts are English", () => {
  const cases: { name: string; article: Article; withDetector: boolean; expected: string; source: string }[] =
    [
      {
        name: "declared en-GB on a French text",
        article: article(TEXTS.fr, { language: "en-GB" }),
        withDetector: true,
        expected: "en",
        source: "declared",
      },
      {
        name: "declared FR",
        article: article(TEXTS.en, { language: " FR " }),
        withDetector: true,
        expected: "fr",
        source: "declared",
      },
      {
        name: "an unusable tag is no declaration",
        article: article(TEXTS.es, { language: "??" }),
        withDetector: true,
        expected: "es",
        source: "detected",
      },
      {
        name: "short French headline",
        article: article("Attaque à Tembari"),
        withDetector: true,
        expected: "en",
        source: "default",
      },
      {
        name: "no detector",
        article: article(TEXTS.de),
        withDetector: false,
        expected: "en",
        source: "default",
      },
      {
        name: "an English title over a long English text with a French quote first",
        article: article(`« Nous avons tout perdu », a dit une habitante. ${TEXTS.en.repeat(12)}`, {
          title: "Raid on Tembari market",
        }),
        withDetector: true,
        expected: "en",
        source: "default",
      },
    ];
  for (const c of cases) {
    const reading = articleLanguage(c.article, c.withDetector ? detector : null);
    assert.equal(reading.language, c.expected, c.name);
    assert.equal(reading.source, c.source, c.name);
  }
});

test("plainlyEnglish: English news is known by its function words, without the detector; other languages are not", () => {
  const cases: [string, string, boolean][] = [
    ["en", TEXTS.en, true],
    [
      "nl",
      "Gewapende mannen hebben zondagavond het dorp Tembari overvallen en de markt in brand gestoken, zeggen bewoners.",
      false,
    ],
    ...(["fr", "es", "de", "ar", "ru"] as const).map((k): [string, string, boolean] => [k, TEXTS[k], false]),
    ["empty", "", false],
  ];
  for (const [name, text, expected] of cases) assert.equal(plainlyEnglish(text), expected, name);
});

test("primaryLanguage: the primary subtag of a language tag, or null", () => {
  const cases: [string | null, string | null][] = [
    ["en", "en"],
    ["en-US", "en"],
    ["pt_BR", "pt"],
    ["  Ar ", "ar"],
    ["", null],
    ["english", null],
    [null, null],
  ];
  for (const [tag, expected] of cases) assert.equal(primaryLanguage(tag), expected, String(tag));
});

test("the unsupported-language warning starts with its code and names the language", () => {
  const warning = unsupportedLanguageWarning({ language: "fr", source: "detected", score: 0.8 });
  assert.ok(warning.startsWith(`${UNSUPPORTED_LANGUAGE}: `), warning);
  assert.match(warning, /French \(fr, detected, score 0\.8\)/);
  assert.equal(languageName("ar"), "Arabic");
  assert.equal(readsLanguage("en"), true);
  assert.equal(readsLanguage("ru"), false);
});
