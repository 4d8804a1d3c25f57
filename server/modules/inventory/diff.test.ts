import { describe, expect, it } from "vitest";
import { type Comparable, diffResource, stableJson } from "./diff.ts";

const base: Comparable = {
  name: "web",
  state: "running",
  type: "compute.vm",
  nativeType: "AWS::EC2::Instance",
  region: "eu-west-1",
  costResourceId: "i-1",
  tags: { env: "prod", team: "a" },
  attributes: { size: "t3.large", ips: ["10.0.0.1"], nested: { a: 1, b: 2 } },
  relations: "member-of>vpc-1",
};

describe("diffResource", () => {
  it("is null when only key order differs (as jsonb returns it)", () => {
    const reordered = {
      ...base,
      attributes: { nested: { b: 2, a: 1 }, ips: ["10.0.0.1"], size: "t3.large" },
    };
    expect(diffResource(base, reordered)).toBeNull();
    expect(stableJson({ b: 1, a: undefined, c: [1, { y: 2, x: 1 }] })).toBe(
      '{"b":1,"c":[1,{"x":1,"y":2}]}',
    );
  });

  it("lists changed fields, attributes and tags with before and after", () => {
    const after = {
      ...base,
      state: "stopped",
      tags: { env: "staging", owner: "maya" },
      attributes: { ...base.attributes, size: "t3.xlarge" },
    };
    expect(diffResource(base, after)).toEqual({
      fields: { state: { before: "running", after: "stopped" } },
      attributes: { size: { before: "t3.large", after: "t3.xlarge" } },
      tags: {
        env: { before: "prod", after: "staging" },
        team: { before: "a", after: null },
        owner: { before: null, after: "maya" },
      },
    });
  });
});
