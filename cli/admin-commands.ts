import { randomBytes } from "node:crypto";
import type { Command } from "commander";
import type { Connection } from "./connect.ts";

type Connect = () => Promise<Connection>;

async function withConnection<T>(connect: Connect, run: (c: Connection) => Promise<T>): Promise<T> {
  const connection = await connect();
  try {
    return await run(connection);
  } finally {
    await connection.close();
  }
}

function printTable(rows: Record<string, unknown>[]) {
  if (rows.length === 0) return console.log("(none)");
  console.table(rows);
}

/** setup, demo, users and tokens: the instance administration a self-hoster scripts. */
export function registerAdminCommands(program: Command, connect: Connect) {
  program
    .command("setup")
    .description(
      "First run without a browser: create the owner and the first workspace; prints an API token last",
    )
    .requiredOption("--email <email>", "owner's email")
    .requiredOption("--password <password>", "owner's password (12+ characters)")
    .requiredOption("--workspace-name <name>", "first workspace's name")
    .option("--name <name>", "owner's display name")
    .option("--demo", "also create a demo workspace with sample data", false)
    .action(
      async (options: {
        email: string;
        password: string;
        workspaceName: string;
        name?: string;
        demo: boolean;
      }) => {
        const result = (await withConnection(connect, (c) =>
          c.call("setup.create", {
            email: options.email,
            password: options.password,
            name: options.name,
            workspaceName: options.workspaceName,
            demo: options.demo,
            issueToken: true,
          }),
        )) as {
          workspace: { name: string };
          demoWorkspace: { name: string } | null;
          token: string;
        };
        console.log(`Created ${options.email} as owner of "${result.workspace.name}".`);
        if (result.demoWorkspace)
          console.log(`Created the demo workspace "${result.demoWorkspace.name}".`);
        console.log(result.token);
      },
    );

  program
    .command("demo")
    .description("Create a demo workspace with sample data (sets Glass Pane up first if needed)")
    .option("--email <email>", "whose workspace it is (default: the first account)")
    .action(async (options: { email?: string }) => {
      await withConnection(connect, async (c) => {
        const status = (await c.call("system.status", {})) as { setupRequired: boolean };
        if (status.setupRequired) {
          const email = options.email ?? "demo@example.com";
          const password = randomBytes(12).toString("base64url");
          await c.call("setup.create", {
            email,
            password,
            workspaceName: "My workspace",
            demo: true,
          });
          console.log(
            `Set up Glass Pane with a demo workspace. Sign in as ${email} with password: ${password}`,
          );
          return;
        }
        const workspace = (await c.call("demo.create", { ownerEmail: options.email })) as {
          name: string;
        };
        console.log(`Created the demo workspace "${workspace.name}".`);
      });
    });

  const users = program.command("users").description("Manage accounts on this instance");
  users
    .command("list")
    .description("List every account with its workspaces")
    .action(async () => {
      const rows = (await withConnection(connect, (c) => c.call("users.list", {}))) as {
        email: string;
        name: string;
        workspaces: { name: string; role: string }[];
      }[];
      printTable(
        rows.map((u) => ({
          email: u.email,
          name: u.name,
          workspaces: u.workspaces.map((w) => `${w.name} (${w.role})`).join(", "),
        })),
      );
    });
  users
    .command("create")
    .description("Create an account, optionally in the workspace given by --workspace")
    .requiredOption("--email <email>")
    .requiredOption("--password <password>")
    .option("--name <name>")
    .option("--role <role>", "role in the workspace", "member")
    .action(
      async (
        options: { email: string; password: string; name?: string; role: string },
        command: Command,
      ) => {
        const workspace = command.optsWithGlobals<{ workspace?: string }>().workspace;
        await withConnection(connect, async (c) => {
          let workspaceId: string | undefined;
          if (workspace) workspaceId = ((await c.call("workspaces.get", {})) as { id: string }).id;
          await c.call("users.create", {
            email: options.email,
            password: options.password,
            name: options.name,
            workspaceId,
            role: options.role,
          });
        });
        console.log(
          `Created ${options.email}${workspace ? ` in ${workspace} as ${options.role}` : ""}.`,
        );
      },
    );
  users
    .command("reset-password")
    .description("Set a new password and sign the account out everywhere")
    .requiredOption("--email <email>")
    .requiredOption("--password <password>", "the new password")
    .action(async (options: { email: string; password: string }) => {
      await withConnection(connect, (c) =>
        c.call("users.resetPassword", { email: options.email, newPassword: options.password }),
      );
      console.log(`Password of ${options.email} changed; its sessions are signed out.`);
    });

  program
    .command("secrets")
    .description("Secrets vault administration")
    .command("rotate-key")
    .description(
      "Re-encrypt all secrets with GLASSPANE_SECRET_KEY (old key in GLASSPANE_SECRET_KEY_PREVIOUS)",
    )
    .action(async () => {
      const { reencrypted } = (await withConnection(connect, (c) =>
        c.call("secrets.rotateKey", {}),
      )) as {
        reencrypted: number;
      };
      console.log(`Re-encrypted ${reencrypted} secret(s) with the current key.`);
    });

  const tokens = program.command("tokens").description("Manage API tokens");
  tokens
    .command("create")
    .description("Create an API token for an account in --workspace; prints the token last")
    .requiredOption("--email <email>", "the token's owner")
    .requiredOption("--name <name>", "what the token is for")
    .option("--role <role>", "at most the owner's role")
    .action(async (options: { email: string; name: string; role?: string }, command: Command) => {
      const workspace = command.optsWithGlobals<{ workspace?: string }>().workspace;
      const result = (await withConnection(connect, async (c) => {
        const target = workspace ?? ((await c.call("workspaces.get", {})) as { id: string }).id;
        return c.call("users.issueToken", {
          email: options.email,
          workspace: target,
          name: options.name,
          role: options.role,
        });
      })) as { token: string; role: string };
      console.log(
        `Created a token "${options.name}" with the ${result.role} role. It is shown only now:`,
      );
      console.log(result.token);
    });
  tokens
    .command("list")
    .description("List the API tokens of --workspace")
    .action(async () => {
      const rows = (await withConnection(connect, (c) => c.call("tokens.list", {}))) as Record<
        string,
        unknown
      >[];
      printTable(
        rows.map(({ id, name, prefix, role, ownerEmail, lastUsedAt }) => ({
          id,
          name,
          prefix,
          role,
          ownerEmail,
          lastUsedAt,
        })),
      );
    });
  tokens
    .command("revoke")
    .description("Revoke an API token by id")
    .argument("<token-id>")
    .action(async (tokenId: string) => {
      await withConnection(connect, (c) => c.call("tokens.revoke", { tokenId }));
      console.log("Token revoked.");
    });
}
