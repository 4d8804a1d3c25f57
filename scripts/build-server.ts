// Compiles the server and CLI, our own TypeScript only, into dist/server/ for `npm start`
// (`npm run build` runs this after the web build). Every package stays external, so it resolves
// from node_modules exactly as from source: PGlite finds its .wasm/.data files, native modules
// load as before. Why: the server under tsx's loader held ~60 MiB more RSS for its whole life
// (bench/RESULTS.md, 2026-11-27 13:00–14:15). The CLI (`bin/glasspane.mjs`) runs from source.
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";
import { BUILD_INPUTS_FILE, type BuildInputs } from "../cli/build-freshness.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUT_DIR = path.join(ROOT, "dist/server");
/** What `npm start` runs: `node dist/server/glasspane.js serve`. */
export const SERVER_ENTRY = path.join(OUT_DIR, "glasspane.js");

const toPosix = (p: string) => p.split(path.sep).join("/");

/**
 * Our files find what sits beside them (migrations, data files, worker entries, the web build)
 * through `import.meta.url`; bundled, that would be the output file's URL. Each file gets its own
 * source URL back, relative to the output folder (every chunk is written there), so the checkout
 * can move.
 */
const sourceImportMetaUrl: Plugin = {
  name: "source-import-meta-url",
  setup(esbuild) {
    esbuild.onLoad({ filter: /\.ts$/ }, async ({ path: file }) => {
      if (file.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const text = await readFile(file, "utf8");
      if (!text.includes("import.meta.url")) return undefined;
      const relative = JSON.stringify(toPosix(path.relative(OUT_DIR, file)));
      return {
        contents: text.replaceAll("import.meta.url", `new URL(${relative}, import.meta.url).href`),
        loader: "ts",
      };
    });
  },
};

/**
 * Every worker thread's entry (each `*.worker.ts` under server/), built as dist/server/<name>.js:
 * the compiled server starts those (ts-worker.ts), not the source through tsx's loader, which
 * held ~30 MiB more per worker and took ~0.5 s more to start (2026-11-28, the probe worker). At
 * the top of the folder, like every chunk, so `sourceImportMetaUrl`'s relative URLs hold.
 */
async function workerEntries(): Promise<Record<string, string>> {
  const entries: Record<string, string> = {};
  const files = await readdir(path.join(ROOT, "server"), { recursive: true });
  for (const file of files.filter((f) => f.endsWith(".worker.ts")).sort()) {
    const name = path.basename(file, ".ts");
    if (entries[name]) throw new Error(`two worker entries are named ${name}.ts`);
    entries[name] = path.join(ROOT, "server", file);
  }
  return entries;
}

/** Builds dist/server/ from source and records its inputs, so a stale build refuses to start. */
export async function buildServer(): Promise<void> {
  // The folder is not emptied first: a server already running from it loads its chunks lazily,
  // and a chunk whose code changed gets a new name, so the old one must stay for it.
  const started = Date.now();
  const { metafile } = await build({
    entryPoints: {
      glasspane: path.join(ROOT, "cli/compiled-entry.ts"),
      ...(await workerEntries()),
    },
    absWorkingDir: ROOT, // the metafile's input paths are relative to it
    outdir: OUT_DIR,
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node20",
    // Each dynamic import stays a chunk loaded at first use, with the packages it imports: in one
    // file every package import would be hoisted to the top, and every cloud SDK loaded at start.
    splitting: true,
    chunkNames: "[name]-[hash]",
    sourcemap: "linked",
    metafile: true,
    plugins: [sourceImportMetaUrl],
    logLevel: "warning",
  });
  const inputs: BuildInputs = {};
  for (const input of Object.keys(metafile.inputs)) {
    const { mtimeMs, size } = await stat(path.join(ROOT, input));
    // Saved while it was being built: which version the build holds is unknown, so it counts as
    // changed and the next start asks for a new build.
    inputs[toPosix(input)] = { mtimeMs: mtimeMs >= started ? -1 : mtimeMs, size };
  }
  await writeFile(path.join(OUT_DIR, BUILD_INPUTS_FILE), JSON.stringify(inputs));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildServer();
}
