import type { Db } from "../../server/platform/db/database.ts";

/** The importer's database steps, told apart by their SQL. */
export const STEPS = [
  ["import record", /^\s*(insert into "cost_imports"|UPDATE cost_imports SET rows)/i],
  ["COPY into cost_line_items", /^\s*COPY cost_line_items/i],
  [
    "replace earlier periods",
    /^\s*(SELECT DISTINCT i\.id FROM cost_imports|WITH gone AS|DELETE FROM cost_(daily|monthly)|UPDATE cost_imports SET status)/i,
  ],
  ["roll-up cost_daily", /^\s*INSERT INTO cost_daily \(/i],
  ["roll-up cost_daily_resource", /^\s*INSERT INTO cost_daily_resource/i],
  ["roll-up cost_daily_tag", /^\s*INSERT INTO cost_daily_tag/i],
  ["roll-up cost_monthly_resource", /^\s*INSERT INTO cost_monthly_resource/i],
  ["ANALYZE cost_line_items", /^\s*ANALYZE cost_line_items/i],
  ["SET work_mem", /^\s*SET LOCAL work_mem/i],
  ["period summaries", /FROM cost_daily WHERE import_id/i],
] as const;
export type Step = (typeof STEPS)[number][0] | "other";

export interface StepTime {
  statements: number;
  ms: number;
}

type Query = (...args: unknown[]) => unknown;
interface Emitter {
  once(event: string, listener: () => void): unknown;
}

function stepOf(query: unknown): Step {
  const text =
    typeof query === "string" ? query : String((query as { text?: unknown })?.text ?? "");
  return STEPS.find(([, pattern]) => pattern.test(text))?.[0] ?? "other";
}

/**
 * Times every statement a transaction sends, by importer step, without touching server code:
 * it wraps `query` of the transaction's own connection (PGlite's transaction object, or the
 * pooled `pg` client), which both drizzle and `copyCsv` go through. A `pg` COPY returns a
 * stream; its time runs until the stream finishes (the server has acknowledged the data).
 * The steps run one after another (the importer awaits each), so the times add up.
 */
export function timeStatements(tx: Db): { times: Map<Step, StepTime>; restore(): void } {
  const times = new Map<Step, StepTime>();
  const add = (step: Step, started: number) => {
    const time = times.get(step) ?? { statements: 0, ms: 0 };
    time.statements++;
    time.ms += performance.now() - started;
    times.set(step, time);
  };
  const client = (tx as unknown as { session: { client: { query: Query } } }).session.client;
  // A pooled client outlives the transaction: the wrapper must come off with it.
  const query = client.query;
  const restore = () => {
    client.query = query;
  };
  client.query = function timed(this: unknown, ...args: unknown[]) {
    const step = stepOf(args[0]);
    const started = performance.now();
    const result = query.apply(this, args);
    if (result instanceof Promise) return result.finally(() => add(step, started));
    const stream = result as Emitter | undefined;
    if (stream && typeof stream.once === "function") {
      let done = false;
      const finish = () => {
        if (!done) add(step, started);
        done = true;
      };
      stream.once("finish", finish);
      stream.once("error", finish);
    }
    return result;
  };
  return { times, restore };
}
