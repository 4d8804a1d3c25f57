import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { columnNamed, type ProjectDetail, projectKit, refusal } from "./tasks.testkit.ts";

type Board = OperationOutput<"tasks.board">;
type BoardColumn = Board["columns"][number];

let rt: TestRuntime;
let owner: Caller;
let workspaceId: string;
let project: ProjectDetail;
const kit = projectKit(
  () => rt,
  () => owner,
);
const board = (input: Record<string, unknown>, as = owner) =>
  rt.as(as, "tasks.board", { projectId: project.id, ...input }) as Promise<Board>;
const columnOf = (b: Board, name: string) =>
  b.columns.find((c) => c.columnId === columnNamed(project, name).id)!;

/** Every card of one column, following its cursors from the first page to the last. */
async function allPages(name: string, limit: number, input: Record<string, unknown> = {}) {
  const columnId = columnNamed(project, name).id;
  const pages: BoardColumn[] = [columnOf(await board({ limit, ...input }), name)];
  while (pages.at(-1)!.nextCursor) {
    const next = await board({ limit, columnId, cursor: pages.at(-1)!.nextCursor, ...input });
    expect(next.columns.map((c) => c.columnId)).toEqual([columnId]);
    pages.push(next.columns[0]!);
  }
  return pages;
}
const keysOf = (pages: BoardColumn[]) => pages.flatMap((p) => p.tasks.map((t) => t.key));

beforeAll(async () => {
  rt = await createTestRuntime();
  const o = await createOwner(rt, "pages@example.com", "Pages Co");
  owner = o.caller;
  workspaceId = o.workspaceId;
  project = await kit.project("PG");
  const todo = columnNamed(project, "To do").id;
  for (let i = 1; i <= 11; i++)
    await kit.task(project.id, `Open ${i}`, {
      columnId: todo,
      labels: i % 3 === 0 ? ["bug"] : [],
      assigneeId: i % 2 === 0 ? o.userId : null,
    });
  for (let i = 1; i <= 7; i++) {
    const task = await kit.task(project.id, `Finished ${i}`);
    await kit.move({ id: task.id, columnId: columnNamed(project, "Done").id });
  }
  await kit.task(project.id, "Idea");
});
afterAll(async () => {
  await rt?.close();
});

