import { asc } from "drizzle-orm";
import { z } from "zod";
import { users } from "../../platform/auth/auth.schema.ts";
import { AppError } from "../../platform/errors.ts";
import {
  defineOperation,
  type OperationContext,
  userOf,
} from "../../platform/operations/define.ts";
import { zId } from "../../platform/operations/zod.ts";

async function ownerForSystem(ctx: OperationContext, email: string | undefined) {
  if (email) {
    const user = await ctx.services.auth.findUserByEmail(ctx.db, email);
    if (!user) throw new AppError("not_found", `No account with the email ${email}`);
    return user.id;
  }
  const [first] = await ctx.db
    .select({ id: users.id })
    .from(users)
    .orderBy(asc(users.createdAt))
    .limit(1);
  if (!first)
    throw new AppError("conflict", "Glass Pane is not set up yet: run glasspane setup first");
  return first.id;
}

export const demoCreate = defineOperation({
  name: "demo.create",
  summary: "Create a demo workspace filled with sample data; you become its owner",
  input: z.strictObject({
    ownerEmail: z
      .email()
      .optional()
      .describe("Local CLI only: whose demo workspace it is (default: the first account)"),
  }),
  output: z.object({ id: zId, name: z.string() }),
  permission: "user",
  mutates: true,
  handler: async (input, ctx) => {
    const userId =
      ctx.actor.type === "system" ? await ownerForSystem(ctx, input.ownerEmail) : userOf(ctx);
    if (!userId || ctx.actor.type === "token") {
      throw new AppError("forbidden", "Sign in as a person to create a demo workspace");
    }
    const workspace = await ctx.services.demo.createDemoWorkspace(ctx.db, userId);
    Object.assign(ctx.audit, { workspaceId: workspace.id, targetId: workspace.id });
    return workspace;
  },
});

export const demoOperations = [demoCreate] as const;
