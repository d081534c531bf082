// Helpers for the API's tests: the real server on a free port over a fresh store (either backend), seeded and
// with tokens made, and requests to it. useTestApi registers the start and stop as a suite's hooks.
import assert from "node:assert/strict";
import { after, before } from "node:test";
import { createApi } from "../../src/api/app.js";
import type { AccessLog } from "../../src/api/middleware.js";
import { listen } from "../../src/api/server.js";
import { loadConfig } from "../../src/config.js";
import type { Backend } from "../../src/store/db.js";
import type { Store, TokenRole } from "../../src/store/store.js";
import { openTestStore, type TestStore } from "./store.js";

/** What a test server starts with. */
export interface TestApiOptions {
  /** Tokens to make before the seed runs: name → role (their secrets are TestApi.secrets). */
  readonly tokens?: Readonly<Record<string, TokenRole>>;
  /** Fills the store before the server listens. */
  readonly seed?: (t: TestStore) => Promise<unknown>;
  /** The environment the server's configuration is loaded from (as loadConfig reads it). */
  readonly env?: Readonly<Record<string, string>>;
  /** Where access-log lines go (absent: not logged). */
  readonly log?: AccessLog;
}

/** A request to the test server: fetch's options plus a Bearer token and a JSON body. */
export interface TestRequest extends RequestInit {
  readonly token?: string | undefined;
  /** Sent as JSON with its content type (use `body` for anything else). */
  readonly json?: unknown;
}

/** The real server over a fresh store, and how to talk to it. */
export interface TestApi {
  readonly t: TestStore;
  readonly store: Store;
  readonly url: string;
  /** The secret of each token made for the test, by name. */
  readonly secrets: Readonly<Record<string, string>>;
  /** A request to a path of the server; redirects come back as they are, never followed. */
  request(path: string, init?: TestRequest): Promise<Response>;
  /** A request that must answer 200 (else the assertion names the path and the body): its JSON body. */
  json<T>(path: string, init?: TestRequest): Promise<T>;
  close(): Promise<void>;
}

/** Starts the real server on a free port of 127.0.0.1 over a fresh store on `backend`. */
export async function startTestApi(backend: Backend, options: TestApiOptions = {}): Promise<TestApi> {
  const t = await openTestStore(backend);
  const secrets: Record<string, string> = {};
  for (const [name, role] of Object.entries(options.tokens ?? {})) {
    secrets[name] = (await t.store.tokens.create(name, role)).secret;
  }
  await options.seed?.(t);
  const app = createApi(t.store, loadConfig({ ...options.env }), { log: options.log ?? null });
  const server = await listen(app, 0, "127.0.0.1");
  const request = (path: string, { token, json, headers, ...init }: TestRequest = {}) =>
    fetch(`${server.url}${path}`, {
      redirect: "manual",
      ...init,
      headers: {
        ...(token && { authorization: `Bearer ${token}` }),
        ...(json !== undefined && { "content-type": "application/json" }),
        ...(headers as Record<string, string> | undefined),
      },
      ...(json !== undefined && { body: JSON.stringify(json) }),
    });
  return {
    t,
    store: t.store,
    url: server.url,
    secrets,
    request,
    async json<T>(path: string, init?: TestRequest) {
      const res = await request(path, init);
      assert.equal(res.status, 200, `${path}: ${await res.clone().text()}`);
      return (await res.json()) as T;
    },
    async close() {
      await server.close();
      await t.dispose();
    },
  };
}

/**
 * Starts a test server before the current suite's tests and stops it after them; the handle answers once the
 * suite's first `before` hook has run (register this before hooks that use it).
 */
export function useTestApi(backend: Backend, options: TestApiOptions = {}): TestApi {
  let api: TestApi | null = null;
  before(async () => {
    api = await startTestApi(backend, options);
  });
  after(async () => {
    await api?.close();
  });
  const live = (): TestApi => {
    assert.ok(api, "the test server starts in the suite's before hook");
    return api;
  };
  return {
    get t() {
      return live().t;
    },
    get store() {
      return live().store;
    },
    get url() {
      return live().url;
    },
    get secrets() {
      return live().secrets;
    },
    request: (path, init) => live().request(path, init),
    json: (path, init) => live().json(path, init),
    close: () => live().close(),
  };
}

/** Runs `body` against a test server, stopping it afterwards whatever happens. */
export async function withTestApi<T>(
  backend: Backend,
  options: TestApiOptions,
  body: (api: TestApi) => Promise<T>,
): Promise<T> {
  const api = await startTestApi(backend, options);
  try {
    return await body(api);
  } finally {
    await api.close();
  }
}
