import type { Command } from "commander";
import { loadConfig } from "../../config.js";
import { openStore, type TokenInfo } from "../../store/store.js";
import { parseRole } from "../../store/tokens.js";
import type { CliCommand } from "../command.js";

/** Renders tokens as a fixed-width text table (never a secret: only its hash is stored). */
export function tokenTable(rows: readonly TokenInfo[]): string {
  const pad = (value: string | null, width: number) => (value ?? "-").padEnd(width);
  const header = `${pad("name", 24)} ${pad("role", 9)} ${pad("state", 8)} ${pad("created", 24)} last used`;
  const lines = rows.map(
    (r) =>
      `${pad(r.name, 24)} ${pad(r.role, 9)} ${pad(r.revoked_at ? "revoked" : "live", 8)} ${pad(r.created_at, 24)} ${r.last_used_at ?? "-"}`,
  );
  return `${[header, ...lines].join("\n")}\n`;
}

/** Runs `work` over the configured store and closes it. */
async function withStore<T>(work: (store: Awaited<ReturnType<typeof openStore>>) => Promise<T>): Promise<T> {
  const store = await openStore(loadConfig());
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** `sitrep token create|list|revoke`: the API's bearer tokens. */
export const tokenCommand: CliCommand = {
  name: "token",
  register(program: Command, exit) {
    const token = program
      .command("token")
      .description("Manage the HTTP API's bearer tokens (roles: reader, reviewer, admin)");
    token
      .command("create")
      .description("Make a token and print its secret once (only its hash is stored)")
      .requiredOption("--name <name>", "who or what holds it (unique, never reused)")
      .requiredOption("--role <role>", "reader, reviewer or admin")
      .action(async (opts: { name: string; role: string }) => {
        const role = parseRole(opts.role);
        const made = await withStore((store) => store.tokens.create(opts.name, role));
        process.stdout.write(`${made.secret}\n`);
        process.stderr.write(
          `token: "${made.name}" (${made.role}) created; the secret above is shown only now. Send it as 'Authorization: Bearer <secret>'.\n`,
        );
        exit(0);
      });
    token
      .command("list")
      .description("List tokens (names, roles, state, times; never secrets)")
      .option("--json", "one JSON object per line instead of a table")
      .action(async (opts: { json?: boolean }) => {
        const rows = await withStore((store) => store.tokens.list());
        if (opts.json) process.stdout.write(rows.map((r) => `${JSON.stringify(r)}\n`).join(""));
        else if (rows.length === 0) process.stderr.write("token: none\n");
        else process.stdout.write(tokenTable(rows));
        exit(0);
      });
    token
      .command("revoke")
      .description("Revoke a token by name: requests carrying it answer 401 from now on")
      .argument("<name>", "the token's name")
      .action(async (name: string) => {
        await withStore((store) => store.tokens.revoke(name));
        process.stderr.write(`token: "${name}" revoked\n`);
        exit(0);
      });
  },
};
