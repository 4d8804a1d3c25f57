import { PGlite } from "@electric-sql/pglite";

const db = await PGlite.create(process.argv[2]!);
console.log("open ok", (await db.query("select count(*) from users")).rows[0]);
await db.close();
