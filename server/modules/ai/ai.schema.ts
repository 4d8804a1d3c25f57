import {
  bigint,
  customType,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "../../platform/auth/auth.schema.ts";
import { workspaces } from "../../platform/workspaces/workspaces.schema.ts";

/** Raw bytes (the checkpointer's serialised state); PGlite and node-postgres both hand back buffers. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array | Buffer }>({
  dataType: () => "bytea",
  toDriver: (value) => Buffer.from(value),
  fromDriver: (value) => new Uint8Array(value),
});

/** One model configuration per workspace. The API key lives in the vault (keySecretName). */
export const aiSettings = pgTable("ai_settings", {
  workspaceId: uuid("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  /** openai | anthropic | ollama | openai-compatible */
  provider: text("provider").notNull(),
  model: text("model").notNull(),
  baseUrl: text("base_url"),
  keySecretName: text("key_secret_name"),
  /** Price per million tokens in the workspace currency, for cost accounting. */
  inputPricePerMillion: numeric("input_price_per_million"),
  outputPricePerMillion: numeric("output_price_per_million"),
  currency: text("currency").notNull().default("USD"),
  /** Monthly AI spend limit; null = none. */
  monthlyBudget: numeric("monthly_budget"),
  updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** A conversation with the agent; its state lives in ai_checkpoints under the same id. */
export const aiThreads = pgTable(
  "ai_threads",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    ownerUserId: uuid("owner_user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    /** idle | running | waiting (for an approval) | failed */
    status: text("status").notNull().default("idle"),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.workspaceId, t.ownerUserId, t.updatedAt)],
);

/** LangGraph checkpoints (BaseCheckpointSaver over our database; works on PGlite and PostgreSQL). */
export const aiCheckpoints = pgTable(
  "ai_checkpoints",
  {
    threadId: text("thread_id").notNull(),
    checkpointNs: text("checkpoint_ns").notNull().default(""),
    checkpointId: text("checkpoint_id").notNull(),
    parentCheckpointId: text("parent_checkpoint_id"),
    type: text("type").notNull(),
    checkpoint: bytea("checkpoint").notNull(),
    metadata: bytea("metadata").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.threadId, t.checkpointNs, t.checkpointId] })],
);

/** Writes of tasks not yet folded into a checkpoint (what lets an interrupted step resume). */
export const aiCheckpointWrites = pgTable(
  "ai_checkpoint_writes",
  {
    threadId: text("thread_id").notNull(),
    checkpointNs: text("checkpoint_ns").notNull().default(""),
    checkpointId: text("checkpoint_id").notNull(),
    taskId: text("task_id").notNull(),
    idx: integer("idx").notNull(),
    channel: text("channel").notNull(),
    type: text("type").notNull(),
    value: bytea("value").notNull(),
    taskPath: text("task_path").notNull().default(""),
  },
  (t) => [primaryKey({ columns: [t.threadId, t.checkpointNs, t.checkpointId, t.taskId, t.idx] })],
);

/** Tokens used by one model call, priced at the workspace's rates at the time. */
export type UsageKind = "chat" | "embeddings";

export const aiUsage = pgTable(
  "ai_usage",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    threadId: uuid("thread_id"),
    model: text("model").notNull(),
    /** chat: the agent's model calls; embeddings: semantic search's provider embeddings. */
    kind: text("kind").$type<UsageKind>().notNull().default("chat"),
    inputTokens: bigint("input_tokens", { mode: "number" }).notNull(),
    outputTokens: bigint("output_tokens", { mode: "number" }).notNull(),
    cost: numeric("cost").notNull(),
    currency: text("currency").notNull(),
    /** Extra detail (e.g. which tool calls the answer made), for the usage page. */
    detail: jsonb("detail"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.workspaceId, t.at)],
);
