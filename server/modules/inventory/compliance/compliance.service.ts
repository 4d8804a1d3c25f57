import { and, asc, eq, gte, isNull, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { complianceDaily, resources, tagPolicies } from "../inventory.schema.ts";
import {
  evaluateResource,
  RULE_IDS,
  RULES,
  type RuleId,
  type Severity,
  type TagPolicy,
} from "./rules.ts";

export async function tagPolicyOf(db: Db, workspaceId: string): Promise<TagPolicy> {
  const [row] = await db.select().from(tagPolicies).where(eq(tagPolicies.workspaceId, workspaceId));
  return { requiredTags: row?.requiredTags ?? [], types: row?.types ?? [] };
}

/** Replaces the workspace's tag policy. */
export async function setTagPolicy(db: Db, workspaceId: string, policy: TagPolicy) {
  const values = {
    requiredTags: [...new Set(policy.requiredTags)],
    types: [...new Set(policy.types)],
  };
  await db
    .insert(tagPolicies)
    .values({ workspaceId, ...values })
    .onConflictDoUpdate({
      target: tagPolicies.workspaceId,
      set: { ...values, updatedAt: new Date() },
    });
  return values;
}

export interface FindingsFilter {
  rule?: RuleId;
  severity?: Severity;
  provider?: string;
  limit: number;
}

/**
 * Findings over the workspace's live (not deleted) resources, computed on read: rules change
 * with the resources, so there is no stored copy to go stale. Counts cover every finding;
 * `items` is the first `limit`, most severe first.
 */
export async function listFindings(db: Db, workspaceId: string, filter: FindingsFilter) {
  const policy = await tagPolicyOf(db, workspaceId);
  const where: (SQL | undefined)[] = [
    eq(resources.workspaceId, workspaceId),
    isNull(resources.deletedAt),
    filter.provider ? eq(resources.provider, filter.provider) : undefined,
  ];
  const rows = await db
    .select({
      id: resources.id,
      name: resources.name,
      provider: resources.provider,
      type: resources.type,
      region: resources.region,
      state: resources.state,
      tags: resources.tags,
      attributes: resources.attributes,
    })
    .from(resources)
    .where(and(...where));
  const order: Record<Severity, number> = { high: 0, medium: 1, low: 2 };
  const items = rows
    .flatMap((r) =>
      evaluateResource(r, policy).map((f) => ({
        resourceId: r.id,
        resourceName: r.name,
        provider: r.provider,
        type: r.type,
        region: r.region,
        ...f,
      })),
    )
    .filter(
      (f) =>
        (!filter.rule || f.rule === filter.rule) &&
        (!filter.severity || f.severity === filter.severity),
    )
    .sort(
      (a, b) =>
        order[a.severity] - order[b.severity] || a.resourceName.localeCompare(b.resourceName),
    );
  const counts = RULE_IDS.map((rule) => ({
    rule,
    title: RULES[rule].title,
    severity: RULES[rule].severity as Severity,
    count: items.filter((i) => i.rule === rule).length,
  }));
  return {
    total: items.length,
    counts,
    items: items.slice(0, filter.limit),
    policy,
    evaluated: rows.length,
  };
}

const dayOf = (at: Date) => at.toISOString().slice(0, 10);

/**
 * Counts today's findings per rule into the trend (the day's last count replaces earlier ones).
 * Called after every scan, after a tag policy change, and by the daily snapshot job.
 */
export async function recordComplianceDay(db: Db, workspaceId: string, at = new Date()) {
  const { counts, evaluated } = await listFindings(db, workspaceId, { limit: 0 });
  const day = dayOf(at);
  await db
    .insert(complianceDaily)
    .values(
      counts.map((c) => ({
        workspaceId,
        day,
        rule: c.rule,
        findings: c.count,
        resources: evaluated,
        recordedAt: at,
      })),
    )
    .onConflictDoUpdate({
      target: [complianceDaily.workspaceId, complianceDaily.day, complianceDaily.rule],
      set: {
        findings: sql`excluded.findings`,
        resources: sql`excluded.resources`,
        recordedAt: sql`excluded.recorded_at`,
      },
    });
  return { day, total: counts.reduce((sum, c) => sum + c.count, 0), resources: evaluated };
}

/** Findings per rule for each recorded day of the last `days` days (today included), oldest first. */
export async function complianceTrend(
  db: Db,
  workspaceId: string,
  days: number,
  today = new Date(),
) {
  const from = dayOf(new Date(Date.parse(dayOf(today)) - (days - 1) * 86_400_000));
  const rows = await db
    .select()
    .from(complianceDaily)
    .where(and(eq(complianceDaily.workspaceId, workspaceId), gte(complianceDaily.day, from)))
    .orderBy(asc(complianceDaily.day));
  const byDay = new Map<
    string,
    { day: string; resources: number; total: number; byRule: Record<string, number> }
  >();
  for (const row of rows) {
    // A rule this version no longer has is left out, so totals match the rules shown.
    if (!(RULE_IDS as readonly string[]).includes(row.rule)) continue;
    const entry = byDay.get(row.day) ?? {
      day: row.day,
      resources: row.resources,
      total: 0,
      byRule: {},
    };
    entry.byRule[row.rule] = row.findings;
    entry.total += row.findings;
    byDay.set(row.day, entry);
  }
  return {
    from,
    rules: RULE_IDS.map((rule) => ({
      rule,
      title: RULES[rule].title,
      severity: RULES[rule].severity as Severity,
    })),
    days: [...byDay.values()],
  };
}
