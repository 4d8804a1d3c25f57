import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { conflict, invalid, notFound } from "../../../platform/errors.ts";
import { defineOperation, workspaceOf } from "../../../platform/operations/define.ts";
import { zId, zTimestamp } from "../../../platform/operations/zod.ts";
import { openIncidentsForChecks } from "../alerts/incidents.service.ts";
import { settingsOf } from "./checks.service.ts";
import { dailyOf } from "./stats.ts";
import { healthChecks, healthSettings } from "./uptime.schema.ts";

const BAR_DAYS = 90;
const zSlug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, "use 2–63 lowercase letters, digits and dashes");

const zSettings = z.object({
  allowPrivateTargets: z.boolean(),
  instanceBlocksPrivate: z
    .boolean()
    .describe(
      "GLASSPANE_BLOCK_PRIVATE_NETWORKS: private targets stay refused whatever the setting",
    ),
  statusPage: z.object({
    isEnabled: z.boolean(),
    slug: z.string().nullable(),
    title: z.string().nullable(),
    checkIds: z.array(zId),
  }),
});

async function settingsView(ctx: Parameters<typeof workspaceOf>[0]) {
  const s = await settingsOf(ctx.db, workspaceOf(ctx));
  return {
    allowPrivateTargets: s.allowPrivateTargets,
    instanceBlocksPrivate: ctx.services.config.blockPrivateNetworks,
    statusPage: {
      isEnabled: s.statusPageEnabled,
      slug: s.statusPageSlug,
      title: s.statusPageTitle,
      checkIds: s.statusPageCheckIds,
    },
  };
}

export const settingsGet = defineOperation({
  name: "health.settings.get",
  summary: "Whether checks may reach private networks, and the public status page",
  input: z.object({}),
  output: zSettings,
  permission: "health:read",
  mutates: false,
  handler: async (_input, ctx) => settingsView(ctx),
});

export const settingsUpdate = defineOperation({
  name: "health.settings.update",
  summary: "Allow checks to reach loopback and private networks (cloud metadata stays refused)",
  input: z.strictObject({ allowPrivateTargets: z.boolean() }),
  output: zSettings,
  permission: "health:admin",
  mutates: true,
  handler: async ({ allowPrivateTargets }, ctx) => {
    if (allowPrivateTargets && ctx.services.config.blockPrivateNetworks)
      throw invalid(
        "allowPrivateTargets",
        "this instance blocks private networks (GLASSPANE_BLOCK_PRIVATE_NETWORKS); its operator decides",
      );
    const workspaceId = workspaceOf(ctx);
    await ctx.db
      .insert(healthSettings)
      .values({ workspaceId, allowPrivateTargets })
      .onConflictDoUpdate({
        target: healthSettings.workspaceId,
        set: { allowPrivateTargets, updatedAt: new Date() },
      });
    ctx.audit.targetId = workspaceId;
    return settingsView(ctx);
  },
});

export const statusPageUpdate = defineOperation({
  name: "health.statusPage.update",
  summary:
    "Publish (or withdraw) the workspace's status page at /status/<slug>, with chosen checks",
  input: z.strictObject({
    isEnabled: z.boolean(),
    slug: zSlug,
    title: z.string().trim().min(1).max(120),
    checkIds: z.array(zId).max(50),
  }),
  output: zSettings,
  permission: "health:admin",
  mutates: true,
  handler: async (input, ctx) => {
    const workspaceId = workspaceOf(ctx);
    let ids = [...new Set(input.checkIds)];
    if (ids.length > 0) {
      const found = new Set(
        (
          await ctx.db
            .select({ id: healthChecks.id })
            .from(healthChecks)
            .where(and(eq(healthChecks.workspaceId, workspaceId), inArray(healthChecks.id, ids)))
        ).map((c) => c.id),
      );
      // Ids the page already listed whose checks were deleted are dropped, not refused: the
      // form sends the stored list back, and withdrawing the page must never fail on it.
      const listed = new Set((await settingsOf(ctx.db, workspaceId)).statusPageCheckIds);
      if (ids.some((id) => !found.has(id) && !listed.has(id)))
        throw invalid("checkIds", "names a check this workspace does not have");
      ids = ids.filter((id) => found.has(id));
    }
    const [taken] = await ctx.db
      .select({ workspaceId: healthSettings.workspaceId })
      .from(healthSettings)
      .where(eq(healthSettings.statusPageSlug, input.slug));
    if (taken && taken.workspaceId !== workspaceId)
      throw conflict(`The address /status/${input.slug} is taken`);
    const values = {
      statusPageEnabled: input.isEnabled,
      statusPageSlug: input.slug,
      statusPageTitle: input.title,
      statusPageCheckIds: ids,
      updatedAt: new Date(),
    };
    await ctx.db
      .insert(healthSettings)
      .values({ workspaceId, ...values })
      .onConflictDoUpdate({ target: healthSettings.workspaceId, set: values });
    ctx.audit.targetId = workspaceId;
    return settingsView(ctx);
  },
});

