// First run without a browser: `glasspane setup` on a fresh data dir opens the database itself,
// prints the owner's API token as its last line, and the server started afterwards honours it.
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  callApi,
  freshDataDir,
  killIfRunning,
  type RunningServer,
  runCli,
  startServer,
} from "../support/process.ts";

const data = freshDataDir();
const env = { GLASSPANE_DATA_DIR: data.dir };
const setupArgs = (email: string) => [
  "setup",
  "--email",
  email,
  "--password",
  "first run passphrase from cli",
  "--workspace-name",
  "Headless Co",
];
let server: RunningServer | undefined;
let token: string;

afterAll(async () => {
  await killIfRunning(server);
  data.remove();
});

describe("glasspane setup without a server", () => {
  it("creates the owner and prints the API token as the last line", async () => {
    const result = await runCli(setupArgs("headless@example.com"), env);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    token = result.stdout.trimEnd().split("\n").at(-1)!;
    expect(token).toMatch(/^gp_[A-Za-z0-9_-]{32}$/);
    // The CLI let go of the data dir when it finished.
    expect(existsSync(path.join(data.dir, "glasspane.lock"))).toBe(false);
  }, 120_000);

  it("refuses a second setup with one clear line", async () => {
    const result = await runCli(setupArgs("second@example.com"), env);
    expect(result.code).not.toBe(0);
    expect(result.stderr.trimEnd()).toBe(
      "glasspane: Glass Pane is already set up: sign in instead",
    );
  }, 120_000);

  it("refuses a weak password naming the field, exit code 2", async () => {
    const fresh = freshDataDir();
    try {
      const result = await runCli(
        ["setup", "--email", "a@example.com", "--password", "short", "--workspace-name", "W"],
        { GLASSPANE_DATA_DIR: fresh.dir },
      );
      expect(result.code).toBe(2);
      expect(result.stderr.trimEnd()).toBe("glasspane: password: use at least 12 characters");
    } finally {
      fresh.remove();
    }
  }, 120_000);

  it("the token it printed works against the server started afterwards", async () => {
    server = await startServer(env);
    const response = await callApi(server.url, "workspaces.get", {}, token);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ name: "Headless Co", role: "owner" });
  }, 120_000);
});
