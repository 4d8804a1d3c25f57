import type { BaseMessage } from "@langchain/core/messages";
import type { CheckpointTuple } from "@langchain/langgraph-checkpoint";
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { notFound } from "../../../platform/errors.ts";
import { aiThreads } from "../ai.schema.ts";
import { operationNameOf } from "../tools/catalog.ts";
import type { ApprovalRequest } from "./agent.zod.ts";
import type { DrizzleCheckpointSaver } from "./checkpointer.ts";

export type ThreadRow = typeof aiThreads.$inferSelect;
export type ThreadStatus = "idle" | "running" | "waiting" | "failed";

/** The thread store over `db`; LangGraph's checkpoint package loads with the first thread read. */
export async function checkpointerOf(db: Db): Promise<DrizzleCheckpointSaver> {
  const { DrizzleCheckpointSaver } = await import("./checkpointer.ts");
  return new DrizzleCheckpointSaver(db);
}

/** A thread of this person in this workspace, or 404 (threads are private to their owner). */
export async function threadOf(db: Db, workspaceId: string, userId: string, threadId: string) {
  const [row] = await db
    .select()
    .from(aiThreads)
    .where(
      and(
        eq(aiThreads.id, threadId),
        eq(aiThreads.workspaceId, workspaceId),
        eq(aiThreads.ownerUserId, userId),
      ),
    );
  if (!row) throw notFound("Thread");
  return row;
}

export async function listThreads(db: Db, workspaceId: string, userId: string) {
  return db
    .select()
    .from(aiThreads)
    .where(and(eq(aiThreads.workspaceId, workspaceId), eq(aiThreads.ownerUserId, userId)))
    .orderBy(desc(aiThreads.updatedAt))
    .limit(200);
}

export async function createThread(db: Db, workspaceId: string, userId: string, title: string) {
  const [row] = await db
    .insert(aiThreads)
    .values({ workspaceId, ownerUserId: userId, title: title.slice(0, 120) })
    .returning();
  return row!;
}

export async function setThreadStatus(
  db: Db,
  threadId: string,
  status: ThreadStatus,
  lastError: string | null = null,
) {
  await db
    .update(aiThreads)
    .set({ status, lastError, updatedAt: new Date() })
    .where(eq(aiThreads.id, threadId));
}

/** Deletes a thread with its checkpoints, on the caller's connection (its transaction). */
export async function deleteThread(db: Db, row: ThreadRow) {
  await (await checkpointerOf(db)).deleteThread(row.id);
  await db.delete(aiThreads).where(eq(aiThreads.id, row.id));
}

function textOf(message: BaseMessage): string {
  if (typeof message.content === "string") return message.content;
  return message.content
    .map((part) => (part.type === "text" && "text" in part ? String(part.text) : ""))
    .join("");
}

/** The conversation as people read it, from the latest checkpoint. */
export function messagesOf(tuple: CheckpointTuple | undefined) {
  const messages = (tuple?.checkpoint.channel_values.messages ?? []) as BaseMessage[];
  return messages.map((message, index) => {
    const type = message.getType();
    const toolCalls =
      type === "ai"
        ? ((message as { tool_calls?: { id?: string; name: string; args: unknown }[] })
            .tool_calls ?? [])
        : [];
    const tool =
      type === "tool" ? (message as { tool_call_id?: string; status?: string }) : undefined;
    return {
      id: message.id ?? `m${index}`,
      role:
        type === "human"
          ? ("user" as const)
          : type === "tool"
            ? ("tool" as const)
            : ("assistant" as const),
      text: textOf(message),
      toolCalls: toolCalls.map((call) => ({
        id: call.id ?? "",
        tool: call.name,
        operation: operationNameOf(call.name),
        input: call.args,
      })),
      toolCallId: tool?.tool_call_id ?? null,
      isError: tool?.status === "error",
    };
  });
}

/** The approval the thread waits for, if its latest step was interrupted. */
export function pendingApprovalOf(tuple: CheckpointTuple | undefined): ApprovalRequest | null {
  for (const [, channel, value] of tuple?.pendingWrites ?? []) {
    if (channel !== "__interrupt__") continue;
    const interrupts = (Array.isArray(value) ? value : [value]) as { value?: ApprovalRequest }[];
    const first = interrupts.find((i) => i?.value?.toolCallId);
    if (first?.value) return first.value;
  }
  return null;
}
