import pino, { type Logger } from "pino";
import { TOKEN_PATTERN } from "./operations/redact.ts";

/**
 * pino with secrets kept out: known secret fields are redacted by path, and anything shaped
 * like a Glass Pane token is masked in the final line, wherever it appears.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: {
        paths: [
          "req.headers.authorization",
          "req.headers.cookie",
          'res.headers["set-cookie"]',
          "*.password",
          "*.newPassword",
          "*.currentPassword",
          "*.token",
          "*.secret",
          "*.value",
        ],
        censor: "[redacted]",
      },
      hooks: {
        streamWrite: (line) => line.replace(TOKEN_PATTERN, "[redacted]"),
      },
    },
    destination,
  );
}
