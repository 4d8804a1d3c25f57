import { describe, expect, it } from "vitest";
import { azureSnapshotName } from "./azure/actions.ts";
import { gcpSnapshotName } from "./gcp/actions.ts";

describe("snapshot names fitted to each provider's rules", () => {
  it("keeps Azure's letters, digits, _ . and -, starting with a letter or digit, at most 80", () => {
    expect(azureSnapshotName("glasspane-Data Disk-2026-11-27")).toBe(
      "glasspane-Data-Disk-2026-11-27",
    );
    expect(azureSnapshotName("..before/cleanup.")).toBe("before-cleanup");
    expect(azureSnapshotName("x".repeat(100))).toHaveLength(80);
    expect(azureSnapshotName("###")).toBe("glasspane-snapshot");
  });

  it("makes Compute Engine names RFC 1035: lowercase, a letter first, no trailing -, at most 63", () => {
    expect(gcpSnapshotName("glasspane-Web_1-boot-2026-11-27")).toBe(
      "glasspane-web-1-boot-2026-11-27",
    );
    expect(gcpSnapshotName("2026 backup-")).toBe("backup");
    expect(gcpSnapshotName(`a${"b".repeat(70)}`)).toMatch(/^[a-z][-a-z0-9]{0,61}[a-z0-9]$/);
    expect(gcpSnapshotName("1234")).toBe("glasspane-snapshot");
  });
});