const zPublicStatus = z.enum(["up", "down", "paused", "unknown"]);
export const ZPublicStatusPage = z.object({
  title: z.string(),
  status: z.enum(["operational", "degraded", "paused", "unknown"]),
  components: z.array(
    z.object({
      name: z.string(),
      status: zPublicStatus,
      uptime: z.number().nullable().describe("Share of runs up over 90 days"),
      days: z.array(z.object({ day: z.string(), uptime: z.number().nullable() })),
    }),
  ),
  incidents: z.array(z.object({ title: z.string(), status: z.string(), openedAt: zTimestamp })),
  generatedAt: zTimestamp,
});

/**
 * What anyone may see, without signing in, once an admin has published the page: the chosen
 * checks' names, status and daily uptime, and open incidents about them. Targets, errors and
 * comments stay private.
 */
export const statusPageView = defineOperation({
  name: "health.statusPage.view",
  summary: "A published status page (no sign-in): components, 90-day uptime bars, open incidents",
  input: z.object({ slug: zSlug }),
  output: ZPublicStatusPage,
  permission: "public",
  mutates: false,
  handler: async ({ slug }, ctx) => {
    const [settings] = await ctx.db
      .select()
      .from(healthSettings)
      .where(
        and(eq(healthSettings.statusPageSlug, slug), eq(healthSettings.statusPageEnabled, true)),
      );
    if (!settings) throw notFound("Status page");
    const { workspaceId } = settings;
    const ids = settings.statusPageCheckIds;
    const checks = ids.length
      ? await ctx.db
          .select()
          .from(healthChecks)
          .where(and(eq(healthChecks.workspaceId, workspaceId), inArray(healthChecks.id, ids)))
      : [];
    const now = new Date();
    const daily = await dailyOf(ctx.db, workspaceId, ids, now, BAR_DAYS);
    const days = Array.from({ length: BAR_DAYS }, (_, i) =>
      new Date(now.getTime() - (BAR_DAYS - 1 - i) * 86_400_000).toISOString().slice(0, 10),
    );
    const components = ids
      .map((id) => checks.find((c) => c.id === id))
      .filter((c) => c !== undefined)
      .map((check) => {
        const mine = daily.filter((d) => d.checkId === check.id);
        const up = mine.reduce((s, d) => s + d.upCount, 0);
        const total = mine.reduce((s, d) => s + d.totalCount, 0);
        return {
          name: check.name,
          // Paused says why there is no fresh status; the uptime so far still stands.
          status: (check.isEnabled ? check.status : "paused") as z.infer<typeof zPublicStatus>,
          uptime: total ? up / total : null,
          days: days.map((day) => {
            const d = mine.find((x) => x.day === day);
            return { day, uptime: d?.totalCount ? d.upCount / d.totalCount : null };
          }),
        };
      });
    const incidents = await openIncidentsForChecks(ctx.db, workspaceId, ids);
    const isDown = components.some((c) => c.status === "down");
    const isUp = components.some((c) => c.status === "up");
    const isAllPaused = components.length > 0 && components.every((c) => c.status === "paused");
    return {
      title: settings.statusPageTitle ?? "Status",
      status: isDown
        ? ("degraded" as const)
        : isUp
          ? ("operational" as const)
          : isAllPaused
            ? ("paused" as const)
            : ("unknown" as const),
      components,
      // Titled by the published checks it concerns, never by its own title: that names the
      // rule and whatever its first alert was about (a check or host not published).
      incidents: incidents.map((i) => ({
        title: `Disruption: ${checks
          .filter((c) => i.checkIds.includes(c.id))
          .map((c) => c.name)
          .join(", ")}`,
        status: i.status,
        openedAt: i.openedAt,
      })),
      generatedAt: now,
    };
  },
});

export const statusPageOperations = [
  settingsGet,
  settingsUpdate,
  statusPageUpdate,
  statusPageView,
] as const;
