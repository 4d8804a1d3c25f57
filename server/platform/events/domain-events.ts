// Things that happened in one module that another may act on (an automation trigger, say),
// delivered inside the emitter's transaction: a listener's writes (an enqueued job) commit or
// roll back with the fact itself, and exactly once, whichever instance emitted it. The realtime
// EventBus is different: it fans out to every instance and is lost on a restart.

import type { Logger } from "pino";
import type { Db } from "../db/database.ts";

export interface DomainEventMap {
  /** New notable cost anomalies of one detection run (the same ones that were notified). */
  "cost.anomaly": {
    anomalies: {
      id: string;
      day: string;
      dimension: string;
      key: string;
      currency: string;
      actual: string;
      expected: string;
      severity: string;
    }[];
  };
  /** A budget threshold crossed for the first time in its period. */
  "budget.threshold": {
    budgetId: string;
    budgetName: string;
    alertId: string;
    percent: number;
    basis: string;
    spend: string;
    amount: string;
    currency: string;
    periodStart: string;
  };
  /** An alert went firing and people were told (silenced alerts are not announced). */
  "alert.firing": {
    alertId: string;
    ruleId: string;
    ruleName: string;
    ruleKind: string;
    severity: string;
    summary: string;
    labels: Record<string, string>;
    /** What was measured (value, count, …); labels say what the alert is about. */
    annotations: Record<string, string>;
    incidentId: string;
    firedAt: string;
  };
  /** A log template (of one service) first seen after the workspace's mining baseline. */
  "logs.newPattern": {
    patternId: string;
    templateId: string;
    service: string;
    template: string;
    level: string;
    firstSeen: string;
    example: string;
  };
  /** A person approved or denied a request of the approvals inbox. */
  "approval.decided": {
    approvalId: string;
    source: string;
    sourceRef: string | null;
    status: string;
  };
}
export type DomainEventKind = keyof DomainEventMap;

type Listener<K extends DomainEventKind> = (
  db: Db,
  workspaceId: string,
  data: DomainEventMap[K],
) => Promise<void>;

export type DomainEvents = ReturnType<typeof createDomainEvents>;

export function createDomainEvents(log: Logger) {
  const listeners = new Map<DomainEventKind, Listener<DomainEventKind>[]>();
  return {
    /** Adds a listener; called once per process at start-up. */
    on<K extends DomainEventKind>(kind: K, listener: Listener<K>) {
      const list = listeners.get(kind) ?? [];
      list.push(listener as unknown as Listener<DomainEventKind>);
      listeners.set(kind, list);
    },

    /**
     * Tells the listeners, each in its own savepoint: a failing listener is logged and rolled
     * back alone, and never undoes what the emitter recorded.
     */
    async emit<K extends DomainEventKind>(
      db: Db,
      workspaceId: string,
      kind: K,
      data: DomainEventMap[K],
    ) {
      for (const listener of listeners.get(kind) ?? []) {
        try {
          await db.transaction((sp) => listener(sp as Db, workspaceId, data));
        } catch (error) {
          log.error({ err: error, kind, workspaceId }, "domain event listener failed");
        }
      }
    },
  };
}
