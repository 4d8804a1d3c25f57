// Audit scenarios for the wiki's mutations (pages, versions, links): one successful call each,
// for audit.test.ts.

import type { ScenarioKit } from "./cost-scenarios.testing.ts";

export function docsScenarios(
  kit: ScenarioKit,
): Record<string, () => Promise<Record<string, unknown>>> {
  const page = async (title = "Audited page") =>
    (await kit.as(kit.owner(), "docs.create", { title, body: "first" })) as {
      id: string;
      currentVersion: number;
    };
  /** Deletes a new page and answers its trash entry's id. */
  const trashed = async (title: string) => {
    const { id } = await page(title);
    await kit.as(kit.owner(), "docs.delete", { id });
    const entries = (await kit.as(kit.owner(), "docs.trash.list", {})) as {
      id: string;
      pageId: string;
    }[];
    return entries.find((e) => e.pageId === id)!.id;
  };
  return {
    "docs.create": () =>
      kit.call(kit.owner(), "docs.create", { title: "Audited runbook", template: "runbook" }),
    "docs.update": async () => {
      const created = await page();
      return kit.call(kit.owner(), "docs.update", {
        id: created.id,
        baseVersion: created.currentVersion,
        body: "second",
      });
    },
    "docs.move": async () => {
      const parent = await page("Audited parent");
      const child = await page("Audited child");
      return kit.call(kit.owner(), "docs.move", { id: child.id, parentId: parent.id, position: 0 });
    },
    "docs.delete": async () => kit.call(kit.owner(), "docs.delete", { id: (await page()).id }),
    "docs.restore": async () => {
      const created = await page();
      await kit.as(kit.owner(), "docs.update", { id: created.id, baseVersion: 1, body: "second" });
      return kit.call(kit.owner(), "docs.restore", { id: created.id, version: 1 });
    },
    "docs.trash.restore": async () =>
      kit.call(kit.owner(), "docs.trash.restore", { id: await trashed("Audited restore") }),
    "docs.trash.purge": async () =>
      kit.call(kit.owner(), "docs.trash.purge", { id: await trashed("Audited purge") }),
    "docs.links.add": async () =>
      kit.call(kit.owner(), "docs.links.add", {
        pageId: (await page()).id,
        kind: "alert",
        target: "audited-alert",
      }),
    "docs.links.remove": async () => {
      const link = (await kit.as(kit.owner(), "docs.links.add", {
        pageId: (await page()).id,
        kind: "resource",
        target: "arn:aws:lambda:us-east-1:210987654321:function:audited",
      })) as { id: string };
      return kit.call(kit.owner(), "docs.links.remove", { id: link.id });
    },
  };
}
