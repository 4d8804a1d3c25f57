// Projects in the browser against the real server: create a project and tasks, drag a task to
// another column with the mouse (dnd-kit's pointer sensor), see it there after a reload, and
// have a dependency cycle refused with its loop spelled out; a column longer than a page loads
// more as it scrolls, counts all its cards, and takes a dropped card where it was dropped.
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import {
  type BrowserApp,
  closeApp,
  navigate,
  openApp,
  setUpOwner,
  stepsOf,
} from "./support/browser.ts";
import type { RunningServer } from "./support/server.ts";

const OWNER = {
  email: "pia@example.com",
  name: "Pia Planner",
  password: "amber kestrel lantern 42",
  workspace: "Planning Studio",
};

let server: RunningServer;
let app: BrowserApp | undefined;
let page: Page;
const step = stepsOf("projects", () => page);

beforeAll(async () => {
  app = await openApp({ width: 1440, height: 900 });
  ({ server, page } = app);
});

afterAll(() => closeApp(app));

const column = (name: string) =>
  page.locator(`[data-testid=board-column][data-column-name="${name}"]`);
const card = (key: string) => page.locator(`[data-testid=task-card][data-task-key="${key}"]`);

async function createTask(title: string) {
  await page.getByTestId("new-task").click();
  await page.getByTestId("task-title").fill(title);
  await page.getByTestId("task-submit").click();
  // A new task opens at once; close it to get back to the board.
  await page.getByTestId("task-dialog").waitFor();
  await page.keyboard.press("Escape");
  await page.getByTestId("task-dialog").waitFor({ state: "detached" });
}

/** Two animation frames: dnd-kit measures the droppables and the pointer in frames. */
const frames = () =>
  page.evaluate(
    () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
  );

/**
 * A real mouse drag in small steps, so dnd-kit's PointerSensor passes its 5 px threshold. It
 * waits for the card to be picked up and for the pointer's last position to be measured, so
 * a loaded machine cannot turn it into a drop on nothing.
 */
async function drag(from: Locator, to: Locator) {
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + a.height / 2 + 10, { steps: 5 });
  await page.getByTestId("drag-overlay").waitFor();
  await page.mouse.move(b.x + b.width / 2, b.y + 80, { steps: 20 });
  await frames();
  await page.mouse.up();
  await page.getByTestId("drag-overlay").waitFor({ state: "detached" });
}

/** A column's card count once it reads `count` (the move shows after its write is queued). */
const countReads = (name: string, count: number) =>
  column(name)
    .getByTestId("wip-count")
    .filter({ hasText: new RegExp(`^${count}$`) })
    .waitFor();

