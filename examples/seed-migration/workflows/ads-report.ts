import { cron, job, workflow } from "@batchflow/batchflow";
import { batch } from "../containers.js";

/*
 *   0 3 * * * batch timeout 3600 flock -n fuga.lock make run report
 * Another workflow on fuga.lock: while fuga or foo holds it, tonight's report is skipped, as
 * `flock -n` would skip it.
 */
export const report = workflow(
  "ads-report",
  {
    description: "Nightly ad report; skipped while fuga or foo holds fuga.lock",
    schedule: cron("0 3 * * *"),
    defaults: { task: batch, command: (name) => ["make", "run", name], timeout: "1h" },
    lock: { name: "fuga.lock", onBusy: "skip" },
  },
  job("report"),
);
