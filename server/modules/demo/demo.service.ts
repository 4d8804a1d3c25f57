import type { AuthService } from "../../platform/auth/auth.service.ts";
import type { Db } from "../../platform/db/database.ts";
import type { SecretsService } from "../../platform/secrets/secrets.service.ts";
import type { WorkspaceService } from "../../platform/workspaces/workspaces.service.ts";

export interface DemoDeps {
  auth: Pick<AuthService, "createUser" | "findUserByEmail" | "createToken">;
  workspaces: Pick<WorkspaceService, "create" | "addMember" | "createInvite">;
  secrets: Pick<SecretsService, "set">;
}

/** Each module adds what its pages need to look alive; they run in the creating transaction. */
export type DemoSeeder = (
  db: Db,
  ctx: { workspaceId: string; ownerUserId: string },
) => Promise<void>;

const DEMO_PEOPLE = [
  { email: "maya.admin@demo.glasspane.dev", name: "Maya Okafor", role: "admin" },
  { email: "leo.dev@demo.glasspane.dev", name: "Leo Brandt", role: "member" },
  { email: "ana.viewer@demo.glasspane.dev", name: "Ana Ruiz", role: "viewer" },
] as const;

export type DemoService = ReturnType<typeof createDemoService>;

/** Builds a demo workspace: a small agency's team, tokens, secrets and whatever modules seed. */
export function createDemoService(deps: DemoDeps, seeders: DemoSeeder[] = []) {
  return {
    async createDemoWorkspace(db: Db, ownerUserId: string) {
      const workspace = await deps.workspaces.create(db, {
        name: "Demo Agency",
        ownerUserId,
        isDemo: true,
      });
      for (const person of DEMO_PEOPLE) {
        // Demo teammates have no password: they can be looked at, not signed in as.
        const user =
          (await deps.auth.findUserByEmail(db, person.email)) ??
          (await deps.auth.createUser(db, {
            email: person.email,
            name: person.name,
            password: null,
          }));
        await deps.workspaces.addMember(db, {
          workspaceId: workspace.id,
          userId: user.id,
          role: person.role,
        });
      }
      await deps.auth.createToken(db, {
        workspaceId: workspace.id,
        userId: ownerUserId,
        name: "CI deploy (demo)",
        role: "member",
      });
      await deps.workspaces.createInvite(db, {
        workspaceId: workspace.id,
        role: "member",
        email: "new.hire@demo.glasspane.dev",
        createdBy: ownerUserId,
        actorRole: "owner",
      });
      await deps.secrets.set(db, workspace.id, {
        name: "cloudflare-api-token",
        value: "demo-not-a-real-token-0000",
        description: "Demo value: replace with a real token before connecting",
      });
      for (const seed of seeders) await seed(db, { workspaceId: workspace.id, ownerUserId });
      return workspace;
    },
  };
}
