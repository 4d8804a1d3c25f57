import type { TestRuntime } from "../../../../test/support/runtime.ts";
import type { Caller } from "../../../platform/operations/execute.ts";

/** Small factories for time and sprint tests: projects and tasks made through the registry. */

export interface ProjectInput {
  key: string;
  name?: string;
  hourlyRate?: string | null;
  currency?: string | null;
  timeRounding?: { mode: "none" | "up" | "nearest" | "down"; minutes: number };
  clientId?: string | null;
}

export async function makeProject(rt: TestRuntime, caller: Caller, input: ProjectInput) {
  const project = (await rt.as(caller, "projects.create" as never, {
    name: input.key,
    ...input,
  })) as { id: string; key: string; columns?: { id: string; category: string }[] };
  return project;
}

export async function makeTask(
  rt: TestRuntime,
  caller: Caller,
  projectId: string,
  input: { title: string; estimate?: string | null; sprintId?: string | null },
) {
  return (await rt.as(caller, "tasks.create" as never, { projectId, ...input })) as {
    id: string;
    number: number;
  };
}
