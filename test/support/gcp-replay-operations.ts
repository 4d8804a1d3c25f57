import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { RecordedRequest, ReplayResponse } from "./https-replay.ts";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/gcp");
const COMPUTE = "https://www.googleapis.com/compute/v1";

type Listed = Record<string, unknown>;

/** One entry of an Operation's `error.errors` (Compute Engine API v1, Operation resource). */
export interface OperationError {
  code: string;
  message: string;
}

export interface ComputeOperations {
  /** How many reads of an operation answer RUNNING before it is DONE. */
  polls: number;
  /** The next operation started ends DONE with these errors (and changes nothing). */
  failNext(errors: OperationError[], httpStatus?: number): void;
  /** Snapshots made, by name. */
  snapshots: Map<string, Listed>;
  /** Operations started, by name (a request resent with its requestId finds its own). */
  started: Map<string, Listed>;
  /** The answer to an instance action, disk snapshot or delete, or operation read; else null. */
  answer(request: RecordedRequest, url: URL): ReplayResponse | null;
}

const ACTION =
  /^\/compute\/v1\/projects\/([^/]+)\/zones\/([^/]+)\/(instances|disks)\/([^/]+)(?:\/(start|stop|reset|createSnapshot))?$/;
const OPERATION = /^\/compute\/v1\/projects\/([^/]+)\/zones\/([^/]+)\/operations\/([^/]+)$/;
const STATUS_AFTER: Record<string, string> = {
  start: "RUNNING",
  stop: "TERMINATED",
  reset: "RUNNING",
};

const googleError = (status: number, reason: string, message: string): ReplayResponse => ({
  status,
  body: { error: { code: status, message, status: reason, errors: [{ message, reason }] } },
});

/**
 * Compute Engine's zonal operations: instances.start/stop/reset, disks.createSnapshot and
 * disks.delete answer 200 with an Operation (status RUNNING; the template is
 * test/fixtures/gcp/compute.zoneOperation.json), zoneOperations.get reads it until DONE, and the
 * change lands then: the instance's status, the snapshot, the disk gone from the served list.
 * A request carrying a requestId already seen gets the same operation back, as Compute promises.
 */
export function createComputeOperations(data: {
  instances: [string, Listed][];
  disks: [string, Listed][];
}): ComputeOperations {
  const template = JSON.parse(
    readFileSync(path.join(FIXTURES, "compute.zoneOperation.json"), "utf8"),
  ) as Listed;
  const byRequest = new Map<string, Listed>();
  const pending = new Map<string, { polls: number; effect: () => void; failure: Listed | null }>();
  let nextFailure: Listed | null = null;

  const self: ComputeOperations = {
    polls: 0,
    failNext(errors, httpStatus = 400) {
      nextFailure = {
        error: { errors },
        httpErrorStatusCode: httpStatus,
        httpErrorMessage: httpStatus === 400 ? "BAD REQUEST" : "SERVICE UNAVAILABLE",
      };
    },
    snapshots: new Map(),
    started: new Map(),
    answer,
  };

  function start(
    url: URL,
    project: string,
    zone: string,
    type: string,
    target: Listed,
    kind: string,
    effect: () => void,
  ): ReplayResponse {
    const requestId = url.searchParams.get("requestId");
    const seen = requestId ? byRequest.get(requestId) : undefined;
    if (seen) return { status: 200, body: seen };
    const id = randomBytes(8).readBigUInt64BE().toString();
    const name = `operation-${Date.now()}-${randomBytes(6).toString("hex")}`;
    const zoneUrl = `${COMPUTE}/projects/${project}/zones/${zone}`;
    const operation: Listed = {
      ...template,
      id,
      name,
      zone: zoneUrl,
      operationType: type,
      targetLink: `${zoneUrl}/${kind}/${target.name}`,
      targetId: String(target.id ?? ""),
      status: "RUNNING",
      progress: 0,
      insertTime: new Date().toISOString(),
      startTime: new Date().toISOString(),
      selfLink: `${zoneUrl}/operations/${name}`,
    };
    pending.set(name, { polls: self.polls, effect, failure: nextFailure });
    nextFailure = null;
    self.started.set(name, operation);
    if (requestId) byRequest.set(requestId, operation);
    return { status: 200, body: operation };
  }

  function read(name: string): ReplayResponse {
    const operation = self.started.get(name);
    const state = pending.get(name);
    if (!operation || !state)
      return googleError(404, "notFound", `The resource 'operations/${name}' was not found`);
    if (operation.status !== "DONE") {
      if (state.polls > 0) {
        state.polls--;
        operation.progress = 50;
      } else {
        Object.assign(operation, {
          status: "DONE",
          progress: 100,
          endTime: new Date().toISOString(),
          ...(state.failure ?? {}),
        });
        if (!state.failure) state.effect();
      }
    }
    return { status: 200, body: operation };
  }

  function answer(request: RecordedRequest, url: URL): ReplayResponse | null {
    const operation = OPERATION.exec(url.pathname);
    if (operation && request.method === "GET") return read(operation[3]!);
    const m = ACTION.exec(url.pathname);
    if (!m) return null;
    const [, project, zone, kind, name, verb] = m as unknown as [
      string,
      string,
      string,
      string,
      string,
      string?,
    ];
    const list = data[kind as "instances" | "disks"];
    const item = list.find(([scope, i]) => scope === `zones/${zone}` && i.name === name)?.[1];
    const path = `projects/${project}/zones/${zone}/${kind}/${name}`;
    if (kind === "instances" && verb && verb !== "createSnapshot" && request.method === "POST") {
      if (!item) return googleError(404, "notFound", `The resource '${path}' was not found`);
      return start(url, project, zone, verb, item, kind, () => {
        item.status = STATUS_AFTER[verb];
      });
    }
    if (kind !== "disks") return null;
    if (verb === "createSnapshot" && request.method === "POST") {
      if (!item) return googleError(404, "notFound", `The resource '${path}' was not found`);
      const snapshot = JSON.parse(request.body || "{}") as Listed;
      const snapshotName = String(snapshot.name ?? "");
      if (!/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(snapshotName))
        return googleError(
          400,
          "invalid",
          `Invalid value for field 'resource.name': '${snapshotName}'`,
        );
      if (self.snapshots.has(snapshotName))
        return googleError(
          409,
          "alreadyExists",
          `The resource 'projects/${project}/global/snapshots/${snapshotName}' already exists`,
        );
      return start(url, project, zone, "createSnapshot", item, kind, () => {
        self.snapshots.set(snapshotName, {
          ...snapshot,
          kind: "compute#snapshot",
          status: "READY",
          sourceDisk: `${COMPUTE}/${path}`,
          selfLink: `${COMPUTE}/projects/${project}/global/snapshots/${snapshotName}`,
        });
      });
    }
    if (!verb && request.method === "DELETE") {
      if (!item) return googleError(404, "notFound", `The resource '${path}' was not found`);
      const users = (item.users as string[] | undefined) ?? [];
      if (users.length > 0)
        return googleError(
          400,
          "resourceInUseByAnotherResource",
          `The disk resource '${path}' is already being used by '${users[0]!.replace(`${COMPUTE}/`, "")}'`,
        );
      return start(url, project, zone, "delete", item, kind, () => {
        list.splice(list.indexOf(list.find(([, i]) => i === item)!), 1);
      });
    }
    return null;
  }

  return self;
}
