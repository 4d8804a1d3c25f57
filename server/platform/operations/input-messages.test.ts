import { describe, expect, it } from "vitest";
import { z } from "zod";
import { inputIssueMessage } from "./input-messages.ts";

const messageOf = (schema: z.ZodType, value: unknown) =>
  schema.safeParse(value, { error: inputIssueMessage }).error?.issues[0]?.message;

describe("inputIssueMessage", () => {
  it("words zod's developer messages for people", () => {
    expect(messageOf(z.string().trim().min(1), "  ")).toBe("must not be empty");
    expect(messageOf(z.string().min(12), "short")).toBe("must be at least 12 characters");
    expect(messageOf(z.string().max(3), "long")).toBe("must be at most 3 characters");
    expect(messageOf(z.object({ a: z.string() }), {})).toBe("must be filled in");
    expect(messageOf(z.number(), "1")).toBe("must be a number");
    expect(messageOf(z.number().positive(), 0)).toBe("must be more than 0");
    expect(messageOf(z.array(z.string()).max(2), ["a", "b", "c"])).toBe("can have at most 2 items");
    expect(messageOf(z.enum(["monthly", "annual"]), "weekly")).toBe(
      'must be one of "monthly", "annual"',
    );
    expect(messageOf(z.email(), "nope")).toBe("must be an email address");
  });

  it("keeps a schema's own message", () => {
    expect(messageOf(z.string().min(1, "give it a name"), "")).toBe("give it a name");
  });
});
