import { createReadStream } from "node:fs";
import { access } from "node:fs/promises";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import type { Command } from "commander";
import { TemplateMiner } from "../server/modules/observability/patterns/miner.ts";
import { AppError } from "../server/platform/errors.ts";

/** Lines of a stream without their line ending (LF or CRLF), or the first line's BOM. */
async function* linesOf(input: Readable): AsyncGenerator<string> {
  const reader = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let first = true;
  for await (const line of reader) {
    yield first && line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
    first = false;
  }
}

/** Buffers output and waits for stdout to drain, so a large file never piles up in memory. */
class Output {
  #buffer: string[] = [];
  #size = 0;

  async write(line: string) {
    this.#buffer.push(line);
    this.#size += line.length;
    if (this.#size >= 64 * 1024) await this.flush();
  }

  async flush() {
    if (this.#buffer.length === 0) return;
    const chunk = `${this.#buffer.join("\n")}\n`;
    this.#buffer = [];
    this.#size = 0;
    if (!process.stdout.write(chunk)) {
      await new Promise<void>((resolve) => process.stdout.once("drain", resolve));
    }
  }
}

async function templates(path: string | undefined, options: { stream?: boolean }) {
  // "-" is stdin, as for `anomalies score`.
  const file = path === "-" ? undefined : path;
  if (file !== undefined) {
    await access(file).catch(() => {
      throw new AppError("invalid_input", `${file}: no such file or readable file`);
    });
  }
  const open = () => (file === undefined ? process.stdin : createReadStream(file));
  const miner = new TemplateMiner();
  const out = new Output();
  if (options.stream) {
    for await (const line of linesOf(open())) {
      const { templateId, template } = miner.add(line);
      await out.write(`${templateId}\t${template}`);
    }
    await out.flush();
    return;
  }
  // Learn from every line first, then name each line's template as it stands at the end, so
  // lines of one event get one id even when the template generalised after their first sighting.
  // stdin can be read only once: its lines are kept; a file is read twice instead.
  const kept: string[] | undefined = file === undefined ? [] : undefined;
  for await (const line of linesOf(open())) {
    miner.add(line);
    kept?.push(line);
  }
  const again = kept ?? linesOf(open());
  for await (const line of again) {
    // A line no longer similar enough to any template (rare: its own template generalised a
    // lot) is mined again rather than left without an id.
    const match = miner.match(line) ?? miner.add(line);
    await out.write(`${match.templateId}\t${match.template}`);
  }
  await out.flush();
}

export function registerLogsCommands(program: Command) {
  const logs = program.command("logs").description("Work with log lines (no server needed)");
  logs
    .command("templates")
    .description(
      "Mine log templates: reads one message per line (stdin by default) and writes <templateId>\\t<template> per line, in order",
    )
    .argument("[file]", "file to read instead of stdin (- is stdin)")
    .option(
      "--stream",
      "write each line's template as soon as it is read (ids of early lines may differ from later ones of the same event)",
    )
    .action(templates);
}
