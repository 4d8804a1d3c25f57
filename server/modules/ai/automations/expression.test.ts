import { describe, expect, it } from "vitest";
import { AppError } from "../../../platform/errors.ts";
import { evaluateExpression, renderTemplate } from "./expression.ts";

const scope = {
  trigger: { kind: "webhook", body: { severity: "high", tags: ["prod", "eu"], amount: "120.50" } },
  steps: {
    find: { status: "succeeded", output: { total: "99.99", items: [{ id: "a" }, { id: "b" }] } },
    empty: { status: "succeeded", output: [] },
  },
};
const run = (source: string) => evaluateExpression(source, scope);

function refusal(source: string): AppError {
  try {
    run(source);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error(`"${source}" was accepted`);
}

describe("conditions", () => {
  it("compares money as decimals, not floats or text", () => {
    expect(run("steps.find.output.total < 100")).toBe(true);
    expect(run("steps.find.output.total > 99.98")).toBe(true);
    // As text "120.50" < "99.99"; as decimals it is not.
    expect(run("trigger.body.amount > steps.find.output.total")).toBe(true);
    expect(run("trigger.body.amount == 120.5")).toBe(true);
  });

  it("combines with and, or, not and parentheses", () => {
    expect(run("trigger.body.severity == 'high' && len(steps.find.output.items) == 2")).toBe(true);
    expect(run("not (trigger.kind == 'webhook') or steps.find.status != 'succeeded'")).toBe(false);
    expect(run("!steps.empty.output")).toBe(true);
    expect(run("contains(trigger.body.tags, 'eu') and contains(lower('ABC'), 'b')")).toBe(true);
  });

  it("reads list items by index and missing paths as null", () => {
    expect(run("steps.find.output.items.1.id")).toBe("b");
    expect(run("steps.find.output.items[0]['id']")).toBe("a");
    expect(run("steps.nothing.output.x == null")).toBe(true);
    expect(run("steps.find.output.items.5.id")).toBeUndefined();
  });

  it("never reaches inherited properties", () => {
    expect(run("trigger.constructor")).toBeUndefined();
    expect(run("trigger.__proto__")).toBeUndefined();
    expect(run("steps.find.output.items.length")).toBeUndefined();
  });

  it("refuses what it cannot parse, naming the problem", () => {
    expect(refusal("steps.find.output.total >").message).toMatch(/ends too early/);
    expect(refusal("process.exit(1)").message).toMatch(/no function named exit|unexpected/);
    expect(refusal("a; b").message).toMatch(/unexpected ";"/);
    expect(refusal("'open").message).toMatch(/not closed/);
    expect(refusal("x".repeat(501)).details.field).toBe("expression");
  });
});

describe("templates", () => {
  it("keeps the type of a lone placeholder and writes out embedded ones", () => {
    expect(
      renderTemplate(
        {
          id: "{{ steps.find.output.items.0.id }}",
          items: "{{steps.find.output.items}}",
          note: "Total {{steps.find.output.total}} for {{trigger.body.tags}}{{ missing }}",
          fixed: 3,
        },
        scope,
      ),
    ).toEqual({
      id: "a",
      items: [{ id: "a" }, { id: "b" }],
      note: 'Total 99.99 for ["prod","eu"]',
      fixed: 3,
    });
  });

  it("treats text from a webhook as data: placeholders inside values are not expanded", () => {
    const hostile = { trigger: { body: { name: "{{steps.find.output.total}}" } } };
    expect(renderTemplate("Hello {{trigger.body.name}}", hostile)).toBe(
      "Hello {{steps.find.output.total}}",
    );
  });
});
