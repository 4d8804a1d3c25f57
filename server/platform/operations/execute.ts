import type { Logger } from "pino";
import type { z } from "zod";
import type { Db } from "../db/database.ts";
import { AppError, forbidden, notFound, unauthenticated } from "../errors.ts";
import { audienceOf } from "../events/audience.ts";
import type { Services } from "../services.ts";
import type {
  Actor,
  Membership,
  Operation,
  OperationContext,
  Progress,
  RequestInfo,
  Transport,
  UploadedFile,
} from "./define.ts";
import { inputIssueMessage } from "./input-messages.ts";
import { roleHas, type WorkspacePermission } from "./permissions.ts";
import { createProgressPublisher, type ProgressPublisher } from "./progress-events.ts";
import { ReadCache } from "./read-cache.ts";
import { summarizeInput } from "./redact.ts";

export interface Caller {
  actor: Actor;
  /** The workspace asked for (header, CLI flag); sessions fall back to their current one. */
  workspaceId?: string;
  request?: RequestInfo;
  transport?: Transport;
  /** The file for an `upload` operation. */
  upload?: UploadedFile;
  /** Receives progress reports of long operations. */
  onProgress?: (progress: Progress) => void;
  /**
   * The caller's own id for this call (parseProgressId): the call's progress reaches them, and
   * nobody else, over the realtime channel, tagged with it.
   */
  progressId?: string;
}

export interface ExecutorDeps {
  db: Db;
  services: Services;
  log: Logger;
}

export type Execute = (op: Operation, rawInput: unknown, caller: Caller) => Promise<unknown>;

/** Operations whose changes alter who may do what: cached credentials are dropped after them. */
const AFFECTS_ACCESS = /^(auth|tokens|members|workspaces|invites|users|setup|demo)\./;

/** Turns the first zod issue into an error that names the field. */
export function toInputError(error: z.ZodError): AppError {
  const issue = error.issues[0];
  if (!issue) return new AppError("invalid_input", "Invalid input");
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0] ?? "";
    const field = [...issue.path, key].join(".");
    return new AppError("invalid_input", `${field}: unknown field`, { field });
  }
  const field = issue.path.join(".") || "(input)";
  return new AppError("invalid_input", `${field}: ${issue.message}`, { field });
}

async function resolveMembership(
  deps: ExecutorDeps,
  op: Operation,
  caller: Caller,
): Promise<Membership | undefined> {
  const { actor } = caller;
  if (op.permission === "public") return undefined;
  if (actor.type === "anonymous") throw unauthenticated();
  if (op.permission === "user") return undefined;
  if (op.permission === "system") {
    if (actor.type !== "system") {
      throw forbidden(
        `${op.name} is instance administration: run it with the glasspane CLI on the server`,
      );
    }
    return undefined;
  }

  const { auth } = deps.services;
  let membership: Membership | undefined;
  if (actor.type === "token") {
    // A token belongs to one workspace; naming another one finds nothing.
    if (caller.workspaceId && caller.workspaceId !== actor.workspaceId) {
      throw notFound("Workspace");
    }
    membership = await auth.tokenMembership(deps.db, actor);
  } else if (actor.type === "user") {
    const workspaceId = caller.workspaceId ?? (await auth.defaultWorkspaceId(deps.db, actor));
    membership = workspaceId
      ? await auth.membershipOf(deps.db, actor.userId, workspaceId)
      : undefined;
  } else {
    membership = await auth.systemMembership(deps.db, caller.workspaceId);
  }
  if (!membership) throw notFound("Workspace");
  return membership;
}

function checkPermission(op: Operation, membership: Membership | undefined): void {
  if (!membership) return;
  if (!roleHas(membership.role, op.permission as WorkspacePermission)) {
    throw forbidden(
      `Your role (${membership.role}) does not allow ${op.name}: it needs the ${op.permission} permission`,
    );
  }
}

