// `npm run bench:openapi-tools`: tools generated from the full DigitalOcean and Cloudflare
// OpenAPI documents in ../shared/data (not in the repository), and how long reading, bundling,
// generating and importing them takes. Appends a section to bench/RESULTS.md.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parse as parseYaml } from "yaml";
import {
  bundleExternalRefs,
  parseDocument,
} from "../../server/modules/ai/toolsources/openapi-document.ts";
import { generateTools } from "../../server/modules/ai/toolsources/openapi-tools.ts";
import { loadConfig } from "../../server/platform/config.ts";
import { createLogger } from "../../server/platform/logger.ts";
import { createRuntime } from "../../server/runtime.ts";
import { MARKER, machine, prependSection } from "../report.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SHARED = process.env.GLASSPANE_SHARED_DATA ?? path.resolve(ROOT, "../shared/data");
const DO_ROOT = path.join(SHARED, "digitalocean-openapi/specification/DigitalOcean-public.v2.yaml");
const CF_FILE = path.join(SHARED, "cloudflare-api-schemas/openapi.2024-08-07.json");

interface Row {
  name: string;
  bytes: number;
  readMs: number;
  generateMs: number;
  importMs: number;
  tools: number;
  reads: number;
  writes: number;
  skipped: number;
  schemaKiB: number;
}

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

async function loadDigitalOcean(): Promise<{ text: string; bytes: number }> {
  const root = parseYaml(readFileSync(DO_ROOT, "utf8"));
  let bytes = 0;
  const bundled = await bundleExternalRefs(root, pathToFileURL(DO_ROOT).toString(), async (uri) => {
    const text = readFileSync(fileURLToPath(uri), "utf8");
    bytes += text.length;
    return text;
  });
  return { text: JSON.stringify(bundled), bytes };
}

async function measure(name: string, load: () => Promise<{ text: string; bytes: number }>) {
  const t0 = process.hrtime.bigint();
  const { text, bytes } = await load();
  const readMs = ms(t0);
  const t1 = process.hrtime.bigint();
  const generated = generateTools(parseDocument(text));
  const generateMs = ms(t1);
  return {
    text,
    row: {
      name,
      bytes,
      readMs,
      generateMs,
      importMs: 0,
      tools: generated.tools.length,
      reads: generated.tools.filter((t) => t.readOnly).length,
      writes: generated.tools.filter((t) => !t.readOnly).length,
      skipped: generated.skipped.length,
      schemaKiB: JSON.stringify(generated.tools).length / 1024,
    } satisfies Row,
  };
}

if (!existsSync(DO_ROOT) || !existsSync(CF_FILE)) {
  console.error(`The OpenAPI documents are not in ${SHARED} (set GLASSPANE_SHARED_DATA)`);
  process.exit(1);
}
const results = [
  await measure("DigitalOcean (1,551 YAML files, bundled)", loadDigitalOcean),
  await measure("Cloudflare (one JSON file)", async () => {
    const text = readFileSync(CF_FILE, "utf8");
    return { text, bytes: text.length };
  }),
];

// Import through the registry on an in-memory PGlite: parse, generate, vault, one row.
const dataDir = mkdtempSync(path.join(tmpdir(), "gp-bench-openapi-"));
const rt = await createRuntime(
  loadConfig({
    GLASSPANE_DATA_DIR: dataDir,
    GLASSPANE_SECRET_KEY: "bench-secret-key-long-enough-0123456789",
  }),
  createLogger("silent"),
  { inMemory: true },
);
try {
  const system = { actor: { type: "system" as const, label: "bench" } };
  const user = await rt.services.auth.createUser(rt.database.db, {
    email: "bench@example.com",
    name: "bench",
    password: "correct horse battery staple 42",
  });
  const workspace = await rt.services.workspaces.create(rt.database.db, {
    name: "Bench",
    ownerUserId: user.id,
  });
  for (const [i, { text, row }] of results.entries()) {
    const t = process.hrtime.bigint();
    await rt.call(
      "toolsources.import",
      {
        name: `src${i}`,
        document: text,
        baseUrl: "https://api.example.com",
        auth: { kind: "bearer", credential: "bench-credential-0123456789" },
      },
      { ...system, workspaceId: workspace.id },
    );
    row.importMs = ms(t);
  }
} finally {
  await rt.close();
  rmSync(dataDir, { recursive: true, force: true });
}

const f = (n: number) => n.toFixed(0);
const lines = [
  `${MARKER}\n## ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC — OpenAPI tool generation`,
  "",
  ...Object.entries(machine()).map(([k, v]) => `- ${k}: ${v}`),
  "",
  "Settings: `bench/ai/openapi-tools.ts`; the full documents from ../shared/data (DigitalOcean bundled from its files, vendor extensions dropped; Cloudflare as published). Import = `toolsources.import` through the registry on in-memory PGlite (parse, generate, vault, one row).",
  "",
  "| Document | source KiB | read+bundle ms | generate ms | import ms | tools | reads | writes | skipped | tools JSON KiB |",
  "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ...results.map(
    ({ row: r }) =>
      `| ${r.name} | ${f(r.bytes / 1024)} | ${f(r.readMs)} | ${f(r.generateMs)} | ${f(r.importMs)} | ${r.tools} | ${r.reads} | ${r.writes} | ${r.skipped} | ${f(r.schemaKiB)} |`,
  ),
];
console.log(lines.join("\n"));
if (!process.argv.includes("--no-write"))
  prependSection(path.join(ROOT, "bench/RESULTS.md"), lines.join("\n"));
