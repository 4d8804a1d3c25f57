import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import type { Logger } from "pino";
import type { ChatModelFactory } from "../../server/modules/ai/settings/chat-model.ts";
import { users } from "../../server/platform/auth/auth.schema.ts";
import { hashPassword } from "../../server/platform/auth/passwords.ts";
import { loadConfig } from "../../server/platform/config.ts";
import { createLogger } from "../../server/platform/logger.ts";
import type { Actor } from "../../server/platform/operations/define.ts";
import type { Caller } from "../../server/platform/operations/execute.ts";
import type { Role } from "../../server/platform/operations/permissions.ts";
import type { OperationName } from "../../server/registry.ts";
import { createRuntime, type Runtime } from "../../server/runtime.ts";
import { freshDatabaseSource } from "./test-database.ts";

export const TEST_PASSWORD = "a perfectly long test passphrase";

export interface TestRuntime extends Runtime {
  dataDir: string;
  system: Caller;
  /** Calls an operation as a caller and returns its output (throws its AppError). */
  as(caller: Caller, name: OperationName, input?: unknown): Promise<unknown>;
}

/**
 * A whole Glass Pane without HTTP, on a fresh migrated database (PGlite or PostgreSQL). Pass a
 * logger to capture what the server logs (silent by default).
 */
export async function createTestRuntime(
  env: Record<string, string> = {},
  options: { log?: Logger; chatModels?: ChatModelFactory } = {},
): Promise<TestRuntime> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "gp-test-"));
  const source = await freshDatabaseSource();
  const config = loadConfig({
    GLASSPANE_DATA_DIR: dataDir,
    DATABASE_URL: source.databaseUrl,
    GLASSPANE_SECRET_KEY: "test-secret-key-that-is-long-enough-0123456789",
    ...env,
  });
  const runtime = await createRuntime(config, options.log ?? createLogger("silent"), {
    loadDataDir: source.loadDataDir,
    inMemory: !source.databaseUrl,
    chatModels: options.chatModels,
  });
  const system: Caller = { actor: { type: "system", label: "test" } };
  return {
    ...runtime,
    dataDir,
    system,
    as: (caller, name, input) => runtime.call(name, input ?? {}, caller),
    async close() {
      await runtime.close();
      await source.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Person {
  userId: string;
  email: string;
  /** Acting through a browser session in the given workspace. */
  caller: Caller;
}

/** A browser-session caller for an existing account. */
export async function sessionCaller(
  rt: Runtime,
  userId: string,
  workspaceId?: string,
): Promise<Caller> {
  const session = await rt.services.auth.startSession(rt.database.db, userId, {});
  const resolved = await rt.services.auth.authenticateSession(session.token);
  return { actor: resolved!.actor as Actor, workspaceId };
}

/** An owner with their own workspace, as after setup. */
/** TEST_PASSWORD's scrypt hash, derived once per process (one per account cost ~0.1 s each). */
let testPasswordHash: Promise<string> | undefined;

/**
 * An account whose password is TEST_PASSWORD. The hash is the real one (sign-in verifies it),
 * only shared: the isolation test alone creates some 300 accounts.
 */
async function createTestUser(rt: Runtime, email: string) {
  const db = rt.database.db;
  const user = await rt.services.auth.createUser(db, {
    email,
    name: email.split("@")[0]!,
    password: null,
  });
  testPasswordHash ??= hashPassword(TEST_PASSWORD);
  await db
    .update(users)
    .set({ passwordHash: await testPasswordHash })
    .where(eq(users.id, user.id));
  return user;
}

export async function createOwner(rt: Runtime, email: string, workspaceName: string) {
  const db = rt.database.db;
  const user = await createTestUser(rt, email);
  const workspace = await rt.services.workspaces.create(db, {
    name: workspaceName,
    ownerUserId: user.id,
  });
  const person: Person = {
    userId: user.id,
    email,
    caller: await sessionCaller(rt, user.id, workspace.id),
  };
  return { ...person, workspaceId: workspace.id };
}

/** A new account with the given role in the workspace. */
export async function addMember(
  rt: Runtime,
  workspaceId: string,
  email: string,
  role: Role,
): Promise<Person> {
  const db = rt.database.db;
  const user = await createTestUser(rt, email);
  await rt.services.workspaces.addMember(db, { workspaceId, userId: user.id, role });
  return { userId: user.id, email, caller: await sessionCaller(rt, user.id, workspaceId) };
}
