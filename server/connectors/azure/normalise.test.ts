import { readFileSync } from "node:fs";
import path from "node:path";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import type { OutboundHttp } from "../../platform/http/outbound.ts";
import { resolveAzureCloud } from "./cloud.ts";
import { armId, powerStateOf, regionOf, resourceGroupIdOf, siteTypeOf } from "./normalise.ts";

describe("Azure normalisation", () => {
  it("uses the lower-case ARM id, so every casing Azure writes links to the FOCUS ResourceId", () => {
    // Cost Management's FOCUS export (focus-sample-data) writes ResourceId lower-cased.
    const focus = Papa.parse<Record<string, string>>(
      readFileSync(
        path.resolve(import.meta.dirname, "../../../test/fixtures/billing/focus-sample-1000.csv"),
        "utf8",
      ),
      { header: true, skipEmptyLines: true },
    );
    const exported = focus.data
      .map((row) => row.ResourceId ?? "")
      .filter((id) => id.startsWith("/subscriptions/"));
    expect(exported.length).toBeGreaterThan(0);
    expect(exported.every((id) => id === armId(id))).toBe(true);
    // EA cost details and the APIs write the same resource in other casings.
    expect(
      armId(
        "/subscriptions/1CAAA5A3-2B66-438E-8AB4-BCE37D518C5D/resourceGroups/AHBTest/providers/Microsoft.Sql/servers/ahbtest1",
      ),
    ).toBe(
      armId(
        "/subscriptions/1caaa5a3-2b66-438e-8ab4-bce37d518c5d/resourcegroups/ahbtest/providers/microsoft.sql/servers/ahbtest1",
      ),
    );
    expect(resourceGroupIdOf("/subscriptions/S/resourcegroups/MC_Rg/providers/x/y/z")).toBe(
      "/subscriptions/s/resourcegroups/mc_rg",
    );
  });

  it("reads power states, regions and App Service kinds", () => {
    expect(
      powerStateOf([{ code: "ProvisioningState/succeeded" }, { code: "PowerState/deallocated" }]),
    ).toBe("deallocated");
    expect(powerStateOf(undefined)).toBeNull();
    expect(regionOf("East US 2")).toBe("eastus2");
    expect(regionOf(undefined)).toBe("global");
    expect(siteTypeOf("functionapp,linux")).toBe("compute.function");
    expect(siteTypeOf("functionapp,workflowapp")).toBe("compute.function");
    expect(siteTypeOf("app,linux,container")).toBe("compute.app");
    expect(siteTypeOf(undefined)).toBe("compute.app");
  });
});

/** Answers one URL with one body, and records what was asked. */
function fixedHttp(body: unknown, status = 200): OutboundHttp & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async request(url) {
      asked.push(url);
      return { status, headers: {}, body: Buffer.from(JSON.stringify(body)), url };
    },
  };
}

describe("Azure cloud resolution", () => {
  const signal = AbortSignal.timeout(5_000);
  it("knows public Azure and the sovereign clouds without asking", async () => {
    const http = fixedHttp({});
    expect(await resolveAzureCloud(null, undefined, http, signal)).toEqual({
      resourceManager: "https://management.azure.com",
      authorityHost: "https://login.microsoftonline.com",
      scope: "https://management.azure.com/.default",
    });
    expect(
      await resolveAzureCloud("https://management.chinacloudapi.cn/", undefined, http, signal),
    ).toMatchObject({
      authorityHost: "https://login.chinacloudapi.cn",
      scope: "https://management.chinacloudapi.cn/.default",
    });
    expect(http.asked).toEqual([]);
  });

  it("reads the login endpoint and audience from ARM's metadata, in either shape", async () => {
    // Public ARM answers with a list of clouds (api-version 2022-09-01); Azure Stack with one.
    const list = fixedHttp([
      {
        name: "AzureCloud",
        resourceManager: "https://arm.example.test/",
        authentication: {
          loginEndpoint: "https://login.example.test/",
          audiences: ["https://management.core.example.test/"],
        },
      },
    ]);
    expect(await resolveAzureCloud("https://arm.example.test", undefined, list, signal)).toEqual({
      resourceManager: "https://arm.example.test",
      authorityHost: "https://login.example.test",
      scope: "https://management.core.example.test/.default",
    });
    expect(list.asked).toEqual([
      "https://arm.example.test/metadata/endpoints?api-version=2022-09-01",
    ]);
    const stack = fixedHttp({
      authentication: { loginEndpoint: "https://adfs.local.azurestack.external/adfs" },
    });
    expect(
      await resolveAzureCloud(
        "https://management.local.azurestack.external",
        undefined,
        stack,
        signal,
      ),
    ).toMatchObject({
      authorityHost: "https://adfs.local.azurestack.external/adfs",
      scope: "https://management.local.azurestack.external/.default",
    });
    await expect(
      resolveAzureCloud("https://arm.example.test", undefined, fixedHttp({}, 404), signal),
    ).rejects.toThrow(/authority host/);
    // An explicit authority host needs no metadata at all.
    const none = fixedHttp({});
    expect(
      (
        await resolveAzureCloud(
          "https://arm.example.test",
          "https://login.example.test",
          none,
          signal,
        )
      ).authorityHost,
    ).toBe("https://login.example.test");
    expect(none.asked).toEqual([]);
  });
});
