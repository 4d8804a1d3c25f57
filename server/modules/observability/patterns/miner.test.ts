import { describe, expect, it } from "vitest";
import { TemplateMiner } from "./miner.ts";

function idsOf(miner: TemplateMiner, lines: string[]): string[] {
  return lines.map((line) => miner.match(line)?.templateId ?? "none");
}

describe("TemplateMiner", () => {
  it("groups messages that differ only in values, and names the template", () => {
    const miner = new TemplateMiner();
    const a = miner.add("Received block blk_123 of size 67108864 from /10.0.0.1");
    const b = miner.add("Received block blk_987 of size 512 from /10.0.0.2");
    expect(a.created).toBe(true);
    expect(b.created).toBe(false);
    expect(b.templateId).toBe(a.templateId);
    expect(b.template).toBe("Received block <*> of size <*> from /<*>");
  });

  it("keeps different events apart", () => {
    const miner = new TemplateMiner();
    const lines = [
      "Connection closed by 10.0.0.1 port 22",
      "Accepted publickey for deploy from 10.0.0.2 port 51234 ssh2",
      "Connection closed by 10.0.0.9 port 22",
      "Invalid user admin from 10.0.0.3",
    ];
    for (const line of lines) miner.add(line);
    const [closed1, accepted, closed2, invalid] = idsOf(miner, lines);
    expect(closed1).toBe(closed2);
    expect(new Set([closed1, accepted, invalid]).size).toBe(3);
    expect(miner.templates().map((t) => t.count)).toEqual([2, 1, 1]);
  });

  it("keeps short messages apart when their one distinguishing word differs", () => {
    // Six commands of one shape: more than maxAlternatives words at the first position, and only
    // `(task` in common. A differing plain word weighs twice, so they do not merge into `<*> (task <*>)`.
    const miner = new TemplateMiner();
    const verbs = ["start", "stop", "drain", "reboot", "suspend", "resume"];
    const lines = [...verbs, ...verbs].map((verb, i) => `${verb}  (task ${4700 + i})`);
    for (const line of lines) miner.add(line);
    const ids = idsOf(miner, lines);
    expect(new Set(ids).size).toBe(verbs.length);
    expect(ids.slice(0, verbs.length)).toEqual(ids.slice(verbs.length));
    expect(miner.match("drain  (task 1)")?.template).toBe("drain (task <*>)");
  });

  it("merges a word that varies a lot into <*>", () => {
    const miner = new TemplateMiner();
    const users = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"];
    for (const user of users) miner.add(`session opened for user ${user} by cron`);
    const ids = new Set(
      idsOf(
        miner,
        users.map((u) => `session opened for user ${u} by cron`),
      ),
    );
    expect(ids.size).toBe(1);
    expect(miner.match("session opened for user zoe by cron")?.template).toBe(
      "session opened for user <*> by cron",
    );
  });

  it("keeps a few alternative words as separate templates of one family", () => {
    const miner = new TemplateMiner();
    const lines = ["Started", "Stopped", "Paused", "Started", "Stopped"].map(
      (state) => `[instance: 6f2c9e1a-0b7d-4d3e-9a51-2f0c3b4d5e6f] VM ${state} (Lifecycle Event)`,
    );
    // Each first sighting of a word is a new pattern; repeats are not.
    expect(lines.map((line) => miner.add(line).created)).toEqual([true, true, true, false, false]);
    const ids = idsOf(miner, lines);
    expect(ids[0]).toBe(ids[3]);
    expect(ids[1]).toBe(ids[4]);
    expect(new Set(ids).size).toBe(3);
    expect(miner.match(lines[2] as string)?.template).toBe(
      "[instance: <*>] VM Paused (Lifecycle Event)",
    );
    const family = (ids[0] as string).split(".")[0];
    expect(ids.every((id) => id.startsWith(`${family}.`))).toBe(true);
    expect(miner.templates().map((t) => t.count)).toEqual([2, 2, 1]);
  });

  it("merges templates whose values span a different number of words", () => {
    const miner = new TemplateMiner();
    miner.add("job 1 failed: codes 7 at step 3");
    miner.add("job 2 failed: codes 8 9 at step 4");
    miner.add("job 3 failed: codes 5 6 7 at step 5");
    const short = miner.match("job 5 failed: codes 2 at step 7");
    const long = miner.match("job 6 failed: codes 3 4 at step 8");
    expect(short?.template).toBe("job <*> failed: codes <*> at step <*>");
    expect(short?.templateId).toBe(long?.templateId);
  });

  it("gives the same ids for the same stream on every run", () => {
    const lines = [
      "Worker 3 started in 120ms",
      "Cache miss for key user:42",
      "Worker 9 started in 80ms",
      "Cache miss for key user:7",
    ];
    const first = new TemplateMiner();
    const second = new TemplateMiner();
    expect(lines.map((l) => first.add(l).templateId)).toEqual(
      lines.map((l) => second.add(l).templateId),
    );
    // A template keeps its id while it generalises.
    const id = first.match("Worker 1 started in 5ms")?.templateId;
    first.add("Worker 2 started in 6ms");
    expect(first.match("Worker 4 started in 7ms")?.templateId).toBe(id);
  });

  it("restores from a snapshot to the same state and goes on mining", () => {
    const miner = new TemplateMiner();
    const lines = [
      "GET /api/items/1 200 12ms",
      "GET /api/items/2 404 3ms",
      "disk sda1 usage 91%",
      "VM Started now",
      "VM Stopped now",
      "disk sdb2 usage 45%",
    ];
    for (const line of lines) miner.add(line);
    const snapshot = JSON.parse(JSON.stringify(miner.snapshot()));
    const restored = TemplateMiner.restore(snapshot);
    expect(restored.templates()).toEqual(miner.templates());
    expect(idsOf(restored, lines)).toEqual(idsOf(miner, lines));
    const next = "disk sdc3 usage 12%";
    expect(restored.add(next)).toEqual(miner.add(next));
    expect(restored.templates()).toEqual(miner.templates());
  });

  it("refuses a snapshot of an unknown version", () => {
    expect(() => TemplateMiner.restore({ version: 2 } as never)).toThrow(/version 2/);
  });

  it("resolves the id of a merged template to the surviving one", () => {
    const miner = new TemplateMiner();
    const short = miner.add("moved a b c from 1 to 2").templateId;
    const long = miner.add("moved d e from 3 4 to 5").templateId;
    miner.add("moved f g from 6 7 8 to 9");
    miner.add("moved h i from 1 to 2");
    const survivors = new Set([miner.resolve(short), miner.resolve(long)]);
    expect(survivors.size).toBeGreaterThanOrEqual(1);
    const live = new Set(miner.templates().map((t) => t.templateId));
    for (const id of survivors) expect(live.has(id as string)).toBe(true);
    expect(miner.resolve("00000000")).toBeUndefined();
  });

  it("reads a word that varies after the same token in two templates as an entity's name", () => {
    const miner = new TemplateMiner();
    const lines: string[] = [];
    for (const user of ["cyrus", "news", "test"]) {
      lines.push(`session opened for user ${user} by (uid=0)`, `session closed for user ${user}`);
    }
    for (const line of lines) miner.add(line);
    const ids = idsOf(miner, lines);
    expect(new Set(ids.filter((_, i) => i % 2 === 0)).size).toBe(1);
    expect(new Set(ids.filter((_, i) => i % 2 === 1)).size).toBe(1);
    expect(miner.match(lines[1] as string)?.template).toBe("session closed for user <*>");
  });

  it("reads identifiers with digits (node12, node7) as values, not alternatives", () => {
    const miner = new TemplateMiner();
    const lines = ["mount failed on node12 retrying", "mount failed on node7 retrying"];
    for (const line of lines) miner.add(line);
    expect(new Set(idsOf(miner, lines)).size).toBe(1);
    expect(miner.match("mount failed on node3 retrying")?.template).toBe(
      "mount failed on <*> retrying",
    );
  });

  it("merges templates where a value carries an optional annotation (units in brackets)", () => {
    const miner = new TemplateMiner();
    const lines = [
      "example.org:443 close, 0 bytes sent, 0 bytes received, lifetime 00:01",
      "example.org:443 close, 1190 bytes (1.16 KB) sent, 1671 bytes (1.63 KB) received, lifetime 00:02",
      "example.net:80 close, 451 bytes sent, 18846 bytes (18.4 KB) received, lifetime <1 sec",
      "example.net:80 close, 2933 bytes (2.86 KB) sent, 11721005 bytes (11.1 MB) received, lifetime 02:48",
      "example.net:80 open through proxy proxy.example.org:5070 HTTPS",
    ];
    for (const line of lines) miner.add(line);
    const ids = idsOf(miner, lines);
    expect(new Set(ids.slice(0, 4)).size).toBe(1);
    expect(ids[4]).not.toBe(ids[0]);
  });
});
