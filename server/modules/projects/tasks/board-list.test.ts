import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { columnNamed, projectKit } from "./tasks.testkit.ts";

let rt: TestRuntime;
let owner: Caller;
const kit = projectKit(
  () => rt,
  () => owner,
);

beforeAll(async () => {
  rt = await createTestRuntime();
  owner = (await createOwner(rt, "board@example.com", "Board Co")).caller;
});
afterAll(async () => {
  await rt?.close();
});

describe("the board's task list", () => {
  it("keeps every open task and only the latest completed ones per column", async () => {
    const project = await kit.project("BRD");
    const done = columnNamed(project, "Done");
    const finished: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const task = await kit.task(project.id, `Finished ${i}`);
      await kit.move({ id: task.id, columnId: done.id });
      finished.push(task.id);
    }
    await kit.task(project.id, "Still open");

    const board = await kit.list({ projectId: project.id, includeDone: true, recentDone: 2 });
    expect(board.tasks.map((t) => t.title).sort()).toEqual([
      "Finished 4",
      "Finished 5",
      "Still open",
    ]);
    expect(board.olderDone).toEqual({ [done.id]: 3 });

    // Reopening and finishing again makes a task the latest.
    await kit.move({ id: finished[0], columnId: columnNamed(project, "To do").id });
    await kit.move({ id: finished[0], columnId: done.id });
    const again = await kit.list({ projectId: project.id, includeDone: true, recentDone: 2 });
    expect(again.tasks.map((t) => t.title).sort()).toEqual([
      "Finished 1",
      "Finished 5",
      "Still open",
    ]);

    const everything = await kit.list({ projectId: project.id, includeDone: true });
    expect(everything.tasks).toHaveLength(6);
    expect(everything.olderDone).toBeUndefined();
  });
});
