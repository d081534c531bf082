// Who a request is: a Bearer token (sitrep token create) read into {name, role}, and what each role may do.
// Reads are open unless SITREP_API_READS=token; writes need a reviewer or admin token. GET /api/v1/auth/whoami.
import { createRoute, z } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import { SitrepError } from "../errors.js";
import type { Principal, TokenRole } from "../store/store.js";
import { API_BASE, type ApiApp, type ApiDeps, json } from "./http.js";
import { ErrorBody } from "./schemas.js";

declare module "hono" {
  interface ContextVariableMap {
    /** The token a request carried (null: none). */
    principal: Principal | null;
  }
}

/** Roles that may change the record (PATCH, merge, split, POST articles). */
export const WRITER_ROLES: readonly TokenRole[] = ["reviewer", "admin"];

/** Methods that only read. */
const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Paths anyone may read whatever SITREP_API_READS says (the API's own description). */
const ALWAYS_OPEN = new Set([`${API_BASE}/openapi.json`]);

/** The secret of an `Authorization: Bearer <secret>` header; null without one; bad header: unauthorized. */
export function bearerSecret(header: string | undefined): string | null {
  if (header === undefined) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) {
    throw new SitrepError(
      "unauthorized",
      "auth: expected an Authorization header of the form 'Bearer <token>'",
    );
  }
  return match[1]!;
}

/**
 * What a principal may do with a request: null when allowed, else the error (unauthorized without a token,
 * forbidden with one whose role may not write).
 */
export function denial(
  principal: Principal | null,
  request: { readonly method: string; readonly path: string },
  reads: "open" | "token",
): SitrepError | null {
  // A CORS preflight never carries the Authorization header: the request it announces is checked instead.
  if (request.method === "OPTIONS") return null;
  const reading = READ_METHODS.has(request.method);
  if (reading && (reads === "open" || ALWAYS_OPEN.has(request.path))) return null;
  if (!principal) {
    return new SitrepError(
      "unauthorized",
      reading
        ? "auth: this API serves reads to token holders only; send 'Authorization: Bearer <token>'"
        : `auth: ${request.method} needs a token; send 'Authorization: Bearer <token>'`,
    );
  }
  if (reading || WRITER_ROLES.includes(principal.role)) return null;
  return new SitrepError(
    "forbidden",
    `auth: ${request.method} ${request.path} needs a role among ${WRITER_ROLES.join(", ")}; token "${principal.name}" is a ${principal.role}`,
  );
}

/** The middleware: reads the token (an unknown or revoked one is unauthorized) and applies `denial`. */
export function authMiddleware({ store, config }: ApiDeps): MiddlewareHandler {
  return async (c, next) => {
    const secret = bearerSecret(c.req.header("authorization"));
    const principal = secret === null ? null : await store.tokens.verify(secret);
    if (secret !== null && principal === null) {
      throw new SitrepError("unauthorized", "auth: the token is unknown or revoked");
    }
    c.set("principal", principal);
    const denied = denial(principal, { method: c.req.method, path: c.req.path }, config.apiReads);
    if (denied) throw denied;
    await next();
  };
}

/** The token holder of a request the middleware let through; unauthorized when it carried none. */
export function principalOf(c: Context): Principal {
  const principal = c.get("principal");
  if (!principal) throw new SitrepError("unauthorized", "auth: send 'Authorization: Bearer <token>'");
  return principal;
}

const whoamiRoute = createRoute({
  method: "get",
  path: `${API_BASE}/auth/whoami`,
  summary: "The name and role of the request's token",
  security: [{ bearer: [] }],
  responses: {
    200: json(
      z.object({ name: z.string(), role: z.enum(["reader", "reviewer", "admin"]) }),
      "The token's holder",
    ),
    401: json(ErrorBody, "No token, or an unknown or revoked one"),
  },
});

/** The auth middleware on every /api/v1 route (registered first) and GET /api/v1/auth/whoami. */
export function registerAuthRoutes(app: ApiApp, deps: ApiDeps): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
  app.use(`${API_BASE}/*`, authMiddleware(deps));
  app.openapi(whoamiRoute, (c) => {
    const { name, role } = principalOf(c);
    return c.json({ name, role }, 200);
  });
}
