import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "../errors.ts";
import { decryptSecret, encryptSecret, loadVaultKey, maskSecret } from "./vault.ts";

const dirs: string[] = [];
function freshDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "gp-vault-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const key = loadVaultKey("vault-test-key-material-of-at-least-32-chars", "/nonexistent");
const context = "workspace-1/stripe-api-key";

/** Replaces one character of a base64url part with another valid one. */
function flip(part: string): string {
  const c = part[0] === "A" ? "B" : "A";
  return c + part.slice(1);
}

describe("vault", () => {
  it("round-trips a value and never stores it in clear", () => {
    const plain = "sk_live_51Habc-Ünïcödé-☃";
    const sealed = encryptSecret(key, plain, context);
    expect(sealed).toMatch(/^v1\.[0-9a-f]{8}\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain("sk_live");
    expect(decryptSecret([key], sealed, context)).toBe(plain);
  });

  it("uses a fresh nonce per value: the same secret sealed twice differs", () => {
    const a = encryptSecret(key, "same value", context);
    const b = encryptSecret(key, "same value", context);
    expect(a).not.toBe(b);
    expect(a.split(".")[2]).not.toBe(b.split(".")[2]);
  });

  it("refuses a tampered ciphertext, nonce or tag", () => {
    const sealed = encryptSecret(key, "a value worth protecting", context);
    const parts = sealed.split(".");
    for (const index of [2, 3, 4]) {
      const tampered = parts.map((p, i) => (i === index ? flip(p) : p)).join(".");
      expect(() => decryptSecret([key], tampered, context), `part ${index}`).toThrow();
    }
  });

  it("refuses a value moved to another workspace or name (context is bound)", () => {
    const sealed = encryptSecret(key, "a value worth protecting", context);
    expect(() => decryptSecret([key], sealed, "workspace-2/stripe-api-key")).toThrow();
    expect(() => decryptSecret([key], sealed, "workspace-1/other-name")).toThrow();
  });

  it("refuses a value sealed with a key that is not loaded, saying which", () => {
    const other = loadVaultKey("another-key-material-of-at-least-32-chars", "/nonexistent");
    const sealed = encryptSecret(other, "value", context);
    expect(() => decryptSecret([key], sealed, context)).toThrow(
      `sealed with key ${other.id}, which is not loaded`,
    );
    expect(() => decryptSecret([key], "plaintext-from-an-old-version", context)).toThrow(
      "unknown secret format",
    );
  });

  it("decrypts values sealed with a previous key after rotation", () => {
    const before = loadVaultKey("the-key-before-rotation-0123456789abcdef", "/nonexistent");
    const after = loadVaultKey("the-key-after-rotation-0123456789abcdef", "/nonexistent");
    const old = encryptSecret(before, "kept across rotation", context);
    expect(decryptSecret([after, before], old, context)).toBe("kept across rotation");
    const resealed = encryptSecret(after, "kept across rotation", context);
    expect(resealed.split(".")[1]).toBe(after.id);
    expect(decryptSecret([after], resealed, context)).toBe("kept across rotation");
  });

  it("uses 64 hex characters as the raw key and hashes other material", () => {
    const hex = "ab".repeat(32);
    expect(loadVaultKey(hex, "/nonexistent").key.toString("hex")).toBe(hex);
    expect(loadVaultKey("x".repeat(40), "/nonexistent").key).toHaveLength(32);
    // The same material gives the same key (several instances share GLASSPANE_SECRET_KEY).
    expect(loadVaultKey("x".repeat(40), "/nonexistent").id).toBe(
      loadVaultKey("x".repeat(40), "/other").id,
    );
  });

  it("generates a key file readable only by its owner and reuses it", () => {
    const dir = freshDir();
    const first = loadVaultKey(undefined, dir);
    const file = path.join(dir, "secret.key");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8").trim()).toMatch(/^[0-9a-f]{64}$/);
    const again = loadVaultKey(undefined, dir);
    expect(again.id).toBe(first.id);
    expect(decryptSecret([again], encryptSecret(first, "persisted", context), context)).toBe(
      "persisted",
    );
  });

  it("tightens a key file others can read", () => {
    const dir = freshDir();
    const file = path.join(dir, "secret.key");
    writeFileSync(file, `${"cd".repeat(32)}\n`);
    chmodSync(file, 0o644);
    loadVaultKey(undefined, dir);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("refuses a key file holding too short a key, naming the file", () => {
    const dir = freshDir();
    const file = path.join(dir, "secret.key");
    writeFileSync(file, "short\n", { mode: 0o600 });
    expect(() => loadVaultKey(undefined, dir)).toThrow(ConfigError);
    expect(() => loadVaultKey(undefined, dir)).toThrow(file);
  });

  it("masks a value down to its hint", () => {
    expect(maskSecret("1234")).toBe("••••1234");
    expect(maskSecret("")).toBe("••••");
  });
});
