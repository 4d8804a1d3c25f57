import { setFlagsFromString } from "node:v8";
import { Command } from "commander";
import { ApiError } from "../server/adapters/client.ts";
import { loadConfig } from "../server/platform/config.ts";
import { AppError, ConfigError } from "../server/platform/errors.ts";
import { registerAdminCommands } from "./admin-commands.ts";
import { registerAnomalyCommands } from "./anomalies-command.ts";
import { connect, describeError, type GlobalOptions } from "./connect.ts";
import { registerImportCommands } from "./import-command.ts";
import { registerLogsCommands } from "./logs-command.ts";

// `glasspane ops | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

const program = new Command()
  .name("glasspane")
  .description("Glass Pane: one pane over your clouds, costs, clients, projects and code.")
  .option("-w, --workspace <name-or-id>", "workspace to act in (needed when there are several)")
  .option("--url <url>", "talk to a remote Glass Pane server (with --token)")
  .option("--token <token>", "API token for --url (or GLASSPANE_TOKEN)")
  .showHelpAfterError();

program
  .command("serve")
  .description("Run the server (PORT, GLASSPANE_DATA_DIR, DATABASE_URL configure it)")
  .action(async () => {
    // After each major GC V8 lets the old generation grow by a factor it picks (1.1–4×) before
    // the next; a discovery's parse garbage (the AWS SDK's XML pages) then piles up to ~200 MiB.
    // Growing by 20 % collects it sooner: peak RSS of a 10,000-resource scan ~70 MiB lower for
    // ~10 % more CPU (bench/RESULTS.md, 2026-11-27 13:00–14:15). V8 reads it at every GC, so
    // setting it here, before the server allocates much, takes effect.
    setFlagsFromString("--heap-growing-percent=20");
    const { startServer } = await import("../server/main.ts");
    await startServer(loadConfig());
  });

program
  .command("migrate")
  .description("Apply database migrations and exit (the server also does this at start)")
  .action(async () => {
    const connection = await connect({});
    if (connection.mode !== "local") {
      console.log("A running server owns this database and has applied its migrations.");
      return;
    }
    await connection.close();
    console.log("Database is up to date.");
  });

registerAdminCommands(program, () => connect(program.opts<GlobalOptions>()));
registerImportCommands(program, () => connect(program.opts<GlobalOptions>()));
registerAnomalyCommands(program);
registerLogsCommands(program);

program
  .command("ops")
  .description("List every operation with its permission (the same list as /api/docs)")
  .action(async () => {
    const { operations } = await import("../server/registry.ts");
    for (const op of operations) {
      console.log(
        `${op.name.padEnd(24)} ${(op.mutates ? "write" : "read").padEnd(6)} ${op.permission.padEnd(18)} ${op.summary}`,
      );
    }
  });

program
  .command("mcp")
  .description(
    "MCP server over stdio for desktop AI clients: relays to a running Glass Pane (GLASSPANE_URL, or this machine's server) with GLASSPANE_TOKEN",
  )
  .action(async () => {
    const { runMcpCommand } = await import("./mcp-command.ts");
    await runMcpCommand(program.opts<GlobalOptions>());
  });

program
  .command("call")
  .description("Run any operation by name with JSON input, e.g. glasspane call members.list")
  .argument("<operation>", "operation name, as listed at /api/docs")
  .argument("[input]", "JSON input", "{}")
  .action(async (name: string, input: string) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(input);
    } catch {
      throw new AppError("invalid_json", "The input argument is not valid JSON");
    }
    const connection = await connect(program.opts<GlobalOptions>());
    try {
      console.log(JSON.stringify(await connection.call(name as never, parsed), null, 2));
    } finally {
      await connection.close();
    }
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`glasspane: ${describeError(error)}`);
  const isUsage =
    error instanceof ConfigError ||
    (error instanceof AppError && error.code === "invalid_input") ||
    (error instanceof ApiError && error.code === "invalid_input");
  process.exit(isUsage ? 2 : 1);
});
