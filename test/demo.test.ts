// The README's first command ends in `node scripts/demo.mjs`: compile every example, print each state
// machine, then run the talk's workflow here. A new user's first minute must not end in a stack trace.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { repoRoot, requireBuild } from "./support/cli-project.js";
import { runEnv } from "./support/run-project.js";

beforeAll(requireBuild);

it("compiles and prints every example, then runs ads-hourly with its locks and its Slack message", () => {
  const demo = spawnSync(process.execPath, [join(repoRoot, "scripts/demo.mjs")], {
    cwd: repoRoot,
    encoding: "utf8",
    // A second per job: long enough that foo finds fuga.lock taken and waits for it.
    env: runEnv({ JOB_SECONDS: "1" }),
    timeout: 120_000,
  });
  expect(demo.stderr).toBe("");
  expect(demo.status).toBe(0);
  const out = demo.stdout;
  expect(out).toContain("ads-hourly: the state machine, state by state");
  expect(out).toContain("take lock fuga.lock, polling every 5s while busy, in the lock machine");
  expect(out).toContain("nightly-ad-report: the state machine, state by state");
  expect(out).toMatch(/^lock fuga\.lock acquired after waiting/m);
  expect(out).toMatch(
    /^notify slack #batch \(not posted: BATCHFLOW_NOTIFY_WEBHOOK is not set\): :white_check_mark: \*ads-hourly\* succeeded\. Started \S+Z, ended \S+Z\./m,
  );
  expect(out).toMatch(/^SUCCEEDED in /m);
});
