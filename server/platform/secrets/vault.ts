import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "../errors.ts";

export interface VaultKey {
  id: string;
  key: Buffer;
}

const KEY_FILE = "secret.key";

function toKey(material: string): VaultKey {
  // 64 hex characters are used as the raw 256-bit key; any other material of at least 32
  // characters is hashed to one (it is a machine secret, not a human password).
  const key = /^[0-9a-f]{64}$/i.test(material)
    ? Buffer.from(material, "hex")
    : createHash("sha256").update(material, "utf8").digest();
  return { id: createHash("sha256").update(key).digest("hex").slice(0, 8), key };
}

/**
 * The key from GLASSPANE_SECRET_KEY, else from <dataDir>/secret.key, generated (mode 0600) on
 * first start. Several instances on one PostgreSQL must share GLASSPANE_SECRET_KEY.
 */
export function loadVaultKey(secretKey: string | undefined, dataDir: string): VaultKey {
  if (secretKey) return toKey(secretKey);
  const file = path.join(dataDir, KEY_FILE);
  if (!existsSync(file)) {
    writeFileSync(file, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600, flag: "wx" });
  }
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077) chmodSync(file, 0o600);
  const material = readFileSync(file, "utf8").trim();
  if (material.length < 32) throw new ConfigError(`${file} holds a key that is too short`);
  return toKey(material);
}

/** AES-256-GCM with a random 96-bit nonce per value; `context` is bound as associated data. */
export function encryptSecret(key: VaultKey, plaintext: string, context: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key.key, nonce);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const parts = [nonce, body, cipher.getAuthTag()].map((b) => b.toString("base64url"));
  return ["v1", key.id, ...parts].join(".");
}

/** Decrypts with the current key or a previous one (rotation); throws when tampered. */
export function decryptSecret(keys: VaultKey[], sealed: string, context: string): string {
  const [version, keyId, nonce, body, tag] = sealed.split(".");
  if (version !== "v1" || !nonce || body === undefined || !tag)
    throw new Error("unknown secret format");
  const key = keys.find((k) => k.id === keyId);
  if (!key) throw new Error(`secret was sealed with key ${keyId}, which is not loaded`);
  const decipher = createDecipheriv("aes-256-gcm", key.key, Buffer.from(nonce, "base64url"));
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([
    decipher.update(Buffer.from(body, "base64url")),
    decipher.final(),
  ]).toString("utf8");
}

/** "••••1234": enough to recognise a value, never enough to use it. */
export function maskSecret(hint: string): string {
  return `••••${hint}`;
}
