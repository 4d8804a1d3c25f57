// Explorer queries before/after on ONE database, interleaved run by run, so machine load hits
// both alike: the "before" code is the explorer query module of an earlier checkout.
//   node --import tsx bench/costs/query-ab.ts --before /path/to/old/checkout [--file cur.csv] [--runs 20]
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { importCostFile } from "../../server/modules/costs/import/importer.ts";
import { openDatabase } from "../../server/platform/db/database.ts";
import { workspaces } from "../../server/platform/workspaces/workspaces.schema.ts";
import { BILLING_PERIOD, defaultCurPath } from "./generate-cur.ts";

const { values: args } = parseArgs({
  options: {
    before: { type: "string" },
    file: { type: "string" },
    runs: { type: "string" },
    "database-url": { type: "string" },
  },
});
if (!args.before) throw new Error("--before <checkout> is required");
type QueryModule = typeof import("../../server/modules/costs/explorer/query.ts") &
  typeof import("../../server/modules/costs/explorer/top-resources.ts");
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** A checkout's explorer queries (before 2026-11-27 21:00 topResources lived in query.ts). */
async function queriesOf(root: string): Promise<QueryModule> {
  const explorer = path.resolve(root, "server/modules/costs/explorer");
  const query = await import(path.join(explorer, "query.ts"));
  const split = path.join(explorer, "top-resources.ts");
  const { topResources } = existsSync(split) ? await import(split) : query;
  return { ...query, topResources };
}
const after = await queriesOf(ROOT);
const before = await queriesOf(args.before);
const file = args.file ?? defaultCurPath(100_000);
const runs = Number(args.runs ?? 20);
const dataDir = mkdtempSync(path.join(tmpdir(), "gp-query-ab-"));
const database = await openDatabase(
  args["database-url"] ? { databaseUrl: args["database-url"], dataDir } : { dataDir },
);
try {
  await database.migrate();
  const [ws] = await database.db.insert(workspaces).values({ name: "ab" }).returning();
  const workspaceId = ws!.id;
  const started = performance.now();
  const imported = await database.db.transaction((tx) =>
    importCostFile(tx, { workspaceId, importedBy: null, filePath: file, fileName: "cur.csv" }),
  );
  console.log(
    `imported ${imported.rows} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const base = {
    workspaceId,
    from: BILLING_PERIOD.start,
    to: BILLING_PERIOD.end,
    metric: "BilledCost" as const,
  };
  const queries: [string, (m: QueryModule) => Promise<unknown>][] = [
    [
      "summarise by ServiceName, month",
      (m) => m.summarise(database.db, { ...base, groupBy: "ServiceName" }),
    ],
    [
      "summarise by ServiceName, month, tag client=acme",
      (m) =>
        m.summarise(database.db, {
          ...base,
          groupBy: "ServiceName",
          filters: { tags: { client: ["acme"] } },
        }),
    ],
    [
      "summarise by tag:client, month",
      (m) => m.summarise(database.db, { ...base, groupBy: "tag:client" }),
    ],
    [
      "top 10 ResourceId (summarise), month",
      (m) => m.summarise(database.db, { ...base, groupBy: "ResourceId", limit: 10 }),
    ],
    ["topResources 10, month", (m) => m.topResources(database.db, { ...base, limit: 10 })],
    [
      "timeSeries by ServiceName, month, daily",
      (m) =>
        m.timeSeries(database.db, { ...base, groupBy: "ServiceName", granularity: "day", top: 10 }),
    ],
  ];
  const p50 = (xs: number[]) =>
    [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? Number.NaN;
  console.log(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(", ")}; ${runs} runs each, interleaved`,
  );
  console.log("| Query | before p50 ms | after p50 ms | same answer |");
  console.log("| --- | ---: | ---: | --- |");
  for (const [name, run] of queries) {
    const times = { before: [] as number[], after: [] as number[] };
    const answers = {
      before: JSON.stringify(await run(before)),
      after: JSON.stringify(await run(after)),
    };
    for (let i = 0; i < runs; i++)
      for (const [label, m] of [
        ["before", before],
        ["after", after],
      ] as const) {
        const t = performance.now();
        await run(m);
        times[label].push(performance.now() - t);
      }
    console.log(
      `| ${name} | ${p50(times.before).toFixed(1)} | ${p50(times.after).toFixed(1)} | ${answers.before === answers.after ? "yes" : "NO"} |`,
    );
  }
  console.log(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(", ")}`,
  );
} finally {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
}
