import { describe, expect, it } from "vitest";
import { maskToken, tokenize } from "./mask.ts";

describe("masking variable shapes", () => {
  it.each([
    ["12345", "<*>"],
    ["-42", "<*>"],
    ["3.14", "<*>"],
    ["0x7f3a", "<*>"],
    ["10.251.73.220", "<*>"],
    ["10.251.73.220:50010", "<*>:<*>"],
    ["/10.0.0.1:8080", "/<*>:<*>"],
    ["b9000564-fe1a-409b-b8cc-1e88b294cd1d", "<*>"],
    ["deadbeef00", "<*>"],
    ["blk_-6952295868487656571", "<*>"],
    ["appattempt_1445144423722_0020_000001", "<*>"],
    ["250ms", "<*>"],
    ["12:30:05", "<*>:<*>:<*>"],
    ["uid=0", "uid=<*>"],
    ["size=1024,", "size=<*>,"],
    ["(uid=509)", "(uid=<*>)"],
    ["[instance:", "[instance:"],
    ["https://example.com/a/b", "<*>"],
    ["/var/lib/nova/instances", "<*>"],
    ["Jun", "<*>"],
  ])("%s → %s", (token, masked) => {
    expect(maskToken(token)).toBe(masked);
  });

  it.each(["SOCKS5", "eth0", "ipv6", "HTTPS", "Started", "user=root", "/tmp", "md5sum"])(
    "keeps the name %s",
    (token) => {
      expect(maskToken(token)).toBe(token);
    },
  );

  it("splits on any run of whitespace and masks each token", () => {
    expect(tokenize("  Took 19.05 seconds\tto spawn  instance 7 \r")).toEqual([
      "Took",
      "<*>",
      "seconds",
      "to",
      "spawn",
      "instance",
      "<*>",
    ]);
    expect(tokenize("")).toEqual([]);
  });
});
