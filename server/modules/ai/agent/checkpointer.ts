// LangGraph's checkpointer over our own database. The official PostgreSQL saver needs a pg Pool
// and cannot run on PGlite; this one uses Drizzle, so threads persist on both engines and
// survive a restart (a paused approval is resumed from here).

import type { RunnableConfig } from "@langchain/core/runnables";
import {
  BaseCheckpointSaver,
  type ChannelVersions,
  type Checkpoint,
  type CheckpointListOptions,
  type CheckpointMetadata,
  type CheckpointPendingWrite,
  type CheckpointTuple,
  copyCheckpoint,
  type PendingWrite,
  WRITES_IDX_MAP,
} from "@langchain/langgraph-checkpoint";
import { and, asc, desc, eq, lt } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { aiCheckpoints, aiCheckpointWrites } from "../ai.schema.ts";

type CheckpointRow = typeof aiCheckpoints.$inferSelect;

function threadOf(config: RunnableConfig): string {
  const threadId = config.configurable?.thread_id;
  if (typeof threadId !== "string" || threadId === "")
    throw new Error("checkpointer: configurable.thread_id is required");
  return threadId;
}

export class DrizzleCheckpointSaver extends BaseCheckpointSaver {
  constructor(private readonly db: Db) {
    super();
  }

  private async toTuple(row: CheckpointRow): Promise<CheckpointTuple> {
    const writes = await this.db
      .select()
      .from(aiCheckpointWrites)
      .where(
        and(
          eq(aiCheckpointWrites.threadId, row.threadId),
          eq(aiCheckpointWrites.checkpointNs, row.checkpointNs),
          eq(aiCheckpointWrites.checkpointId, row.checkpointId),
        ),
      )
      .orderBy(
        asc(aiCheckpointWrites.taskPath),
        asc(aiCheckpointWrites.taskId),
        asc(aiCheckpointWrites.idx),
      );
    const pendingWrites: CheckpointPendingWrite[] = await Promise.all(
      writes.map(
        async (w) =>
          [w.taskId, w.channel, await this.serde.loadsTyped(w.type, w.value)] as [
            string,
            string,
            unknown,
          ],
      ),
    );
    const configurable = {
      thread_id: row.threadId,
      checkpoint_ns: row.checkpointNs,
      checkpoint_id: row.checkpointId,
    };
    return {
      config: { configurable },
      checkpoint: (await this.serde.loadsTyped(row.type, row.checkpoint)) as Checkpoint,
      metadata: (await this.serde.loadsTyped(row.type, row.metadata)) as CheckpointMetadata,
      pendingWrites,
      ...(row.parentCheckpointId
        ? {
            parentConfig: {
              configurable: { ...configurable, checkpoint_id: row.parentCheckpointId },
            },
          }
        : {}),
    };
  }

  async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const threadId = threadOf(config);
    const ns = (config.configurable?.checkpoint_ns as string | undefined) ?? "";
    const checkpointId = config.configurable?.checkpoint_id as string | undefined;
    const where = [eq(aiCheckpoints.threadId, threadId), eq(aiCheckpoints.checkpointNs, ns)];
    if (checkpointId) where.push(eq(aiCheckpoints.checkpointId, checkpointId));
    // Checkpoint ids are time-ordered (uuid6), so the greatest is the latest.
    const [row] = await this.db
      .select()
      .from(aiCheckpoints)
      .where(and(...where))
      .orderBy(desc(aiCheckpoints.checkpointId))
      .limit(1);
    return row ? this.toTuple(row) : undefined;
  }

  async *list(
    config: RunnableConfig,
    options?: CheckpointListOptions,
  ): AsyncGenerator<CheckpointTuple> {
    const where = [];
    const threadId = config.configurable?.thread_id as string | undefined;
    if (threadId) where.push(eq(aiCheckpoints.threadId, threadId));
    const ns = config.configurable?.checkpoint_ns as string | undefined;
    if (ns !== undefined) where.push(eq(aiCheckpoints.checkpointNs, ns));
    const checkpointId = config.configurable?.checkpoint_id as string | undefined;
    if (checkpointId) where.push(eq(aiCheckpoints.checkpointId, checkpointId));
    const before = options?.before?.configurable?.checkpoint_id as string | undefined;
    if (before) where.push(lt(aiCheckpoints.checkpointId, before));
    const rows = await this.db
      .select()
      .from(aiCheckpoints)
      .where(and(...where))
      .orderBy(desc(aiCheckpoints.checkpointId));
    let remaining = options?.limit;
    for (const row of rows) {
      const tuple = await this.toTuple(row);
      const filter = options?.filter;
      if (
        filter &&
        !Object.entries(filter).every(
          ([key, value]) => (tuple.metadata as Record<string, unknown>)?.[key] === value,
        )
      )
        continue;
      if (remaining !== undefined) {
        if (remaining <= 0) return;
        remaining--;
      }
      yield tuple;
    }
  }

  async put(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    _newVersions: ChannelVersions,
  ): Promise<RunnableConfig> {
    const threadId = threadOf(config);
    const ns = (config.configurable?.checkpoint_ns as string | undefined) ?? "";
    const [[type, data], [, meta]] = await Promise.all([
      this.serde.dumpsTyped(copyCheckpoint(checkpoint)),
      this.serde.dumpsTyped(metadata),
    ]);
    const values = {
      parentCheckpointId: (config.configurable?.checkpoint_id as string | undefined) ?? null,
      type,
      checkpoint: data,
      metadata: meta,
    };
    await this.db
      .insert(aiCheckpoints)
      .values({ threadId, checkpointNs: ns, checkpointId: checkpoint.id, ...values })
      .onConflictDoUpdate({
        target: [aiCheckpoints.threadId, aiCheckpoints.checkpointNs, aiCheckpoints.checkpointId],
        set: values,
      });
    return {
      configurable: { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: checkpoint.id },
    };
  }

  async putWrites(
    config: RunnableConfig,
    writes: PendingWrite[],
    taskId: string,
    taskPath = "",
  ): Promise<void> {
    const threadId = threadOf(config);
    const ns = (config.configurable?.checkpoint_ns as string | undefined) ?? "";
    const checkpointId = config.configurable?.checkpoint_id as string | undefined;
    if (!checkpointId) throw new Error("checkpointer: configurable.checkpoint_id is required");
    for (const [index, [channel, value]] of writes.entries()) {
      const [type, data] = await this.serde.dumpsTyped(value);
      // Special channels (errors, interrupts, resume) have fixed negative slots and are replaced;
      // ordinary writes keep their first value, as in LangGraph's own savers.
      const idx = WRITES_IDX_MAP[channel] ?? index;
      const row = {
        threadId,
        checkpointNs: ns,
        checkpointId,
        taskId,
        idx,
        channel,
        type,
        value: data,
        taskPath,
      };
      const target = [
        aiCheckpointWrites.threadId,
        aiCheckpointWrites.checkpointNs,
        aiCheckpointWrites.checkpointId,
        aiCheckpointWrites.taskId,
        aiCheckpointWrites.idx,
      ];
      if (idx < 0)
        await this.db
          .insert(aiCheckpointWrites)
          .values(row)
          .onConflictDoUpdate({ target, set: { channel, type, value: data } });
      else await this.db.insert(aiCheckpointWrites).values(row).onConflictDoNothing();
    }
  }

  async deleteThread(threadId: string): Promise<void> {
    await this.db.delete(aiCheckpointWrites).where(eq(aiCheckpointWrites.threadId, threadId));
    await this.db.delete(aiCheckpoints).where(eq(aiCheckpoints.threadId, threadId));
  }
}
