// An Article for tests: one text, published on a fixed day unless told otherwise.
import type { Article } from "../../src/model.js";

/** An English Article with id "t" and no URL, outlet or title. */
export function testArticle(text: string, published: string | null = "2024-03-10"): Article {
  return { id: "t", url: null, outlet: null, published, title: null, text, language: "en" };
}
