import { runStdioBridge } from "../server/adapters/mcp/mcp-stdio.ts";
import { loadConfig } from "../server/platform/config.ts";
import { readLock } from "../server/platform/db/lock.ts";
import { AppError } from "../server/platform/errors.ts";
import type { GlobalOptions } from "./connect.ts";

/**
 * The server to relay to: --url / GLASSPANE_URL, else the server that holds this machine's
 * data dir (its lock file names its URL). The token is always the caller's own API token: it
 * fixes the workspace and role the tools act with.
 */
export async function runMcpCommand(options: GlobalOptions): Promise<void> {
  const token = options.token ?? process.env.GLASSPANE_TOKEN;
  if (!token) {
    throw new AppError(
      "unauthenticated",
      "glasspane mcp needs an API token: create one in Glass Pane (Settings → API tokens) and set GLASSPANE_TOKEN",
    );
  }
  let baseUrl = options.url ?? process.env.GLASSPANE_URL;
  if (!baseUrl) {
    const holder = readLock(loadConfig().dataDir);
    if (!holder?.url) {
      throw new AppError(
        "unavailable",
        "No Glass Pane server is running here: start one (glasspane serve) or set GLASSPANE_URL",
      );
    }
    baseUrl = holder.url;
  }
  await runStdioBridge({
    baseUrl,
    token,
    log: (line) => process.stderr.write(`glasspane mcp: ${line}\n`),
  });
}
