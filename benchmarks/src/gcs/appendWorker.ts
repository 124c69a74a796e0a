/**
 * A child of the gcs suite for the multi-process rows: opens the env in argv[2],
 * then on "go" appends argv[5] entries spread over argv[4] actors, `WINDOW` in
 * flight, either as call-log appends ("rayx") or as raw lmdb-js puts of the same
 * key and value sizes ("raw"), and reports its elapsed ms.
 */
import { open } from "lmdb";
import { Gcs, openLmdbStore } from "@rayx/gcs";
import { appendCalls, rawPuts } from "./workloads.js";

const [dir, mode, tag, actorsArg, countArg] = process.argv.slice(2);
const actors = Number(actorsArg);
const count = Number(countArg);

let run: () => Promise<void>;
let close: () => Promise<void>;
if (mode === "rayx") {
  const gcs = new Gcs(openLmdbStore({ dir: dir! }));
  run = () => appendCalls(gcs, `${tag}-`, actors, count);
  close = () => gcs.close();
} else {
  const env = open({ path: `${dir}/raw.mdb`, noSync: true, maxReaders: 1024 });
  const db = env.openDB<Uint8Array, Uint8Array>("raw", {
    encoding: "binary",
    keyEncoding: "binary",
  });
  run = () => rawPuts(db, `${tag}-`, actors, count);
  close = () => env.close();
}

process.on("message", (message) => {
  if (message !== "go") return;
  const start = performance.now();
  void run().then(async () => {
    const elapsedMs = performance.now() - start;
    await close();
    process.send!({ elapsedMs }, () => process.disconnect());
  });
});
process.send!("ready");
