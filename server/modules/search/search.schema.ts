import {
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "../../platform/auth/auth.schema.ts";
import { workspaces } from "../../platform/workspaces/workspaces.schema.ts";

/**
 * One embedding of one searchable item (a wiki page, a log pattern or a resource) by one model.
 * Vectors are plain `real[]` so the same migration runs on PostgreSQL without pgvector; where
 * the `vector` extension exists the search casts them (`vector::vector`) for its `<=>` operator.
 * Vectors of different models live side by side and are never compared with each other: a
 * query filters on `model` (which names the dimension too).
 */
export const embeddings = pgTable(
  "embeddings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    /** doc | pattern | resource */
    kind: text("kind").notNull(),
    /** The item's id in its own table (no foreign key: items of three tables). */
    refId: uuid("ref_id").notNull(),
    /** `<provider>:<model>`, e.g. `local:use-lite-512`. */
    model: text("model").notNull(),
    dimension: integer("dimension").notNull(),
    /** sha256 of the embedded text: an unchanged item is not embedded again. */
    contentHash: text("content_hash").notNull(),
    title: text("title").notNull(),
    snippet: text("snippet").notNull(),
    vector: real("vector").array().notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex().on(t.workspaceId, t.kind, t.refId, t.model),
    index().on(t.workspaceId, t.model, t.kind),
  ],
);

export const EMBEDDING_KINDS = ["doc", "pattern", "resource"] as const;
export type EmbeddingKind = (typeof EMBEDDING_KINDS)[number];

/** Which embedding model a setting names; the key is the name of a vault entry, never a value. */
export interface EmbeddingTarget {
  /** local | openai | openai-compatible | ollama */
  provider: string;
  model: string;
  baseUrl: string | null;
  keySecretName: string | null;
}

/**
 * A workspace's embedding model. Without a row the bundled offline model is used. The columns
 * name the model the index should be built with; `active` the model of the last complete index,
 * which search keeps using (its vectors, and the same model for queries) until the background
 * job has embedded everything with the new one.
 */
export const searchSettings = pgTable("search_settings", {
  workspaceId: uuid("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  provider: text("provider").notNull(),
  model: text("model").notNull(),
  /** Null: the AI settings' base URL when they name the same provider, else its default. */
  baseUrl: text("base_url"),
  /** Null: the AI settings' key when they name the same provider. */
  keySecretName: text("key_secret_name"),
  /** What the provider charges per million input tokens, in the AI settings' currency. */
  pricePerMillion: numeric("price_per_million"),
  /** Null: the offline model. */
  active: jsonb("active").$type<EmbeddingTarget>(),
  /** Why the last index run failed (cleared by the next success). */
  lastError: text("last_error"),
  lastErrorAt: timestamp("last_error_at", { withTimezone: true }),
  updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