/** PostgreSQL cannot store U+0000 in text or jsonb: refuse it as bad input, naming the field. */
function findNulCharacter(value: unknown, path: string[] = []): string | undefined {
  if (typeof value === "string")
    return value.includes("\u0000") ? path.join(".") || "(input)" : undefined;
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const found = findNulCharacter(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

function actorIds(actor: Actor) {
  return {
    actorType: actor.type as string,
    actorUserId: actor.type === "user" || actor.type === "token" ? actor.userId : null,
    actorTokenId: actor.type === "token" ? actor.tokenId : null,
    actorLabel: actor.type === "anonymous" ? "anonymous" : actor.label,
  };
}

/** One call on its way to the handler, once permission and input have been checked. */
interface Invocation {
  op: Operation;
  input: unknown;
  rawInput: unknown;
  caller: Caller;
  membership: Membership | undefined;
  audit: OperationContext["audit"];
  execute: Execute;
}

/**
 * Runs the handler on `db` (the transaction of a mutation), shapes its output and writes the
 * audit entry of a change. A module function rather than a closure made per call: the
 * per-call closure was a measurable share of a cached read.
 */
async function runHandler(deps: ExecutorDeps, call: Invocation, db: Db): Promise<unknown> {
  const { op, input, rawInput, caller, membership, audit } = call;
  const request = caller.request ?? {};
  const publisher = progressPublisher(deps, call);
  const ctx: OperationContext = {
    db,
    actor: caller.actor,
    membership,
    services: deps.services,
    log: deps.log,
    request,
    transport: caller.transport ?? { kind: "local" },
    audit,
    upload: op.upload ? caller.upload : undefined,
    progress: publisher
      ? (progress) => {
          caller.onProgress?.(progress);
          publisher.report(progress);
        }
      : caller.onProgress,
    execute: call.execute,
  };
  let result: unknown;
  try {
    result = await op.handler(input, ctx);
  } finally {
    publisher?.stop();
  }
  const shaped = op.output.safeParse(result);
  if (!shaped.success) {
    deps.log.error({ op: op.name, issues: shaped.error.issues }, "operation output invalid");
    throw new AppError("internal", `${op.name} produced an invalid result`);
  }
  if (op.mutates) {
    await deps.services.audit.record(db, {
      ...actorIds(caller.actor),
      // Sign-in, setup and invites act for a person the caller only now became.
      ...(audit.actorUserId ? { actorUserId: audit.actorUserId, actorType: "user" } : {}),
      ...(audit.actorLabel ? { actorLabel: audit.actorLabel } : {}),
      workspaceId: membership?.workspaceId ?? audit.workspaceId ?? null,
      action: op.name,
      outcome: "ok",
      inputSummary: summarizeInput(rawInput),
      targetId: audit.targetId ?? null,
      ip: request.ip ?? null,
      userAgent: request.userAgent ?? null,
    });
  }
  return shaped.data;
}

/** Publishes the call's progress to its caller when they asked for it with a progress id. */
function progressPublisher(deps: ExecutorDeps, call: Invocation): ProgressPublisher | undefined {
  const { caller, membership, op } = call;
  const audience = audienceOf(caller.actor);
  if (!caller.progressId || !membership || !audience) return undefined;
  return createProgressPublisher(deps.services.events, {
    workspaceId: membership.workspaceId,
    audience,
    progressId: caller.progressId,
    operation: op.name,
  });
}

/**
 * The registry's one door: authenticate, resolve the workspace, check the permission, validate
 * input, run the handler (in a transaction with its audit entry when it mutates), shape output.
 */
export function createExecutor(deps: ExecutorDeps): Execute {
  const readCache = new ReadCache();
  deps.services.events.subscribeAll((workspaceId, event) => {
    if (event.type === "changed") readCache.invalidate(workspaceId);
    if (event.type === "auth.invalidate") readCache.clear();
  });

  return async function execute(op, rawInput, caller) {
    const request = caller.request ?? {};
    let membership: Membership | undefined;
    let input: unknown;
    const audit: OperationContext["audit"] = {};
    try {
      membership = await resolveMembership(deps, op, caller);
      checkPermission(op, membership);
      const nulField = findNulCharacter(rawInput);
      if (nulField) {
        throw new AppError("invalid_input", `${nulField}: contains a NUL character`, {
          field: nulField,
        });
      }
      if (op.upload && !caller.upload)
        throw new AppError("invalid_input", `${op.name} needs a file: send it as the request body`);
      const parsed = op.input.safeParse(rawInput ?? {}, { error: inputIssueMessage });
      if (!parsed.success) throw toInputError(parsed.error);
      input = parsed.data;
      const call: Invocation = { op, input, rawInput, caller, membership, audit, execute };
      const isAtomic = op.mutates && op.atomic !== false;
      if (op.cache && !op.mutates && membership) {
        const key = `${op.name}|${membership.role}|${membership.clientId ?? ""}|${JSON.stringify(input)}`;
        return await readCache.get(membership.workspaceId, key, () =>
          runHandler(deps, call, deps.db),
        );
      }
      const output = isAtomic
        ? await deps.db.transaction((tx) => runHandler(deps, call, tx as Db))
        : await runHandler(deps, call, deps.db);
      if (op.mutates && AFFECTS_ACCESS.test(op.name)) {
        deps.services.auth.invalidate();
        readCache.clear();
      }
      const workspaceId = membership?.workspaceId ?? audit.workspaceId;
      if (op.mutates && workspaceId) {
        // Here at once, so this instance's next read is fresh; the event tells the others.
        readCache.invalidate(workspaceId);
        deps.services.events.publish(workspaceId, { type: "changed", operation: op.name });
      }
      return output;
    } catch (error) {
      // Refused and failed attempts at changes are audited too, outside the rolled-back work.
      if (op.mutates && caller.actor.type !== "anonymous") {
        const code = error instanceof AppError ? error.code : "internal";
        await deps.services.audit
          .record(deps.db, {
            ...actorIds(caller.actor),
            workspaceId: membership?.workspaceId ?? null,
            action: op.name,
            outcome: code,
            inputSummary: summarizeInput(rawInput),
            targetId: audit.targetId ?? null,
            ip: request.ip ?? null,
            userAgent: request.userAgent ?? null,
          })
          .catch((auditError: unknown) => deps.log.error({ err: auditError }, "audit failed"));
      }
      throw error;
    }
  };
}
