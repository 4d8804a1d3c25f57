import { describe, expect, it } from "vitest";
import { readLogSearch, writeLogSearch } from "./log-url-state.ts";

describe("the log explorer's URL", () => {
  it("reads a linked search and writes it back the same", () => {
    const url =
      "q=card+declined&service=checkout&level=error&resource=4f9c2b1e-1d2a-4c3b-9e8f-0a1b2c3d4e5f&range=1h&attr=http.status_code%3D500&attr=path%3D%2Fa%3Db";
    const search = readLogSearch(new URLSearchParams(url));
    expect(search).toEqual({
      q: "card declined",
      service: "checkout",
      level: "error",
      resource: "4f9c2b1e-1d2a-4c3b-9e8f-0a1b2c3d4e5f",
      range: "1h",
      period: null,
      attributes: { "http.status_code": "500", path: "/a=b" },
    });
    expect(writeLogSearch(new URLSearchParams(), search).toString()).toBe(url);
  });

  it("ignores what it cannot use and leaves defaults out", () => {
    const search = readLogSearch(
      new URLSearchParams(
        "level=loud&range=2y&resource=nope&attr=novalue&attr=%3Dx&from=soon&to=later",
      ),
    );
    expect(search).toMatchObject({
      level: "",
      range: "24h",
      resource: "",
      period: null,
      attributes: {},
    });
    expect(writeLogSearch(new URLSearchParams("pattern=p1"), search).toString()).toBe("pattern=p1");
  });

  it("keeps a fixed period instead of the range, and at most five attributes", () => {
    const attrs = Array.from({ length: 7 }, (_, i) => `attr=k${i}%3D${i}`).join("&");
    const search = readLogSearch(
      new URLSearchParams(
        `range=7d&from=2026-11-01T00:00:00.000Z&to=2026-11-02T00:00:00.000Z&${attrs}`,
      ),
    );
    expect(search.period).toEqual({
      from: "2026-11-01T00:00:00.000Z",
      to: "2026-11-02T00:00:00.000Z",
    });
    expect(Object.keys(search.attributes)).toHaveLength(5);
    const written = writeLogSearch(new URLSearchParams(), search);
    expect(written.get("range")).toBeNull();
    expect(written.get("from")).toBe("2026-11-01T00:00:00.000Z");
    // A period that ends before it starts is no period.
    const reversed = "from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z";
    expect(readLogSearch(new URLSearchParams(reversed)).period).toBeNull();
  });
});
