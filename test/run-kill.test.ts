// `kill -9` of `batchflow run`: no handler of batchflow's runs, yet no job may outlive the run, and
// the run counts as alive (for a lock it holds) until the last process of its jobs is gone.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runAlive } from "@batchflow/local";
import { describe, expect, it } from "vitest";
import { startCliGroup } from "./support/cli-async.js";
import { isGone, pidIn, useRunProjects, waitUntil } from "./support/run-project.js";

const { project, onCleanup } = useRunProjects();

describe("batchflow run killed with SIGKILL", () => {
  it("takes its jobs with it: SIGTERM to each job's process group, SIGKILL after the stop timeout", async () => {
    // The task's stop timeout is 2 s (runWorkflowFile); the jobs' own timeout, 30 s, is never reached.
    const p = project(`export const pair = workflow(
  "pair",
  options,
  parallel(
    job("polite", { command: "echo $$ > polite.pid; sleep 300 & echo $! > polite-child.pid; wait" }),
    job("stubborn", { command: "trap '' TERM; echo $$ > stubborn.pid; sleep 300 & echo $! > stubborn-child.pid; wait" }),
  ),
);`);
    const files = ["polite.pid", "polite-child.pid", "stubborn.pid", "stubborn-child.pid"];
    const run = startCliGroup(["run", "pair"], p.dir);
    onCleanup(() => {
      run.signalGroup("SIGKILL");
      for (const file of files.filter((f) => p.exists(f))) {
        const pid = pidIn(p.dir, file);
        if (!isGone(pid)) process.kill(pid, "SIGKILL");
      }
    });
    await waitUntil(() => files.every((f) => p.exists(f) && p.read(f).endsWith("\n")), 30_000);
    const [runId] = readdirSync(join(p.dir, ".batchflow/runs"));
    const runDir = join(p.dir, ".batchflow/runs", String(runId));

    // As a terminal's job control or a CI timeout does it: the whole process group of batchflow.
    run.signalGroup("SIGKILL");
    expect((await run.done).status).toBe(-1);
    const stubborn = pidIn(p.dir, "stubborn-child.pid");
    const aliveThen = runAlive(runDir);
    // Not gone now, so not gone when runAlive looked: the run must still have counted as alive.
    if (!isGone(stubborn)) expect(aliveThen).toBe(true);

    // Far above the 2 s stop timeout: a bound for a hang, not a measure of speed. A failure says
    // what was left and what the supervisor had to go on.
    await waitUntil(() => files.every((f) => isGone(pidIn(p.dir, f))), 60_000).catch((error: Error) => {
      const left = files.map((f) => `${f} ${pidIn(p.dir, f)}: ${procStat(pidIn(p.dir, f))}`);
      const record = p.read(`.batchflow/runs/${String(runId)}/processes`);
      throw new Error(`${error.message}\n${left.join("\n")}\nprocesses:\n${record}\n${supervisorsNow()}`);
    });
    await waitUntil(() => !runAlive(runDir), 60_000);
    const log = (job: string) => p.read(`.batchflow/runs/${String(runId)}/${job}.log`);
    expect(log("polite")).toContain(
      "--- batchflow: attempt 1: SIGTERM sent (batchflow run ended while the job ran) ---",
    );
    expect(log("stubborn")).toMatch(
      /attempt 1: SIGTERM sent \(batchflow run ended while the job ran\) ---\n--- batchflow: attempt 1: SIGKILL sent \(batchflow run ended while the job ran\) ---\n$/,
    );
  });
});

function procStat(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").trim();
  } catch {
    return "gone";
  }
}

function supervisorsNow(): string {
  try {
    return execFileSync("ps", ["-eo", "pid,pgid,sid,stat,args"], { encoding: "utf8" })
      .split("\n")
      .filter((line) => /batchflow-supervisor|read -r _|sleep 300/.test(line))
      .join("\n");
  } catch {
    return "(ps failed)";
  }
}
