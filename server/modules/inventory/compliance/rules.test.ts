import { describe, expect, it } from "vitest";
import { evaluateResource, type RuleResource } from "./rules.ts";

const base: RuleResource = { id: "r", type: "x", state: null, tags: {}, attributes: {} };
const rules = (r: Partial<RuleResource>, policy = null as Parameters<typeof evaluateResource>[1]) =>
  evaluateResource({ ...base, ...r }, policy).map((f) => f.rule);

describe("compliance rules", () => {
  it("flags SSH and RDP open to anywhere, including through wide ranges and all-protocol rules", () => {
    const sg = (ingress: unknown[]) =>
      rules({ type: "network.security-group", attributes: { ingress } });
    expect(sg([{ protocol: "tcp", fromPort: 22, toPort: 22, cidrs: ["0.0.0.0/0"] }])).toEqual([
      "open-admin-port",
    ]);
    expect(sg([{ protocol: "-1", fromPort: null, toPort: null, cidrs: ["::/0"] }])).toEqual([
      "open-admin-port",
    ]);
    expect(sg([{ protocol: "tcp", fromPort: 3000, toPort: 4000, cidrs: ["0.0.0.0/0"] }])).toEqual([
      "open-admin-port",
    ]);
    expect(sg([{ protocol: "tcp", fromPort: 443, toPort: 443, cidrs: ["0.0.0.0/0"] }])).toEqual([]);
    expect(sg([{ protocol: "tcp", fromPort: 22, toPort: 22, cidrs: ["10.0.0.0/8"] }])).toEqual([]);
    expect(sg([{ protocol: "udp", fromPort: 22, toPort: 22, cidrs: ["0.0.0.0/0"] }])).toEqual([]);
  });

  it("flags public buckets, unencrypted and unattached volumes, unencrypted databases", () => {
    expect(rules({ type: "storage.bucket", attributes: { isPublic: true } })).toEqual([
      "public-bucket",
    ]);
    expect(rules({ type: "storage.bucket", attributes: {} })).toEqual([]);
    expect(
      rules({ type: "storage.volume", attributes: { encrypted: false, attachedInstanceIds: [] } }),
    ).toEqual(["unencrypted-volume", "unattached-volume"]);
    expect(
      rules({
        type: "storage.volume",
        attributes: { encrypted: true, attachedInstanceIds: ["i-1"] },
      }),
    ).toEqual([]);
    expect(rules({ type: "db.instance", attributes: { storageEncrypted: false } })).toEqual([
      "unencrypted-database",
    ]);
  });

  it("flags stopped instances with disks and idle addresses, not running ones", () => {
    expect(
      rules({ type: "compute.vm", state: "stopped", attributes: { volumeIds: ["v"] } }),
    ).toEqual(["stopped-with-disks"]);
    expect(
      rules({ type: "compute.vm", state: "running", attributes: { volumeIds: ["v"] } }),
    ).toEqual([]);
    expect(rules({ type: "network.ip", state: "unassociated" })).toEqual(["unattached-ip"]);
  });

  it("applies the tag policy to the types it names", () => {
    const policy = { requiredTags: ["client", "env"], types: ["compute.vm"] };
    const vm = evaluateResource({ ...base, type: "compute.vm", tags: { client: "acme" } }, policy);
    expect(vm).toEqual([{ rule: "missing-tags", severity: "low", message: "Missing tags: env" }]);
    expect(rules({ type: "storage.bucket", tags: {} }, policy)).toEqual([]);
  });
});
