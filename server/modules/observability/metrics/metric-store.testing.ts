import type { sql } from "drizzle-orm";
import type { TestRuntime } from "../../../../test/support/runtime.ts";
import { rowsOf } from "../../../platform/db/copy.ts";
import type { MetricSample } from "./metric-store.ts";

/** Test support for the metric store's tests: a query's rows, and one sample. */
export async function rowsIn<T>(rt: TestRuntime, query: ReturnType<typeof sql>): Promise<T[]> {
  return rowsOf<T>(await rt.database.db.execute(query));
}

export const sample = (
  workspaceId: string,
  name: string,
  labels: Record<string, string>,
  time: number,
  value: number,
): MetricSample => ({ workspaceId, name, labels, time: new Date(time), value, resourceId: null });

/** 12 series, one sample every 7 s for 2.5 hours from `t0`, shuffled deterministically. */
export function samplesOver2Hours(workspaceId: string, t0: number): MetricSample[] {
  const all: MetricSample[] = [];
  for (let s = 0; s < 12; s++)
    for (let k = 0; k < 1300; k++)
      all.push(
        sample(
          workspaceId,
          `rollup_check_${s % 3}`,
          { host: `h${s}` },
          t0 + k * 7_000,
          ((k * 37 + s * 11) % 101) / 4 - 10,
        ),
      );
  return all.sort(
    (x, y) => ((x.value * 997 + x.time.getTime()) % 13) - ((y.value * 997 + y.time.getTime()) % 13),
  );
}

/** Batches of uneven size. */
export function unevenBatches(all: readonly MetricSample[]): MetricSample[][] {
  const batches: MetricSample[][] = [];
  for (let i = 0, size = 500; i < all.length; i += size, size = 300 + ((size * 7) % 900))
    batches.push(all.slice(i, i + size));
  return batches;
}
