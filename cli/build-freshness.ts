import { readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

// The compiled server (dist/server/, scripts/build-server.ts) records the source files it was
// built from; it refuses to start when one changed since, so an edit is never silently ignored.

/** Each source file of a build, relative to the checkout, as it was when built. */
export type BuildInputs = Record<string, { mtimeMs: number; size: number }>;
export const BUILD_INPUTS_FILE = "inputs.json";

/** The first source file that differs from the build (changed or gone), if any. */
export function changedSinceBuild(root: URL, inputs: BuildInputs): string | undefined {
  for (const [file, built] of Object.entries(inputs)) {
    try {
      const now = statSync(fileURLToPath(new URL(file, root)));
      if (now.mtimeMs !== built.mtimeMs || now.size !== built.size) return file;
    } catch {
      return file;
    }
  }
  return undefined;
}

/** Exits with what to run when the build in `outDir` is older than its sources. */
export function refuseStaleBuild(root: URL, outDir: URL): void {
  const inputs = JSON.parse(
    readFileSync(new URL(BUILD_INPUTS_FILE, outDir), "utf8"),
  ) as BuildInputs;
  const changed = changedSinceBuild(root, inputs);
  if (!changed) return;
  console.error(
    `The compiled server in dist/server is older than ${changed}: run \`npm run build\` (npm start does), or run from source with \`node bin/glasspane.mjs serve\`.`,
  );
  process.exit(1);
}
