// A local HTTP server serving the fixture feeds and pages of test/fixtures/inputs, for the watcher tests.
import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

const FIX = new URL("fixtures/inputs/", import.meta.url);
const fixture = (path: string): string => readFileSync(new URL(path, FIX), "utf8");

/** The Last-Modified date the Atom fixture is served with. */
export const LAST_MODIFIED = "Thu, 03 Apr 2031 08:00:00 GMT";

/** One request the server answered. */
export interface SeenRequest {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly status: number;
}

/** A running fixture server: its base address, the requests it answered, and how to stop it. */
export interface FeedServer {
  readonly base: string;
  readonly requests: SeenRequest[];
  hits(path: string): SeenRequest[];
  /** Makes the next `times` requests of `path` answer 503 Service Unavailable. */
  outage(path: string, times: number): void;
  close(): Promise<void>;
}

/**
 * Starts the fixture server on 127.0.0.1 (ephemeral port). Feeds: /feed.xml (ETag "v1"), /trouble.xml (ETag "t1";
 * items whose pages fail), /summary.xml (a teaser whose page fails), /later.xml (a teaser whose page is
 * /pages/later.html, to be taken down with `outage`), /atom.xml (Last-Modified), /not-xml, /feed-500.xml, /home (a page advertising /feed.xml). Pages: /pages/depot.html,
 * /pages/moved (301 to /pages/orrin.html), /pages/broken (500), /pages/report.pdf, /pages/slow (answers after 5 s),
 * /big (5000 bytes).
 */
export async function startFeedServer(): Promise<FeedServer> {
  let base = "";
  const requests: SeenRequest[] = [];
  const pending = new Set<NodeJS.Timeout>();
  const outages = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const send = (status: number, type: string, body: string, headers: Record<string, string> = {}): void => {
      requests.push({ path, headers: req.headers, status });
      res.writeHead(status, { "content-type": type, ...headers });
      res.end(body);
    };
    const feed = (name: string): string => fixture(`http/${name}.tmpl`).replaceAll("{{BASE}}", base);
    const down = outages.get(path) ?? 0;
    if (down > 0) {
      outages.set(path, down - 1);
      return send(503, "text/plain", "down for maintenance");
    }
    switch (path) {
      case "/feed.xml":
        if (req.headers["if-none-match"] === '"v1"') return send(304, "application/rss+xml", "");
        return send(200, "application/rss+xml", feed("feed.xml"), { etag: '"v1"' });
      case "/trouble.xml":
        if (req.headers["if-none-match"] === '"t1"') return send(304, "application/rss+xml", "");
        return send(200, "application/rss+xml; charset=utf-8", feed("trouble.xml"), { etag: '"t1"' });
      case "/summary.xml":
        return send(200, "application/rss+xml", feed("summary.xml"));
      case "/later.xml":
        return send(
          200,
          "application/rss+xml",
          `<?xml version="1.0"?><rss version="2.0"><channel><title>Later Ledger (fictional)</title><item><title>Depot hit near Port Velan</title><link>${base}/pages/later.html</link><description>A teaser about a fuel depot in the invented port of Velan.</description></item></channel></rss>`,
        );
      case "/atom.xml":
        if (req.headers["if-modified-since"] === LAST_MODIFIED) return send(304, "application/atom+xml", "");
        return send(200, "application/atom+xml", feed("atom.xml"), { "last-modified": LAST_MODIFIED });
      case "/home":
        return send(
          200,
          "text/html",
          '<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head><body><p>Home</p></body></html>',
        );
      case "/not-xml":
        return send(200, "text/plain", "Service temporarily replaced by a plain sentence.");
      case "/feed-500.xml":
        return send(500, "text/plain", "boom");
      case "/pages/depot.html":
        return send(200, "text/html; charset=utf-8", fixture("pages/harbour-strike.html"));
      case "/pages/later.html":
        return send(200, "text/html; charset=utf-8", fixture("pages/harbour-strike.html"));
      case "/pages/moved":
        return send(301, "text/plain", "", { location: "/pages/orrin.html" });
      case "/pages/orrin.html":
        return send(200, "text/html", fixture("pages/jsonld-only.html"));
      case "/pages/broken":
        return send(500, "text/html", "<h1>Internal error</h1>");
      case "/pages/report.pdf":
        return send(200, "application/pdf", "%PDF-1.4 fictional");
      case "/pages/slow": {
        const timer = setTimeout(() => {
          pending.delete(timer);
          send(200, "text/html", "<p>Too late.</p>");
        }, 5000);
        pending.add(timer);
        return;
      }
      case "/big":
        return send(200, "text/html", "x".repeat(5000));
      default:
        return send(404, "text/plain", "not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    requests,
    hits: (path) => requests.filter((r) => r.path === path),
    outage: (path, times) => {
      outages.set(path, times);
    },
    close: async () => {
      for (const timer of pending) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
