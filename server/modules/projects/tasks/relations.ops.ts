import { z } from "zod";
import { defineOperation, userOf, workspaceOf } from "../../../platform/operations/define.ts";
import { zId, zOk } from "../../../platform/operations/zod.ts";
import { addDependency, removeDependency } from "./dependencies.ts";
import { addLinks, removeLink, tasksLinkedTo } from "./links.ts";
import { taskIn } from "./task-state.ts";
import { LINK_KINDS, zLink, zTaskLink } from "./tasks.zod.ts";

export const dependenciesAdd = defineOperation({
  name: "tasks.dependencies.add",
  summary: "Mark a task as blocked by another task of the workspace; cycles are refused",
  input: z.strictObject({ taskId: zId, blockerId: zId.describe("The task that blocks it") }),
  output: zOk,
  permission: "projects:write",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.taskId;
    await addDependency(ctx.db, { ...input, workspaceId: workspaceOf(ctx) });
    return { ok: true as const };
  },
});

export const dependenciesRemove = defineOperation({
  name: "tasks.dependencies.remove",
  summary: "Remove a blocked-by link between two tasks",
  input: z.strictObject({ taskId: zId, blockerId: zId }),
  output: zOk,
  permission: "projects:write",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.taskId;
    await removeDependency(ctx.db, { ...input, workspaceId: workspaceOf(ctx) });
    return { ok: true as const };
  },
});

export const linksAdd = defineOperation({
  name: "tasks.links.add",
  summary: "Link a task to a resource, alert, cost anomaly, invoice, commit, task or URL",
  input: z.strictObject({ taskId: zId, ...zLink.shape }),
  output: zTaskLink,
  permission: "projects:write",
  mutates: true,
  example: {
    taskId: "00000000-0000-4000-8000-000000000000",
    kind: "url",
    target: "https://example.com/spec",
    title: "Spec",
  },
  handler: async (input, ctx) => {
    const workspaceId = workspaceOf(ctx);
    const { taskId, ...link } = input;
    await taskIn(ctx.db, workspaceId, taskId);
    const [row] = await addLinks(ctx.db, {
      workspaceId,
      taskId,
      createdBy: userOf(ctx) ?? null,
      links: [link],
    });
    ctx.audit.targetId = row!.id;
    return { ...row!, kind: row!.kind as (typeof LINK_KINDS)[number] };
  },
});

export const linksRemove = defineOperation({
  name: "tasks.links.remove",
  summary: "Remove a link from a task",
  input: z.strictObject({ id: zId.describe("The link's id") }),
  output: zOk,
  permission: "projects:write",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.id;
    await removeLink(ctx.db, workspaceOf(ctx), input.id);
    return { ok: true as const };
  },
});

export const linkedTo = defineOperation({
  name: "tasks.linkedTo",
  summary: "The tasks that link to a resource, alert, cost anomaly, invoice, commit or URL",
  input: z.object({ kind: z.enum(LINK_KINDS), target: z.string().min(1).max(2000) }),
  output: z.array(
    z.object({
      id: zId,
      key: z.string(),
      title: z.string(),
      projectKey: z.string(),
      isDone: z.boolean(),
    }),
  ),
  permission: "projects:read",
  mutates: false,
  example: { kind: "cost_anomaly", target: "00000000-0000-4000-8000-000000000000" },
  handler: async (input, ctx) => tasksLinkedTo(ctx.db, workspaceOf(ctx), input),
});

export const relationOperations = [
  dependenciesAdd,
  dependenciesRemove,
  linksAdd,
  linksRemove,
  linkedTo,
] as const;
