// The entry of the compiled server, dist/server/glasspane.js (scripts/build-server.ts; what
// `npm start` runs). import.meta.url is this source file's URL in the build too.
import { refuseStaleBuild } from "./build-freshness.ts";

refuseStaleBuild(new URL("..", import.meta.url), new URL("../dist/server/", import.meta.url));
await import("./glasspane.ts");