describe("the board a page per column", () => {
  it("hands out every card exactly once, in board order, with the column's counts", async () => {
    const everything = await kit.list({ projectId: project.id, includeDone: true, limit: 500 });
    for (const column of project.columns) {
      const pages = await allPages(column.name, 3);
      const expected = everything.tasks.filter((t) => t.columnId === column.id);
      if (column.category === "done")
        expected.sort((a, b) => (b.completedAt ?? "").localeCompare(a.completedAt ?? ""));
      expect(keysOf(pages), column.name).toEqual(expected.map((t) => t.key));
      expect(new Set(keysOf(pages)).size).toBe(expected.length);
      for (const page of pages) {
        expect(page.total).toBe(expected.length);
        expect(page.count).toBe(expected.length);
        expect(page.tasks.length).toBeLessThanOrEqual(3);
      }
      expect(pages.at(-1)!.nextCursor).toBeNull();
    }
    const done = await allPages("Done", 3);
    expect(keysOf(done).slice(0, 3)).toEqual(["PG-18", "PG-17", "PG-16"]);
  });

  it("keeps a cursor's place while cards are added and completed around it", async () => {
    const todo = columnNamed(project, "To do").id;
    const doneId = columnNamed(project, "Done").id;
    const first = columnOf(await board({ limit: 4 }), "To do");
    const firstDone = columnOf(await board({ limit: 2 }), "Done");
    const before = [...first.tasks.map((t) => t.key)];
    const beforeDone = [...firstDone.tasks.map((t) => t.key)];

    // Others add a card at the top (before the cursor), one at the end, and finish a task.
    const top = await kit.task(project.id, "Urgent fix", { columnId: todo });
    await kit.move({ id: top.id, columnId: todo, beforeId: first.tasks[0]!.id });
    const end = await kit.task(project.id, "Later", { columnId: todo });
    const finished = await kit.task(project.id, "Quick win");
    await kit.move({ id: finished.id, columnId: doneId });

    const rest = await board({ limit: 4, columnId: todo, cursor: first.nextCursor });
    const seen = [...before];
    let page = rest.columns[0]!;
    seen.push(...page.tasks.map((t) => t.key));
    while (page.nextCursor) {
      page = (await board({ limit: 4, columnId: todo, cursor: page.nextCursor })).columns[0]!;
      seen.push(...page.tasks.map((t) => t.key));
    }
    expect(seen.filter((k) => k.startsWith("PG-") && Number(k.slice(3)) <= 11).sort()).toEqual(
      Array.from({ length: 11 }, (_, i) => `PG-${i + 1}`).sort(),
    );
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).not.toContain(top.key);
    expect(seen.at(-1)).toBe(end.key);
    expect(page.count).toBe(13);

    const doneRest = await allPagesAfter(doneId, firstDone.nextCursor!);
    expect([...beforeDone, ...doneRest]).toEqual([
      "PG-18",
      "PG-17",
      "PG-16",
      "PG-15",
      "PG-14",
      "PG-13",
      "PG-12",
    ]);
    expect(columnOf(await board({ limit: 2 }), "Done").tasks[0]!.key).toBe(finished.key);
  });

  it("applies the board's filters to its cards and total, not to the WIP count", async () => {
    const bugs = columnOf(await board({ limit: 50, labels: ["bug"] }), "To do");
    expect(bugs.tasks.map((t) => t.title)).toEqual(["Open 3", "Open 6", "Open 9"]);
    expect(bugs.total).toBe(3);
    expect(bugs.count).toBe(13);
    const mine = await allPages("To do", 2, { assigneeId: "me" });
    expect(keysOf(mine)).toEqual(["PG-2", "PG-4", "PG-6", "PG-8", "PG-10"]);
    const byWords = columnOf(await board({ q: "finished 3" }), "Done");
    expect(byWords.tasks.map((t) => t.title)).toEqual(["Finished 3"]);
    expect([byWords.total, byWords.count]).toEqual([1, 8]);
  });

  it("lets a viewer read the board and refuses client guests and other workspaces", async () => {
    const viewer = await addMember(rt, workspaceId, "viewer@pages.example", "viewer");
    const read = await board({ limit: 5 }, viewer.caller);
    expect(read.columns.map((c) => c.columnId)).toEqual(project.columns.map((c) => c.id));
    const guest = await addMember(rt, workspaceId, "guest@pages.example", "client");
    expect((await refusal(() => board({}, guest.caller))).code).toBe("forbidden");
    const stranger = (await createOwner(rt, "else@example.com", "Else Co")).caller;
    expect((await refusal(() => board({}, stranger))).code).toBe("not_found");
  });

  it("refuses cursors it did not hand out, or for another column's order, by field", async () => {
    const todo = columnNamed(project, "To do").id;
    const done = columnNamed(project, "Done").id;
    const first = columnOf(await board({ limit: 2 }), "To do");
    const wrongColumn = await refusal(() =>
      board({ limit: 2, columnId: done, cursor: first.nextCursor }),
    );
    expect([wrongColumn.code, wrongColumn.details?.field]).toEqual(["invalid_input", "cursor"]);
    const forged = await refusal(() => board({ columnId: todo, cursor: "bm90IGEgY3Vyc29y" }));
    expect(forged.details?.field).toBe("cursor");
    const alone = await refusal(() => board({ cursor: first.nextCursor }));
    expect(alone.details?.field).toBe("cursor");
    const other = await kit.project("PGX");
    const foreign = await refusal(() => board({ columnId: other.columns[0]!.id }));
    expect(foreign.details?.field).toBe("columnId");
  });
});

async function allPagesAfter(columnId: string, cursor: string) {
  const keys: string[] = [];
  let next: string | null = cursor;
  while (next) {
    const page: BoardColumn = (await board({ limit: 2, columnId, cursor: next })).columns[0]!;
    keys.push(...page.tasks.map((t) => t.key));
    next = page.nextCursor;
  }
  return keys;
}
