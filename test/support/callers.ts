import { expect } from "vitest";
import { AppError } from "../../server/platform/errors.ts";
import type { Transport } from "../../server/platform/operations/define.ts";
import type { Caller } from "../../server/platform/operations/execute.ts";

/** A browser's transport: records the session cookies the server would set. */
export function browserTransport() {
  const sessions: { token: string; expiresAt: Date }[] = [];
  let ended = 0;
  const transport: Transport = {
    kind: "http",
    startSession(token, expiresAt) {
      sessions.push({ token, expiresAt });
    },
    endSession() {
      ended++;
    },
  };
  return {
    transport,
    sessions,
    ended: () => ended,
    /** The last session cookie set. */
    lastToken(): string {
      const last = sessions.at(-1);
      if (!last) throw new Error("no session was started");
      return last.token;
    },
  };
}

/** Someone who is not signed in, in a browser at the given address. */
export function anonymousBrowser(ip = "198.51.100.10") {
  const browser = browserTransport();
  const caller: Caller = {
    actor: { type: "anonymous" },
    transport: browser.transport,
    request: { ip, userAgent: "vitest" },
  };
  return { ...browser, caller };
}

/** The AppError a call is refused with; fails the test when the call succeeds. */
export async function refusal(run: Promise<unknown> | (() => Promise<unknown>)): Promise<AppError> {
  try {
    await (typeof run === "function" ? run() : run);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error("the call was allowed");
}
