// A workflow with two schedules, compiled: every file of its bundle against a committed snapshot
// (schedule.json and schedule-2.json, a manifest of format 2 listing both, one schedule role for
// a rule and a Scheduler schedule), and its ASL accepted by asl-validator. The crontab line it
// replaces, "0 9 1-7 * 1" (days 1-7 or any Monday, 09:00 UTC), is its two halves; the second is
// written in Tokyo time (18:00 JST is 09:00 UTC) so that the bundle has both kinds.
import { compile, cron, fargate, job, workflow } from "@batchflow/batchflow";
import { describe, expect, it } from "vitest";
import { validateAsl } from "./support/validate-asl.js";

const report = workflow(
  "monthly-report",
  {
    cluster: "batch",
    network: { subnets: ["subnet-0a1b2c3d"], securityGroups: ["sg-0123456789abcdef0"] },
    schedule: [cron("0 9 1-7 * *"), cron("0 18 * * 1", { timezone: "Asia/Tokyo" })],
    // On a Monday among the 1st to the 7th both fire at 09:00 UTC: the second run skips.
    lock: { name: "monthly-report", onBusy: "skip" },
    input: { period: "month" },
    defaults: {
      task: fargate({ image: "000000000000.dkr.ecr.ap-northeast-1.amazonaws.com/batch:production" }),
      command: (name) => ["make", "run", name],
      timeout: "30m",
    },
  },
  job("report"),
);

describe("a workflow with two schedules", () => {
  const compiled = compile(report);

  it("compiles without warnings: its lock skips the second run of a day both fire", () => {
    expect(compiled.warnings).toEqual([]);
    expect(validateAsl(compiled.stateMachine).errors).toEqual([]);
  });

  it("writes one file per schedule, and a manifest that lists both", () => {
    expect(compiled.files.map((f) => f.path).filter((p) => p.startsWith("schedule"))).toEqual([
      "schedule.json",
      "schedule-2.json",
    ]);
    expect(compiled.manifest.format).toBe(2);
    expect(compiled.manifest.schedules?.map((s) => [s.name, s.type, s.file])).toEqual([
      ["monthly-report", "rule", "schedule.json"],
      ["monthly-report.2", "scheduler", "schedule-2.json"],
    ]);
  });

  it.each(compiled.files.map((f) => [f.path, f.contents] as const))(
    "matches the committed snapshot of %s",
    async (path, contents) => {
      await expect(contents).toMatchFileSnapshot(`__snapshots__/several-schedules/monthly-report/${path}`);
    },
  );
});
