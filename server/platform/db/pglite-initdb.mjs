// Initialises a new PGlite data dir (initdb) in a process of its own, started by database.ts:
// the instance that runs initdb allocates ~430 MiB (WASM memory, ArrayBuffers) that a closed
// instance gives back only at V8's next major GC, which in the server came minutes later or
// during the first scan. A process gives all of it back when it exits. Plain JavaScript, so it
// runs the same from source and from the compiled server.
// argv: <data dir> <PGlite start params as JSON>
import { PGlite } from "@electric-sql/pglite";

const [dir, startParams] = process.argv.slice(2);
await (await PGlite.create(dir, { startParams: JSON.parse(startParams) })).close();
