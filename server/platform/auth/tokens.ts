import { hash, randomBytes } from "node:crypto";

/** A random secret with a recognisable prefix so secret scanners catch leaks (192 bits). */
export function generateToken(prefix: "gp" | "gps" | "gpi" | "gpl" | "gpk"): string {
  return `${prefix}_${randomBytes(24).toString("base64url")}`;
}

/**
 * Tokens are stored only as SHA-256: they are random, so a slow hash adds nothing. Every API
 * call and session lookup hashes one; the one-shot `hash` is ~4× cheaper than a Hash object.
 */
export function hashToken(token: string): string {
  return hash("sha256", token, "hex");
}
