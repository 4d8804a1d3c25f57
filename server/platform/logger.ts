import pino, { type Logger } from "pino";
import pretty from "pino-pretty";
import { TOKEN_PATTERN } from "./operations/redact.ts";

/**
 * pino with secrets kept out: known secret fields are redacted by path, and anything shaped
 * like a Glass Pane token is masked in the final line, wherever it appears.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  // People reading a terminal get readable lines; files and log shippers get JSON.
  const stream =
    destination ??
    (process.stdout.isTTY && process.env.LOG_FORMAT !== "json"
      ? pretty({
          colorize: true,
          sync: true,
          ignore: "pid,hostname,reqId",
          translateTime: "SYS:HH:MM:ss",
        })
      : undefined);
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
    stream,
  );
}
