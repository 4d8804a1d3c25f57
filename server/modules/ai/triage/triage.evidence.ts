import type { Db } from "../../../platform/db/database.ts";
import type { DomainEventMap } from "../../../platform/events/domain-events.ts";
import { listChanges } from "../../inventory/resource.service.ts";
import { searchLogs } from "../../observability/logs/log-search.ts";
import { pagesForTarget } from "../../projects/docs/doc-links.ts";
import { pageDetail } from "../../projects/docs/docs.service.ts";
import type { TriageChange } from "./triage.schema.ts";

const LOOKBACK_MS = 30 * 60_000;
const CHANGE_LOOKBACK_MS = 24 * 3_600_000;
const MAX_RUNBOOK_CHARS = 6_000;

export type FiringEvent = DomainEventMap["alert.firing"];

function describeDiff(diff: unknown): string {
  if (!diff || typeof diff !== "object") return "";
  return Object.keys(diff as Record<string, unknown>)
    .slice(0, 8)
    .join(", ");
}

/**
 * What the server knows around a firing, read-only: the alert, log lines of its service shortly
 * before, inventory changes of the last day and the runbook the alert names (a wiki page linked
 * to the alert rule by name or id).
 */
export async function gatherEvidence(db: Db, workspaceId: string, event: FiringEvent) {
  const firedAt = new Date(event.firedAt);
  const service = event.labels.service;
  const logs = service
    ? (
        await searchLogs(db, workspaceId, {
          service,
          from: new Date(firedAt.getTime() - LOOKBACK_MS),
          to: new Date(firedAt.getTime() + 60_000),
          limit: 30,
        })
      ).items.map((line) => ({
        time: line.time,
        level: line.level,
        message: line.message.slice(0, 500),
      }))
    : [];
  const since = firedAt.getTime() - CHANGE_LOOKBACK_MS;
  const changes: TriageChange[] = (
    await listChanges(db, workspaceId, {
      before: new Date(firedAt.getTime() + 5 * 60_000),
      limit: 30,
    })
  ).items
    .filter((c) => c.at.getTime() >= since)
    .map((c) => ({
      at: c.at.toISOString(),
      kind: c.kind,
      resource: `${c.resourceType} ${c.resourceName}`,
      detail: describeDiff(c.diff),
    }));
  const pages = await pagesForTarget(db, workspaceId, "alert", [event.ruleName, event.ruleId]);
  const runbookRef = pages[0];
  const runbook = runbookRef
    ? await pageDetail(db, workspaceId, runbookRef.id).catch(() => undefined)
    : undefined;
  return {
    alert: {
      rule: event.ruleName,
      kind: event.ruleKind,
      severity: event.severity,
      summary: event.summary,
      labels: event.labels,
      firedAt: event.firedAt,
    },
    logs,
    changes,
    runbook: runbook
      ? { id: runbook.id, title: runbook.title, body: runbook.body.slice(0, MAX_RUNBOOK_CHARS) }
      : null,
  };
}

export type Evidence = Awaited<ReturnType<typeof gatherEvidence>>;
