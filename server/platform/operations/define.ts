import type { Logger } from "pino";
import { z } from "zod";
import type { Db } from "../db/database.ts";
import { AppError } from "../errors.ts";
import type { Services } from "../services.ts";
import { todayIn } from "../time-zone.ts";
import type { Caller } from "./execute.ts";
import type { Permission, Role } from "./permissions.ts";

/** Who is calling. Resolved by the adapter from a cookie, an API token or the local CLI key. */
export type Actor =
  | { type: "anonymous" }
  | { type: "user"; userId: string; sessionId: string; label: string }
  | { type: "token"; userId: string; tokenId: string; workspaceId: string; label: string }
  /** The local CLI (data-dir access or the server's local key): acts in any workspace. */
  | { type: "system"; label: string };

export interface Progress {
  done: number;
  total: number;
  /** What is counted, e.g. "bytes". */
  unit: string;
  detail?: string;
  /** The step under way, named by the operation (an import: "reading", "rollups"…). */
  phase?: string;
  /** Rows read so far, for operations that read a file. */
  rows?: number;
}

/** A file that came with the call, already on local disk; the adapter removes it afterwards. */
export interface UploadedFile {
  path: string;
  /** The name the caller gave it (no directories). */
  name: string;
  bytes: number;
}

export interface RequestInfo {
  ip?: string;
  userAgent?: string;
}

/** What an adapter can do beyond returning JSON: the HTTP adapter sets cookies. */
export interface Transport {
  kind: "http" | "local";
  startSession?(token: string, expiresAt: Date): void;
  endSession?(): void;
}

export interface Membership {
  workspaceId: string;
  role: Role;
  /** Set for the client guest role: the only client record it may see. */
  clientId: string | null;
}

export interface OperationContext {
  db: Db;
  actor: Actor;
  /** Present for workspace operations; the registry has checked the actor belongs to it. */
  membership: Membership | undefined;
  services: Services;
  log: Logger;
  request: RequestInfo;
  transport: Transport;
  /** The file sent with an `upload` operation. */
  upload?: UploadedFile;
  /**
   * Long operations report how far they are: the local CLI draws a progress bar from it, and a
   * caller that gave a progress id hears it over the realtime channel (progress-events.ts).
   */
  progress?: (progress: Progress) => void;
  /**
   * The registry's door, for handlers that run another operation on someone's behalf (an
   * approved request runs as the person who asked): the nested call is checked and audited
   * as its own caller. Never call it inside an atomic handler's transaction on PGlite.
   */
  execute: (op: Operation, input: unknown, caller: Caller) => Promise<unknown>;
  /** The handler may name what it touched, for the audit entry. */
  audit: { targetId?: string; workspaceId?: string; actorUserId?: string; actorLabel?: string };
}

/** The workspace the operation runs in; throws for operations outside a workspace. */
export function workspaceOf(ctx: OperationContext): string {
  if (!ctx.membership) throw new Error("operation is not workspace-scoped");
  return ctx.membership.workspaceId;
}

/** The workspace's IANA time zone: where a timestamp becomes a day, its midnights count. */
export function timeZoneOf(ctx: OperationContext): Promise<string> {
  return ctx.services.workspaces.timeZoneOf(ctx.db, workspaceOf(ctx));
}

/** Today's date (YYYY-MM-DD) in the workspace's time zone. */
export async function todayOf(ctx: OperationContext): Promise<string> {
  return todayIn(await timeZoneOf(ctx));
}

/**
 * The client record a client guest is confined to, or undefined for staff. Modules with
 * client-linked rows filter by it; a guest without a client record sees nothing.
 */
export function clientScopeOf(ctx: OperationContext): string | undefined {
  if (ctx.membership?.role !== "client") return undefined;
  if (!ctx.membership.clientId)
    throw new AppError("forbidden", "Your guest access is not linked to a client yet");
  return ctx.membership.clientId;
}

/** The signed-in person behind the call (a session or a token), if any. */
export function userOf(ctx: OperationContext): string | undefined {
  return ctx.actor.type === "user" || ctx.actor.type === "token" ? ctx.actor.userId : undefined;
}

export interface Operation<
  I extends z.ZodType = z.ZodType,
  O extends z.ZodType = z.ZodType,
  N extends string = string,
> {
  name: N;
  summary: string;
  description?: string;
  input: I;
  output: O;
  permission: Permission;
  mutates: boolean;
  /**
   * Mutations run in one transaction with their audit entry. An operation that must keep a
   * write although it then fails (a failed sign-in counts towards lockout) opts out.
   */
  atomic?: boolean;
  /**
   * Reads only: keep results per workspace, role and input until the workspace changes. Only
   * for results that depend on nothing else (not on the calling person, not on the clock).
   */
  cache?: "workspace";
  /**
   * The operation reads a file the caller sends along (a billing export, say). Over HTTP the
   * body is the file (application/octet-stream) and the input travels in `?input=`; the local
   * CLI hands over a path. The handler finds it in `ctx.upload`.
   */
  upload?: { maxBytes: number };
  /** Example input for the docs and the generated tests. */
  example?: z.input<I>;
  handler: (input: z.output<I>, ctx: OperationContext) => Promise<z.input<O>>;
}

const NAME = /^[a-z][a-zA-Z]*(\.[a-z][a-zA-Z]*)+$/;

function isStrictObject(schema: z.ZodType): boolean {
  if (!(schema instanceof z.ZodObject)) return false;
  const catchall = schema._zod.def.catchall;
  return catchall instanceof z.ZodNever;
}

/** Declares an operation: the one way a capability is reached, by HTTP, CLI, agent or MCP. */
export function defineOperation<N extends string, I extends z.ZodType, O extends z.ZodType>(
  op: Operation<I, O, N>,
): Operation<I, O, N> {
  if (!NAME.test(op.name)) throw new Error(`operation name "${op.name}" must be dotted camelCase`);
  // Unknown fields on writes are refused, not silently dropped (SECURITY.md, Input).
  if (op.mutates && !isStrictObject(op.input)) {
    throw new Error(`mutating operation ${op.name} must take a z.strictObject input`);
  }
  return op;
}
