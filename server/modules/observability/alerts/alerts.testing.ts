import { afterAll, beforeAll } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { evaluateWorkspace } from "./engine.ts";

export interface AlertsKit {
  rt: TestRuntime;
  owner: Caller;
  workspaceId: string;
  /** An operation as the owner. */
  call: (name: Parameters<TestRuntime["as"]>[1], input?: unknown) => Promise<unknown>;
  /** One evaluation of the workspace's rules, as the every-minute job runs it. */
  evaluate: (now?: Date) => ReturnType<typeof evaluateWorkspace>;
}

/**
 * Hooks for an alerts or health test file: a runtime and an owner of a workspace of its own.
 * The fields are set before the first test; read them inside tests.
 */
export function setupAlertsTest(email: string, workspaceName: string): AlertsKit {
  const kit = {
    call: (name, input = {}) => kit.rt.as(kit.owner, name, input),
    evaluate: (now) => evaluateWorkspace(kit.rt.database.db, kit.rt.services, kit.workspaceId, now),
  } as AlertsKit;
  beforeAll(async () => {
    kit.rt = await createTestRuntime();
    const o = await createOwner(kit.rt, email, workspaceName);
    kit.owner = o.caller;
    kit.workspaceId = o.workspaceId;
  }, 60_000);
  afterAll(async () => {
    await kit.rt?.close();
  });
  return kit;
}
