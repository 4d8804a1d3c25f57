import { isIP } from "node:net";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { invalid, notFound } from "../../../platform/errors.ts";
import {
  type CheckCreate,
  ZDnsSettings,
  ZHttpSettings,
  ZPingSettings,
  ZTcpSettings,
} from "./checks.zod.ts";
import { RETRY_PAUSE_MS } from "./probe.ts";
import { parseHostPort } from "./probe-net.ts";
import type { TargetPolicy } from "./target-policy.ts";
import { healthChecks, healthSettings } from "./uptime.schema.ts";

export type Check = typeof healthChecks.$inferSelect;

const HOST_NAME =
  /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?\.)*[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?\.?$/i;

const SETTINGS = {
  http: ZHttpSettings,
  tcp: ZTcpSettings,
  dns: ZDnsSettings,
  ping: ZPingSettings,
} as const;

/** The kind's settings with defaults filled in; a bad one is refused naming its field. */
export function parseSettings(kind: string, settings: unknown): Record<string, unknown> {
  const schema = SETTINGS[kind as keyof typeof SETTINGS];
  if (!schema) throw invalid("kind", `unknown kind ${kind}`);
  const parsed = schema.safeParse(settings ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(
      ["settings", ...(issue?.path ?? []).map(String)].join("."),
      issue?.message ?? "is invalid",
    );
  }
  return parsed.data;
}

/** Refuses a target that cannot work for its kind, naming the field. */
export function assertTarget(kind: Check["kind"], target: string, settings: unknown) {
  parseSettings(kind, settings);
  if (kind === "http") {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      throw invalid("target", "must be a URL such as https://example.com/health");
    }
    if (url.protocol !== "http:" && url.protocol !== "https:")
      throw invalid("target", "must start with http:// or https://");
    if (url.username || url.password)
      throw invalid("target", "must not carry a user name or password");
    const http = parseSettings("http", settings) as { method: string; keyword?: string };
    if (http.method === "HEAD" && http.keyword)
      throw invalid("settings.keyword", "needs GET: a HEAD answer has no body");
  } else if (kind === "tcp") {
    if (!parseHostPort(target)) throw invalid("target", "must be host:port, e.g. db.internal:5432");
  } else if (kind === "ping") {
    const bare = target.replace(/^\[(.*)\]$/, "$1");
    if (!isIP(bare) && !HOST_NAME.test(bare))
      throw invalid("target", "must be a host name or an IP address, e.g. 192.0.2.10");
  } else {
    if (!HOST_NAME.test(target)) throw invalid("target", "must be a host name such as example.com");
  }
}

/** The workspace's checks, by name. */
export function listChecks(db: Db, workspaceId: string) {
  return db
    .select()
    .from(healthChecks)
    .where(eq(healthChecks.workspaceId, workspaceId))
    .orderBy(asc(healthChecks.name), asc(healthChecks.id));
}

/** One check of the workspace, or not found. */
export async function getCheck(db: Db, workspaceId: string, id: string): Promise<Check> {
  const [row] = await db
    .select()
    .from(healthChecks)
    .where(and(eq(healthChecks.workspaceId, workspaceId), eq(healthChecks.id, id)));
  if (!row) throw notFound("Health check");
  return row;
}

/**
 * A run, retries and their one-second pauses included, must end before the next is due: runs
 * of one check that overlap record out of order and double the load on the target.
 */
function assertTiming(timing: { intervalSeconds: number; timeoutMs: number; retries: number }) {
  const longestMs = timing.timeoutMs * (timing.retries + 1) + RETRY_PAUSE_MS * timing.retries;
  if (longestMs > timing.intervalSeconds * 1000)
    throw invalid(
      "timeoutMs",
      `a run with its retries can take ${longestMs / 1000} s, longer than the ${timing.intervalSeconds} s interval: shorten the timeout or the retries, or lengthen the interval`,
    );
}

