import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { invalid, notFound } from "../../../platform/errors.ts";
import { generateWebhookSecret } from "../../../platform/http/outbound.ts";
import type { SecretsService } from "../../../platform/secrets/secrets.service.ts";
import { checkRegexesRun, type LabelMatcher } from "../metrics/label-matchers.ts";
import { alertDestinations, alertEvents, alertRules, alerts } from "./alerts.schema.ts";
import { evaluatorOf } from "./evaluators.ts";

export type Rule = typeof alertRules.$inferSelect;

export interface RuleFields {
  name: string;
  kind: string;
  params: unknown;
  forSeconds: number;
  severity: string;
  isEnabled: boolean;
  notifyInApp: boolean;
  destinationIds: string[];
}

/** Parses the params for the rule's kind and checks the rows they and the destinations name. */
export async function checkedFields(db: Db, workspaceId: string, fields: RuleFields) {
  const evaluator = evaluatorOf(fields.kind);
  if (!evaluator) throw invalid("kind", `unknown rule kind ${fields.kind}`);
  const parsed = evaluator.params.safeParse(fields.params ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(
      ["params", ...(issue?.path ?? []).map(String)].join("."),
      issue?.message ?? "is invalid",
    );
  }
  await evaluator.validate?.(parsed.data, {
    db,
    workspaceId,
    now: new Date(),
    ruleEnabled: fields.isEnabled,
  });
  const { matchers } = parsed.data as { matchers?: LabelMatcher[] };
  if (matchers) await checkRegexesRun(db, matchers, "params.matchers");
  const ids = [...new Set(fields.destinationIds)];
  if (ids.length > 0) {
    const found = await db
      .select({ id: alertDestinations.id })
      .from(alertDestinations)
      .where(
        and(eq(alertDestinations.workspaceId, workspaceId), inArray(alertDestinations.id, ids)),
      );
    if (found.length !== ids.length)
      throw invalid("destinationIds", "names a destination this workspace does not have");
  }
  return { ...fields, params: parsed.data, destinationIds: ids };
}

export async function getRule(db: Db, workspaceId: string, id: string): Promise<Rule> {
  const [row] = await db
    .select()
    .from(alertRules)
    .where(and(eq(alertRules.workspaceId, workspaceId), eq(alertRules.id, id)));
  if (!row) throw notFound("Alert rule");
  return row;
}

/**
 * Alerts of the workspace, newest first, with their rule's name. State "open" is pending and
 * firing together: pages list those apart from the resolved history, so a burst of resolved
 * alerts never pushes a firing one past the limit.
 */
export function listAlerts(
  db: Db,
  workspaceId: string,
  filter: { state?: string; incidentId?: string; limit: number },
) {
  const state =
    filter.state === "open"
      ? inArray(alerts.state, ["pending", "firing"])
      : filter.state
        ? eq(alerts.state, filter.state)
        : undefined;
  return db
    .select({ alert: alerts, ruleName: alertRules.name, severity: alertRules.severity })
    .from(alerts)
    .innerJoin(alertRules, eq(alertRules.id, alerts.ruleId))
    .where(
      and(
        eq(alerts.workspaceId, workspaceId),
        state,
        filter.incidentId ? eq(alerts.incidentId, filter.incidentId) : undefined,
      ),
    )
    .orderBy(desc(alerts.activeSince))
    .limit(filter.limit);
}

export function historyOf(db: Db, workspaceId: string, alertId: string) {
  return (
    db
      .select()
      .from(alertEvents)
      .where(and(eq(alertEvents.workspaceId, workspaceId), eq(alertEvents.alertId, alertId)))
      // With `for` 0 an alert is pending and firing in the same instant: states order the tie.
      .orderBy(
        alertEvents.at,
        sql`case ${alertEvents.state} when 'pending' then 0 when 'firing' then 1 else 2 end`,
      )
  );
}

/** Saves a webhook destination; its signing secret goes to the vault and is returned once. */
export async function createWebhookDestination(
  db: Db,
  secrets: Pick<SecretsService, "set">,
  workspaceId: string,
  input: { name: string; url: string },
) {
  const [row] = await db
    .insert(alertDestinations)
    .values({ workspaceId, name: input.name, kind: "webhook", url: input.url })
    .returning();
  const secretName = `alerts-webhook-${row!.id}`;
  const signingSecret = generateWebhookSecret();
  await secrets.set(db, workspaceId, {
    name: secretName,
    value: signingSecret,
    description: `Signs alert webhooks to ${input.name}`,
  });
  await db.update(alertDestinations).set({ secretName }).where(eq(alertDestinations.id, row!.id));
  return { destination: { ...row!, secretName }, signingSecret };
}
