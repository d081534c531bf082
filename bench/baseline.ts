// The yardstick both speed floors are measured against: bare wink-nlp tokenisation, that is wink-nlp with an
// empty pipe (no sentence boundaries, no tagging: its maintainers' way to tokenise only), reading each text
// and listing its tokens.
import winkNLP from "wink-nlp";
import model from "wink-eng-lite-web-model";

const bare = winkNLP(model, []);

/** Tokenises every text with bare wink-nlp (the benchmarks' baseline). */
export function tokeniseBare(texts: Iterable<string>): void {
  for (const t of texts) bare.readDoc(t).tokens().out();
}
