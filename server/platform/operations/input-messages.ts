import type { z } from "zod";

/*
 * Zod's own messages are written for developers ("Too small: expected string to have >=1
 * characters"); forms show the server's message under the field, so inputs are parsed with
 * these instead. A message a schema gives itself ("must be an amount such as 1500") wins over
 * these, and an issue not listed here keeps zod's.
 */

const FORMATS: Record<string, string> = {
  email: "must be an email address",
  url: "must be a URL such as https://example.com",
  uuid: "must be an id",
  date: "must be a date such as 2026-01-31",
  datetime: "must be a date and time such as 2026-01-31T09:00:00Z",
  time: "must be a time such as 09:00",
  regex: "is not in the expected format",
};

const plural = (n: number | bigint, one: string) => `${n} ${one}${Number(n) === 1 ? "" : "s"}`;

/** A message people can act on for a zod issue, or undefined to keep zod's own. */
export const inputIssueMessage: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined ? "must be filled in" : `must be ${article(issue.expected)}`;
    case "too_small": {
      const n = issue.minimum;
      if (issue.origin === "string")
        return Number(n) <= 1 ? "must not be empty" : `must be at least ${plural(n, "character")}`;
      if (issue.origin === "array" || issue.origin === "set")
        return `needs at least ${plural(n, "item")}`;
      if (issue.origin === "number" || issue.origin === "bigint")
        return issue.inclusive ? `must be at least ${n}` : `must be more than ${n}`;
      return undefined;
    }
    case "too_big": {
      const n = issue.maximum;
      if (issue.origin === "string") return `must be at most ${plural(n, "character")}`;
      if (issue.origin === "array" || issue.origin === "set")
        return `can have at most ${plural(n, "item")}`;
      if (issue.origin === "number" || issue.origin === "bigint")
        return issue.inclusive ? `must be at most ${n}` : `must be less than ${n}`;
      return undefined;
    }
    case "invalid_value":
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}`
        : `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "invalid_format":
      return FORMATS[issue.format];
    default:
      return undefined;
  }
};

function article(expected: string): string {
  if (expected === "array") return "a list";
  if (expected === "object") return "an object";
  if (expected === "int") return "a whole number";
  return `a ${expected}`;
}
