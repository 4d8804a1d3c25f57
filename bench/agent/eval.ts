// `npm run eval:agent -- --base-url http://localhost:8080/v1 --model qwen3-8b [--provider …]
//   [--api-key …] [--only id,id] [--write] [--dry-run]`
// Runs the evaluation set (questions.ts) against a real model over a fresh demo workspace: each
// question in its own thread, as the workspace's owner. Scores tool choice (one of the expected
// tools called) and the answer (it contains the value computed from the database now). Questions
// that ask for a change must stop at the approval with the expected operation; they are denied.
// --dry-run computes and prints the expected answers without a model (checks the harness).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { ThreadView } from "../../server/modules/ai/agent/agent.testkit.ts";
import { loadConfig } from "../../server/platform/config.ts";
import { createLogger } from "../../server/platform/logger.ts";
import type { Actor } from "../../server/platform/operations/define.ts";
import type { Caller } from "../../server/platform/operations/execute.ts";
import { createRuntime } from "../../server/runtime.ts";
import { MARKER, machine, prependSection } from "../report.ts";
import { QUESTIONS } from "./questions.ts";

const { values: args } = parseArgs({
  options: {
    "base-url": { type: "string" },
    model: { type: "string" },
    provider: { type: "string", default: "openai-compatible" },
    "api-key": { type: "string" },
    only: { type: "string" },
    write: { type: "boolean" },
    "dry-run": { type: "boolean" },
    "timeout-s": { type: "string", default: "300" },
  },
});
const dryRun = Boolean(args["dry-run"]);
if (!dryRun && !args.model) {
  console.error(
    "usage: npm run eval:agent -- --base-url <url> --model <name> [--provider openai|anthropic|ollama|openai-compatible] [--api-key …] [--only id,…] [--write] | --dry-run",
  );
  process.exit(2);
}

/** Numbers in a text, with thousands separators and currency signs removed. */
function numbersIn(text: string): number[] {
  return [...text.replaceAll(/(\d),(\d{3})/g, "$1$2").matchAll(/-?\d+(?:\.\d+)?/g)].map((m) =>
    Number(m[0]),
  );
}

export function answerMatches(text: string, anyOf: (string | number)[]): boolean {
  const lower = text.toLowerCase();
  const numbers = numbersIn(text);
  return anyOf.some((want) => {
    if (typeof want === "number")
      return numbers.some((n) =>
        Number.isInteger(want)
          ? n === want
          : Math.abs(n - want) <= Math.max(0.01, Math.abs(want) * 0.005),
      );
    return (
      lower.includes(want.toLowerCase()) ||
      numbersIn(want).some((n) => numbers.includes(n) && /^\d/.test(want))
    );
  });
}

