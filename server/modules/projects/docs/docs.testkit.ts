import type { TestRuntime } from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import { AppError } from "../../../platform/errors.ts";
import type { Caller } from "../../../platform/operations/execute.ts";

export type Page = OperationOutput<"docs.get">;
export type TreeEntry = OperationOutput<"docs.tree">[number];

/** Page helpers bound to a test runtime. */
export function docsKit(rt: TestRuntime) {
  return {
    create: (caller: Caller, input: Record<string, unknown>) =>
      rt.as(caller, "docs.create", input) as Promise<Page>,
    get: (caller: Caller, id: string, version?: number) =>
      rt.as(caller, "docs.get", { id, version }) as Promise<Page>,
    save: (
      caller: Caller,
      page: Pick<Page, "id" | "currentVersion">,
      patch: Record<string, unknown>,
    ) =>
      rt.as(caller, "docs.update", {
        id: page.id,
        baseVersion: page.currentVersion,
        ...patch,
      }) as Promise<Page>,
    tree: (caller: Caller) => rt.as(caller, "docs.tree") as Promise<TreeEntry[]>,
  };
}

/** The AppError a call was refused with; fails the test if the call succeeded. */
export async function refusal(run: Promise<unknown>): Promise<AppError> {
  try {
    await run;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("the call succeeded");
}
