import { describe, expect, it } from "vitest";
import { AppError } from "../errors.ts";
import { checkPasswordPolicy, hashPassword, verifyPassword } from "./passwords.ts";

function refusal(password: string, email?: string): AppError {
  try {
    checkPasswordPolicy(password, "password", email);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error(`the policy accepted ${JSON.stringify(password)}`);
}

describe("password policy (NIST SP 800-63B)", () => {
  it("accepts a long passphrase without composition rules", () => {
    expect(() => checkPasswordPolicy("correct horse battery staple")).not.toThrow();
    expect(() => checkPasswordPolicy("all lower case words here")).not.toThrow();
    expect(() => checkPasswordPolicy("x".repeat(5) + "y".repeat(7))).not.toThrow();
  });

  it("refuses fewer than 12 characters, naming the field and the minimum", () => {
    const error = refusal("short pass1");
    expect(error.code).toBe("invalid_input");
    expect(error.details.field).toBe("password");
    expect(error.message).toBe("password: use at least 12 characters");
    expect(() => checkPasswordPolicy("exactly 12 c")).not.toThrow();
  });

  it("names the field it was given", () => {
    try {
      checkPasswordPolicy("tiny", "newPassword");
      expect.unreachable();
    } catch (error) {
      expect((error as AppError).details.field).toBe("newPassword");
    }
  });

  it("refuses more than 256 characters", () => {
    expect(refusal("a long one ".repeat(30)).message).toContain("at most 256");
  });

  it("refuses common passwords whatever their case", () => {
    for (const common of ["password1234", "Password1234", "QWERTY123456", "iloveyou2025"]) {
      expect(refusal(common).message, common).toContain("too common");
    }
  });

  it("refuses repeated characters and keyboard or alphabet runs", () => {
    expect(refusal("zzzzzzzzzzzzzz").message).toContain("too common");
    expect(refusal("abcdefghijklm").message).toContain("too common");
    expect(refusal("qwertyuiopasd").message).toContain("too common");
    expect(refusal("9876543210987").message).toContain("too common");
  });

  it("refuses a password containing the account's email name or the product name", () => {
    const error = refusal("Maria.Lopez-rocks-2025", "maria.lopez@example.com");
    expect(error.message).toContain("email address");
    expect(refusal("my glasspane instance").message).toContain("product name");
    // Short local parts are too likely to appear by chance to be refused.
    expect(() =>
      checkPasswordPolicy("a bold move, bob", "password", "bob@example.com"),
    ).not.toThrow();
  });
});

describe("password hashing", () => {
  it("verifies the right password and refuses a wrong one", async () => {
    const stored = await hashPassword("correct horse battery staple");
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(stored).not.toContain("correct horse");
    expect(await verifyPassword("correct horse battery staple", stored)).toBe(true);
    expect(await verifyPassword("correct horse battery stapl", stored)).toBe(false);
    expect(await verifyPassword("Correct horse battery staple", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
  });

  it("salts every hash, so equal passwords do not look equal", async () => {
    const a = await hashPassword("same passphrase twice");
    const b = await hashPassword("same passphrase twice");
    expect(a).not.toBe(b);
    expect(await verifyPassword("same passphrase twice", b)).toBe(true);
  });

  it("accepts a password typed with composed or decomposed accents alike", async () => {
    const stored = await hashPassword("caf\u00e9 au lait, s'il vous pla\u00eet");
    expect(await verifyPassword("cafe\u0301 au lait, s'il vous plai\u0302t", stored)).toBe(true);
  });

  it("refuses every password for an account without one, or with a malformed hash", async () => {
    expect(await verifyPassword("anything at all here", null)).toBe(false);
    expect(await verifyPassword("anything at all here", "")).toBe(false);
    expect(await verifyPassword("anything at all here", "bcrypt$2b$10$abc")).toBe(false);
  });
});
