// Child process of the extract bench: runs `sitrep extract` on a corpus in a fresh process and prints its peak RSS,
// so the figure is the extractor's own (gazetteer, lexicons, streaming), not the benchmark harness's.
import { devNull } from "node:os";
import { main } from "../src/cli/main.js";

const corpus = process.argv[2];
if (!corpus) throw new Error("extract-rss: expected a corpus path argument, found none");
const code = await main(["extract", corpus, "-o", devNull]);
process.stdout.write(`${JSON.stringify({ code, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
