import { memoBounded } from "../util/memo.js";

/**
 * Name normalisation shared by the gazetteer index and the geoparser: an exact key (diacritics
 * folded, case and punctuation dropped) and a looser transliteration key for names written from
 * Arabic, Persian, Kurdish and similar scripts (Deir ez-Zor = Dayr az Zawr = Deir al-Zour).
 */

/** Letters that NFD does not decompose, folded to ASCII. */
const FOLD: Readonly<Record<string, string>> = {
  ß: "ss",
  ø: "o",
  æ: "ae",
  œ: "oe",
  ł: "l",
  đ: "d",
  ð: "d",
  þ: "th",
  ı: "i",
  ħ: "h",
  ـ: "",
  ة: "ه",
  ى: "ي",
};

const COMBINING = /[\u0300-\u036f\u064b-\u065f\u0670]/g;
const APOSTROPHES = /['’‘`ʿʾʼ´]/g;
const NON_WORD = /[^\p{L}\p{N}]+/gu;
const FOLDABLE = /[ßøæœłđðþıħـةى]/g;

/** Exact lookup key: NFD-folded, lower case, apostrophes dropped, other punctuation as single spaces. */
export function normalizeName(text: string): string {
  // Fast path: plain ASCII letters, spaces and simple punctuation (most of English news).
  let plain = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 32 || c === 45 || c === 46)) {
      plain = false;
      break;
    }
  }
  if (plain)
    return text
      .toLowerCase()
      .replace(/[-. ]+/g, " ")
      .trim();
  return text
    .toLowerCase()
    .normalize("NFD")
    .replace(COMBINING, "")
    .replace(FOLDABLE, (c) => FOLD[c] ?? c)
    .replace(/[آأإٱ]/g, "ا")
    .replace(APOSTROPHES, "")
    .replace(NON_WORD, " ")
    .trim();
}

/** Arabic definite-article forms written as separate words after normalisation ("al", "ez", ...). */
const ARTICLES = new Set([
  "al",
  "el",
  "ul",
  "ad",
  "ed",
  "adh",
  "ash",
  "esh",
  "as",
  "es",
  "az",
  "ez",
  "ar",
  "er",
  "at",
  "et",
  "ath",
  "an",
  "en",
  "ag",
  "al",
]);

/** Transliteration equivalences, applied in order to each word (ASCII, lower case). */
const EQUIVALENCES: readonly (readonly [RegExp, string])[] = [
  [/iy+[ae]h?$/, "iya"], // -iyah/-iyeh/-iyya → -iya
  [/([aeiou])h$/, "$1"], // final -ah/-eh → -a/-e
  [/eh$/, "a"],
  [/e$/, "a"],
  [/q/g, "k"],
  [/kh/g, "k"],
  [/gh/g, "g"],
  [/sh/g, "s"],
  [/dh/g, "z"],
  [/th/g, "t"],
  [/ch/g, "s"],
  [/j/g, "g"],
  [/(ei|ai|ey|ay)/g, "ay"],
  [/(ou|oo|aw|ow|o|w)/g, "u"],
  [/ee/g, "i"],
  [/y/g, "i"],
  [/(.)\1+/g, "$1"],
];

/** Loose key for transliteration-tolerant matching: articles dropped, equivalences applied, no spaces. */
export function looseKey(key: string): string {
  const words = key.split(" ");
  let out = "";
  for (let i = 0; i < words.length; i++) {
    let w = words[i] ?? "";
    if (words.length > 1 && ARTICLES.has(w)) continue;
    // An article glued to a name: first ("Albu Kamal") or after a head word ("Abu Alduhour", "Deir Alzour").
    const glued = i === 0 ? w.length > 3 : w.length > 4 && !ARTICLES.has(words[i - 1] ?? "");
    if (glued && /^al[bcdfgjklmnpqrstvwxz]/.test(w)) w = w.slice(2);
    if (w.length > 3 && w.startsWith("ال")) w = w.slice(2);
    // An article glued with its assimilated consonant: "Ezzor" = "ez-Zor", "Assuwayda" = "as-Suwayda".
    if (w.length > 4 && /^[ae]([dstzrn])\1/.test(w)) w = w.slice(2);
    // The article's vowel glued to a later word, its consonant written once: "Ezour" = "ez-Zour".
    else if (i > 0 && w.length > 4 && /^e[dstzrn][aeiou]/.test(w)) w = w.slice(1);
    for (const [re, to] of EQUIVALENCES) w = w.replace(re, to);
    out += w;
  }
  return out;
}

/** `looseKey`, memoised (bounded: the geoparser asks for the same names again and again). */
export const cachedLooseKey = memoBounded(looseKey, 50_000);

/** Script of the first letter of a string: latin, arabic, cyrillic or other. */
export function scriptOf(text: string): "latin" | "arabic" | "cyrillic" | "other" {
  const c = text.codePointAt(0) ?? 0;
  if (c < 0x250 || (c >= 0x1e00 && c < 0x1f00)) return "latin";
  if (c >= 0x600 && c < 0x700) return "arabic";
  if (c >= 0x400 && c < 0x530) return "cyrillic";
  return "other";
}

/** True when every letter of a name is Latin, Arabic or Cyrillic (names in other scripts are not indexed). */
export function isIndexableScript(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const ok =
      c < 0x250 ||
      (c >= 0x300 && c < 0x370) ||
      (c >= 0x400 && c < 0x530) ||
      (c >= 0x600 && c < 0x700) ||
      (c >= 0x1e00 && c < 0x1f00) ||
      (c >= 0x2000 && c < 0x2070);
    if (!ok) return false;
  }
  return true;
}
