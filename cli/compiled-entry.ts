// The entry of the compiled server, dist/server/glasspane.js (scripts/build-server.ts; what
// `npm start` runs). import.meta.url is this source file's URL in the build too.
import { runWorkersFromBuild } from "../server/platform/workers/ts-worker.ts";
import { refuseStaleBuild } from "./build-freshness.ts";

const outDir = new URL("../dist/server/", import.meta.url);
refuseStaleBuild(new URL("..", import.meta.url), outDir);
runWorkersFromBuild(outDir);
await import("./glasspane.ts");