describe("projects in the browser", () => {
  step("the owner creates a project and lands on its board", async () => {
    await setUpOwner(page, server.url, OWNER, { demo: false });
    await navigate(page, ["Main", "Projects"]);
    await page.waitForURL(/\/projects$/);
    await page.getByText("No projects yet").waitFor();
    await page.getByTestId("new-project").first().click();
    await page.getByTestId("project-name").fill("Shop relaunch");
    await page.getByTestId("project-key").fill("SHOP");
    await page.getByTestId("project-submit").click();
    await page.waitForURL(/\/projects\/SHOP$/);
    await column("Done").waitFor();
    expect(await page.getByTestId("board-column").count()).toBe(5);
  });

  step("tasks created from the board are numbered and start in the backlog", async () => {
    await createTask("Product page");
    await createTask("Checkout flow");
    await card("SHOP-1").waitFor();
    await column("Backlog").locator('[data-task-key="SHOP-2"]').waitFor();
    expect(await column("Backlog").getByTestId("task-card").count()).toBe(2);
  });

  step("a card dragged to In progress stays there after a reload", async () => {
    await drag(card("SHOP-1"), column("In progress"));
    await column("In progress").locator('[data-task-key="SHOP-1"]').waitFor();
    await page.waitForLoadState("networkidle");
    await page.reload();
    await column("In progress").locator('[data-task-key="SHOP-1"]').waitFor();
    expect(await column("Backlog").getByTestId("task-card").count()).toBe(1);
    expect(await column("In progress").getByTestId("wip-count").textContent()).toBe("1");
  });

  step("a dependency cycle is refused in the task dialog, naming the loop", async () => {
    await card("SHOP-2").click();
    await page.getByTestId("blocker-key").fill("SHOP-1");
    await page.getByTestId("blocker-add").click();
    await page.getByTestId("task-blockers").getByText("SHOP-1").waitFor();
    await page.keyboard.press("Escape");
    await page.getByTestId("task-dialog").waitFor({ state: "detached" });
    await card("SHOP-2").getByTestId("blocked-marker").waitFor();

    await card("SHOP-1").click();
    await page.getByTestId("blocker-key").fill("SHOP-2");
    await page.getByTestId("blocker-add").click();
    const error = page.getByTestId("blocker-error");
    await error.waitFor();
    expect(await error.textContent()).toContain("SHOP-1 → SHOP-2 → SHOP-1 would be a cycle");
    await page.keyboard.press("Escape");
  });

  step("a task joins a sprint from its dialog, and the sprint counts it", async () => {
    await page.getByTestId("task-dialog").waitFor({ state: "detached" });
    await page.getByRole("link", { name: "Sprints", exact: true }).click();
    await page.getByTestId("new-sprint").click();
    await page.getByTestId("sprint-name").fill("Launch sprint");
    await page.getByTestId("sprint-save").click();
    const sprint = page.getByTestId("sprint-row").filter({ hasText: "Launch sprint" });
    await sprint.filter({ hasText: "0/0 tasks" }).waitFor();

    await page.getByRole("link", { name: "Board", exact: true }).click();
    await card("SHOP-2").click();
    await page.getByTestId("task-sprint").click();
    await page.getByRole("option", { name: "Launch sprint" }).click();
    await page.getByTestId("task-sprint").filter({ hasText: "Launch sprint" }).waitFor();
    await page.keyboard.press("Escape");
    await page.getByTestId("task-dialog").waitFor({ state: "detached" });
    await page.getByRole("link", { name: "Sprints", exact: true }).click();
    await sprint.filter({ hasText: "0/1 tasks" }).waitFor();
    await page.getByRole("link", { name: "Board", exact: true }).click();
  });

  step(
    "a long column shows its first cards, its full count, and loads more as it scrolls",
    async () => {
      const csrf = (await page.request.get(`${server.url}/api/auth.session`)).headers()[
        "x-csrf-token"
      ];
      const api = async (name: string, data: unknown) => {
        const response = await page.request.post(`${server.url}/api/${name}`, {
          headers: { "x-csrf-token": csrf ?? "", "content-type": "application/json" },
          data,
        });
        expect(response.status(), name).toBe(200);
        return response.json();
      };
      const projects = (await api("projects.list", {})) as { id: string; key: string }[];
      const shop = (await api("projects.get", {
        id: projects.find((p) => p.key === "SHOP")!.id,
      })) as { id: string; columns: { id: string; name: string }[] };
      const todo = shop.columns.find((c) => c.name === "To do")!.id;
      for (let i = 3; i <= 62; i++)
        await api("tasks.create", { projectId: shop.id, title: `Page item ${i}`, columnId: todo });
      await page.reload();
      await card("SHOP-3").waitFor();
      expect(await column("To do").getByTestId("wip-count").textContent()).toBe("60");
      expect(await column("To do").getByTestId("column-more").textContent()).toContain("50 of 60");
      expect(await column("To do").locator('[data-task-key="SHOP-62"]').count()).toBe(0);

      const scroller = column("To do").locator(".overflow-y-auto");
      for (let i = 0; i < 10 && !(await card("SHOP-62").isVisible()); i++) {
        await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
        await page.waitForTimeout(300);
      }
      await card("SHOP-62").waitFor();
      await column("To do").getByTestId("column-more").waitFor({ state: "detached" });
    },
  );

  step("a card dropped into a column not fully loaded lands where it was dropped", async () => {
    await page.reload();
    await column("To do").getByTestId("column-more").waitFor();
    await drag(card("SHOP-2"), column("To do"));
    await countReads("To do", 61);
    await page.waitForLoadState("networkidle");
    await page.reload();
    await column("To do").locator('[data-task-key="SHOP-2"]').waitFor();
    const keys = await column("To do")
      .getByTestId("task-card")
      .evaluateAll((cards) => cards.slice(0, 2).map((c) => c.getAttribute("data-task-key")));
    expect(keys).toEqual(["SHOP-2", "SHOP-3"]);
    expect(await column("Backlog").getByTestId("wip-count").textContent()).toBe("0");
  });

  step("? shows the keyboard shortcuts", async () => {
    await column("Done").waitFor();
    await page.keyboard.press("?");
    await page.getByTestId("shortcuts-dialog").waitFor();
    expect(await page.getByTestId("shortcuts-dialog").textContent()).toContain("New task");
  });
});
