import { PGlite } from "@electric-sql/pglite";

const dir = process.argv[2]!;
const db = await PGlite.create(dir);
await db.exec("create table if not exists t(x int, pad text)");
console.log("open ok", (await db.query("select count(*) from t")).rows[0]);
if (process.argv[3] === "write") {
  for (let i = 0; ; i++) await db.query("insert into t values ($1, repeat('x', 500))", [i]);
}
if (process.argv[3] === "close") {
  const p = db.close();
  setTimeout(() => process.kill(process.pid, "SIGKILL"), Number(process.argv[4]));
  await p;
}
