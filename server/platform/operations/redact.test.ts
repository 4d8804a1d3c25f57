import { describe, expect, it } from "vitest";
import { summarizeInput } from "./redact.ts";

const apiToken = "gp_Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA";
const sessionToken = "gps_c2Vzc2lvbi10b2tlbi12YWx1ZS0xMjM0";

describe("summarizeInput", () => {
  it("replaces the values of secret-named fields at any depth", () => {
    const summary = summarizeInput({
      email: "owner@example.com",
      password: "hunter2 but longer",
      newPassword: "n",
      currentPassword: "c",
      account: { email: "new@example.com", password: "p" },
      value: "the secret value",
      apiKey: "k",
      api_key: "k",
      clientSecret: "s",
      privateKey: "-----BEGIN",
      credentials: { accessKeyId: "AKIA", secretAccessKey: "x" },
      Authorization: "Bearer x",
      cookie: "gp_session=x",
      token: "t",
    });
    expect(summary).toEqual({
      email: "owner@example.com",
      password: "[redacted]",
      newPassword: "[redacted]",
      currentPassword: "[redacted]",
      account: { email: "new@example.com", password: "[redacted]" },
      value: "[redacted]",
      apiKey: "[redacted]",
      api_key: "[redacted]",
      clientSecret: "[redacted]",
      privateKey: "[redacted]",
      credentials: "[redacted]",
      Authorization: "[redacted]",
      cookie: "[redacted]",
      token: "[redacted]",
    });
  });

  it("keeps ordinary fields, including ones merely ending in 'value'", () => {
    expect(summarizeInput({ name: "stripe", description: "live key", role: "member" })).toEqual({
      name: "stripe",
      description: "live key",
      role: "member",
    });
    expect(summarizeInput({ defaultValue: 3 })).toEqual({ defaultValue: 3 });
  });

  it("keeps only the origin of webhook URLs, whose paths often hold their credential", () => {
    expect(
      summarizeInput({
        webhookUrl: "https://hooks.slack.com/services/T000/B000/XXXXXXXX",
        reminderWebhookUrl: "not a url",
        homepage: "https://example.com/about",
      }),
    ).toEqual({
      webhookUrl: "https://hooks.slack.com/[redacted]",
      reminderWebhookUrl: "[redacted]",
      homepage: "https://example.com/about",
    });
  });

  it("masks token-shaped strings wherever they appear", () => {
    const summary = summarizeInput({
      note: `rotated ${apiToken} yesterday`,
      list: [sessionToken],
    }) as { note: string; list: string[] };
    expect(summary.note).toBe("rotated [redacted] yesterday");
    expect(summary.list).toEqual(["[redacted]"]);
    expect(JSON.stringify(summary)).not.toContain("Zm9vYmFy");
  });

  it("cuts long strings and long lists", () => {
    const summary = summarizeInput({
      text: "x".repeat(1000),
      items: Array.from({ length: 25 }, (_, i) => i),
    }) as { text: string; items: unknown[] };
    expect(summary.text).toBe(`${"x".repeat(200)}…`);
    expect(summary.items).toHaveLength(21);
    expect(summary.items.at(-1)).toBe("… 5 more");
  });

  it("stops at deep nesting instead of copying it all", () => {
    const deep = { a: { b: { c: { d: { e: { f: { g: "deep" } } } } } } };
    expect(JSON.stringify(summarizeInput(deep))).toContain("[…]");
  });

  it("drops NUL characters, which the audit log's jsonb column cannot store", () => {
    const summary = summarizeInput({ "na\u0000me": "a\u0000b", list: ["\u0000"] });
    expect(summary).toEqual({ name: "ab", list: [""] });
  });

  it("passes numbers, booleans and null through", () => {
    expect(summarizeInput({ n: 1, b: false, z: null })).toEqual({ n: 1, b: false, z: null });
    expect(summarizeInput(undefined)).toBeUndefined();
  });
});