/** Saves a new check, due at once. */
export async function createCheck(
  db: Db,
  workspaceId: string,
  input: CheckCreate,
  createdBy: string | null,
  now = new Date(),
): Promise<Check> {
  assertTarget(input.kind, input.target, input.settings);
  assertTiming(input);
  const [row] = await db
    .insert(healthChecks)
    .values({
      workspaceId,
      name: input.name,
      kind: input.kind,
      target: input.target,
      settings: parseSettings(input.kind, input.settings),
      service: input.service ?? null,
      intervalSeconds: input.intervalSeconds,
      timeoutMs: input.timeoutMs,
      retries: input.retries,
      isEnabled: input.isEnabled,
      nextRunAt: now,
      createdBy,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return row!;
}

export interface CheckChanges {
  name?: string;
  target?: string;
  settings?: Record<string, unknown>;
  service?: string | null;
  intervalSeconds?: number;
  timeoutMs?: number;
  retries?: number;
  isEnabled?: boolean;
}

/** Changes a check; a new target or settings are validated against its kind. */
export async function updateCheck(
  db: Db,
  workspaceId: string,
  id: string,
  changes: CheckChanges,
  now = new Date(),
): Promise<Check> {
  const current = await getCheck(db, workspaceId, id);
  const target = changes.target ?? current.target;
  const settings = changes.settings ?? current.settings;
  assertTarget(current.kind, target, settings);
  assertTiming({
    intervalSeconds: changes.intervalSeconds ?? current.intervalSeconds,
    timeoutMs: changes.timeoutMs ?? current.timeoutMs,
    retries: changes.retries ?? current.retries,
  });
  const isResumed = changes.isEnabled === true && !current.isEnabled;
  const [row] = await db
    .update(healthChecks)
    .set({
      ...changes,
      settings: parseSettings(current.kind, settings),
      // A paused check says nothing about its target any more.
      ...(changes.isEnabled === false ? { status: "unknown", statusSince: now } : {}),
      ...(isResumed || changes.intervalSeconds ? { nextRunAt: now } : {}),
      updatedAt: now,
    })
    .where(and(eq(healthChecks.workspaceId, workspaceId), eq(healthChecks.id, id)))
    .returning();
  return row!;
}

/** Deletes a check with its results. */
export async function deleteCheck(db: Db, workspaceId: string, id: string) {
  const rows = await db
    .delete(healthChecks)
    .where(and(eq(healthChecks.workspaceId, workspaceId), eq(healthChecks.id, id)))
    .returning({ id: healthChecks.id });
  if (rows.length === 0) throw notFound("Health check");
  // Off the status page too: a list naming a deleted check could not be saved, not even to
  // withdraw the page.
  await db
    .update(healthSettings)
    .set({ statusPageCheckIds: sql`status_page_check_ids - ${id}::text` })
    .where(and(eq(healthSettings.workspaceId, workspaceId), sql`status_page_check_ids ? ${id}`));
}

export type HealthSettings = typeof healthSettings.$inferSelect;

/** The workspace's health settings (defaults when never saved). */
export async function settingsOf(db: Db, workspaceId: string): Promise<HealthSettings> {
  const [row] = await db
    .select()
    .from(healthSettings)
    .where(eq(healthSettings.workspaceId, workspaceId));
  return (
    row ?? {
      workspaceId,
      allowPrivateTargets: false,
      statusPageEnabled: false,
      statusPageSlug: null,
      statusPageTitle: null,
      statusPageCheckIds: [],
      updatedAt: new Date(0),
    }
  );
}

/** The target policy a workspace's checks run under on this instance. */
export async function policyOf(
  db: Db,
  workspaceId: string,
  instanceBlocksPrivate: boolean,
): Promise<TargetPolicy> {
  const settings = await settingsOf(db, workspaceId);
  return { instanceBlocksPrivate, allowPrivateTargets: settings.allowPrivateTargets };
}
