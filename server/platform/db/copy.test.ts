import { describe, expect, it } from "vitest";
import { csvField } from "./copy.ts";

describe("csvField", () => {
  it("writes null as an empty field and the empty string quoted, so COPY tells them apart", () => {
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
    expect(csvField("")).toBe('""');
  });

  it("leaves plain text, inner spaces and non-ASCII text unquoted", () => {
    for (const value of ["abc", "12.5", "a b", "é", "日本", "arn:aws:ec2:eu-west-1:1:i-0a"])
      expect(csvField(value)).toBe(value);
  });

  it("quotes quotes (doubled), commas and line breaks", () => {
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField("a\nb")).toBe('"a\nb"');
    expect(csvField("a\rb")).toBe('"a\rb"');
  });

  it("quotes white space at either end, ASCII or not, so it survives the round trip", () => {
    for (const value of [" a", "a ", "\ta", "a\t", "\u00a0a", "a\u3000", "\ufeffa", " "])
      expect(csvField(value)).toBe(`"${value}"`);
  });
});
