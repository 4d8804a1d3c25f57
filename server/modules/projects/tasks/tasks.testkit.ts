import type { TestRuntime } from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import { AppError } from "../../../platform/errors.ts";
import type { Caller } from "../../../platform/operations/execute.ts";

export type ProjectDetail = OperationOutput<"projects.get">;
export type TaskRow = OperationOutput<"tasks.create">;
export type TaskList = OperationOutput<"tasks.list">;
export type TaskDetail = OperationOutput<"tasks.get">;

/** Small factories over the registry for the projects tests. */
export function projectKit(runtime: () => TestRuntime, caller: () => Caller) {
  const rt = { as: (...args: Parameters<TestRuntime["as"]>) => runtime().as(...args) };
  return {
    project: (key: string, extra: Record<string, unknown> = {}) =>
      rt.as(caller(), "projects.create", {
        key,
        name: `Project ${key}`,
        ...extra,
      }) as Promise<ProjectDetail>,
    task: (projectId: string, title: string, extra: Record<string, unknown> = {}) =>
      rt.as(caller(), "tasks.create", { projectId, title, ...extra }) as Promise<TaskRow>,
    list: (input: Record<string, unknown>, as = caller()) =>
      rt.as(as, "tasks.list", input) as Promise<TaskList>,
    get: (id: string) => rt.as(caller(), "tasks.get", { id }) as Promise<TaskDetail>,
    move: (input: Record<string, unknown>) =>
      rt.as(caller(), "tasks.move", input) as Promise<OperationOutput<"tasks.move">>,
  };
}

/** The AppError a call fails with (fails the test when the call succeeds). */
export async function refusal(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("the call succeeded");
}

/** The column of a project with the given name. */
export function columnNamed(project: ProjectDetail, name: string) {
  const column = project.columns.find((c) => c.name === name);
  if (!column) throw new Error(`no column ${name}`);
  return column;
}