const dataDir = mkdtempSync(path.join(tmpdir(), "gp-eval-"));
const config = loadConfig({
  GLASSPANE_DATA_DIR: dataDir,
  GLASSPANE_SECRET_KEY:
    process.env.GLASSPANE_SECRET_KEY ?? "eval-secret-key-that-is-long-enough-0123456789",
});
const rt = await createRuntime(config, createLogger("warn"), { inMemory: true });
const timeoutMs = Number(args["timeout-s"]) * 1000;
try {
  const db = rt.database.db;
  const user = await rt.services.auth.createUser(db, {
    email: "eval@example.com",
    name: "Eval Owner",
    password: "violet harbour ledger 8812",
  });
  const workspace = await rt.services.demo.createDemoWorkspace(db, user.id);
  const session = await rt.services.auth.startSession(db, user.id, {});
  const actor = (await rt.services.auth.authenticateSession(session.token))!.actor as Actor;
  const caller: Caller = { actor, workspaceId: workspace.id };
  const op = (name: string, input: Record<string, unknown> = {}) =>
    rt.call(name as never, input, caller);
  if (!dryRun)
    await op("ai.settings.set", {
      provider: args.provider,
      model: args.model,
      ...(args["base-url"] ? { baseUrl: args["base-url"] } : {}),
      ...((args["api-key"] ?? process.env.GLASSPANE_EVAL_API_KEY)
        ? { apiKey: args["api-key"] ?? process.env.GLASSPANE_EVAL_API_KEY }
        : {}),
    });

  const only = args.only?.split(",");
  const rows: {
    id: string;
    tools: boolean;
    answer: boolean;
    called: string;
    seconds: number;
    note: string;
  }[] = [];
  for (const q of QUESTIONS.filter((item) => !only || only.includes(item.id))) {
    const expected = await q.expect(op);
    if (dryRun) {
      console.log(
        `${q.id.padEnd(30)} tools ${q.expectedTools.join("|").padEnd(40)} answer ∋ ${JSON.stringify(expected.anyOf).slice(0, 80)}`,
      );
      continue;
    }
    const started = Date.now();
    const { threadId } = (await op("agent.threads.send", { message: q.question })) as {
      threadId: string;
    };
    await Promise.race([
      rt.services.agent.settle(threadId),
      new Promise((resolve) => setTimeout(resolve, timeoutMs)),
    ]);
    const thread = (await op("agent.threads.get", { threadId })) as ThreadView;
    const called = thread.messages.flatMap((m) => m.toolCalls.map((c) => c.tool));
    let text = thread.messages
      .filter((m) => m.role === "assistant")
      .map((m) => m.text)
      .join("\n");
    let note = thread.status === "failed" ? `failed: ${thread.lastError?.slice(0, 80)}` : "";
    let answered: boolean;
    if (q.expectedApproval) {
      const pending = thread.pendingApproval;
      answered =
        pending?.operation === q.expectedApproval &&
        answerMatches(JSON.stringify(pending.input) + text, expected.anyOf);
      note ||= pending ? `proposed ${pending.operation}` : "no change proposed";
      if (pending) {
        await op("agent.threads.decide", { threadId, decision: "deny" });
        await Promise.race([
          rt.services.agent.settle(threadId),
          new Promise((resolve) => setTimeout(resolve, timeoutMs)),
        ]);
      }
    } else {
      if (thread.pendingApproval) {
        note ||= `unexpected change proposed: ${thread.pendingApproval.operation}`;
        await op("agent.threads.decide", { threadId, decision: "deny" });
        await rt.services.agent.settle(threadId);
        text += `\n${((await op("agent.threads.get", { threadId })) as ThreadView).messages.at(-1)?.text ?? ""}`;
      }
      answered = answerMatches(text, expected.anyOf);
    }
    const row = {
      id: q.id,
      tools: q.expectedTools.some((t) => called.includes(t)),
      answer: answered,
      called: called.join(" "),
      seconds: (Date.now() - started) / 1000,
      note,
    };
    rows.push(row);
    console.log(
      `${row.tools ? "✓" : "✗"} tools ${row.answer ? "✓" : "✗"} answer  ${q.id.padEnd(30)} ${row.seconds.toFixed(1)} s  [${row.called}] ${note}${row.answer ? "" : ` (wanted ${expected.describe}: ${JSON.stringify(expected.anyOf).slice(0, 60)})`}`,
    );
  }
  if (!dryRun) {
    const toolScore = rows.filter((r) => r.tools).length;
    const answerScore = rows.filter((r) => r.answer).length;
    const usage = (await op("ai.usage", {})) as {
      workspace: { inputTokens: number; outputTokens: number };
    };
    console.log(
      `\n${args.model}: tool choice ${toolScore}/${rows.length}, answers ${answerScore}/${rows.length}; ${usage.workspace.inputTokens} input and ${usage.workspace.outputTokens} output tokens`,
    );
    if (args.write) {
      const m = machine();
      const section = [
        MARKER,
        `## Agent evaluation — ${new Date().toISOString().slice(0, 10)} — ${args.provider} ${args.model}`,
        "",
        `Machine: ${m.CPU}, ${m.Cores} cores, ${m.Memory}, Node ${m.Node}, ${m.Revision}.`,
        "",
        `Tool choice ${toolScore}/${rows.length}, answers ${answerScore}/${rows.length}, tokens ${usage.workspace.inputTokens} in / ${usage.workspace.outputTokens} out.`,
        "",
        "| Question | Tools | Answer | Seconds | Called |",
        "| --- | --- | --- | --- | --- |",
        ...rows.map(
          (r) =>
            `| ${r.id} | ${r.tools ? "✓" : "✗"} | ${r.answer ? "✓" : "✗"} | ${r.seconds.toFixed(1)} | ${r.called} ${r.note} |`,
        ),
      ].join("\n");
      prependSection(fileURLToPath(new URL("../RESULTS.md", import.meta.url)), section);
    }
  }
} finally {
  await rt.close();
  rmSync(dataDir, { recursive: true, force: true });
}
