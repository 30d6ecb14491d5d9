import { describe, expect, it } from "vitest";
import { job } from "../builders/job.js";
import { awsCron, cron, rate } from "../builders/schedules.js";
import { fargate } from "../builders/values.js";
import { workflow } from "../builders/workflow.js";
import { DiagnosticSink } from "../diagnostics/diagnostic-sink.js";
import type { WorkflowOptions } from "../ir/workflow-options.js";
import { resolveSchedules } from "./resolve-schedules.js";
import { resolveWorkflow } from "./resolve-workflow.js";
import type { ResolvedLock } from "./resolved-workflow.js";

const now = Date.UTC(2026, 0, 1, 12);

function resolve(schedule: WorkflowOptions["schedule"], lock?: ResolvedLock) {
  const sink = new DiagnosticSink("wf");
  const schedules = resolveSchedules(schedule, sink, { workflow: "wf", lock, now });
  return {
    schedules,
    diagnostics: sink.items.map((d) => `${d.severity} ${d.code}: ${d.message} | ${d.hint}`),
  };
}

const lock = (onBusy: "skip" | "fail", waitSeconds: number): ResolvedLock => ({
  name: "wf.lock",
  table: "batchflow-locks",
  waitSeconds,
  onBusy,
  pollSeconds: 5,
});

describe("resolveSchedules", () => {
  it("takes one schedule or a list, in its order", () => {
    expect(resolve(undefined).schedules).toEqual([]);
    expect(resolve(cron("35 * * * *")).schedules?.map((s) => s.expression)).toEqual(["cron(35 * * * ? *)"]);
    const list = resolve([
      cron("0 9 1-7 * *"),
      rate("6 hours"),
      awsCron("0 9 ? * MON#1 *", { timezone: "Asia/Tokyo" }),
    ]);
    expect(list.schedules?.map((s) => [s.expression, s.timezone])).toEqual([
      ["cron(0 9 1-7 * ? *)", undefined],
      ["rate(6 hours)", undefined],
      ["cron(0 9 ? * MON#1 *)", "Asia/Tokyo"],
    ]);
    expect(list.diagnostics).toEqual([]);
  });

  it("refuses two schedules that are the same in AWS's form (BF1114), but not the same time in two zones", () => {
    const { schedules, diagnostics } = resolve([cron("0 0 * * *"), cron("0 12 * * *"), cron("@daily")]);
    expect(schedules).toBeUndefined();
    expect(diagnostics).toEqual([
      'error BF1114: schedule 3, cron("@daily"), is the same as schedule 1: both are cron(0 0 * * ? *) (UTC) | remove one of them: two equal schedules would start the workflow twice each time',
    ]);
    expect(
      resolve([cron("0 0 * * *"), cron("0 0 * * *", { timezone: "Asia/Tokyo" })]).schedules,
    ).toHaveLength(2);
  });

  it("says which schedules fire at the same minute, when first, and how to run once (BF1115)", () => {
    const { schedules, diagnostics } = resolve([cron("0 9 1-7 * *"), cron("0 9 * * 1")]);
    expect(schedules).toHaveLength(2);
    expect(diagnostics).toEqual([
      'warning BF1115: schedules 1 (cron("0 9 1-7 * *")) and 2 (cron("0 9 * * 1")) both fire at 2026-01-05 09:00, 2026-02-02 09:00, 2026-03-02 09:00 (UTC), and 9 more in the next 12 months: Step Functions starts two executions at that minute | to run once on those days, give the workflow a lock that skips a run finding it held: lock: { name: "wf", onBusy: "skip" }',
    ]);
  });

  it("shows the minutes in the zone both schedules are in, and UTC for two zones", () => {
    const tokyo = { timezone: "Asia/Tokyo" };
    expect(resolve([cron("0 9 1 * *", tokyo), cron("0 9 * * 1", tokyo)]).diagnostics[0]).toMatch(
      /both fire at 2026-06-01 09:00 \(Asia\/Tokyo\) in the next 12 months/,
    );
    expect(resolve([cron("0 0 1 1 *"), cron("0 9 1 1 *", tokyo)]).diagnostics[0]).toMatch(
      /both fire at 2027-01-01 00:00 \(UTC\) in the next 12 months/,
    );
  });

  it("says nothing when the workflow's lock skips a run at once, and asks for that otherwise", () => {
    const split = [cron("0 9 1-7 * *"), cron("0 9 * * 1")] as const;
    expect(resolve(split, lock("skip", 0)).diagnostics).toEqual([]);
    for (const l of [lock("skip", 600), lock("fail", 0)]) {
      expect(resolve(split, l).diagnostics[0]).toMatch(
        /\| to run once on those days, make the workflow's lock skip at once: lock: \{ name: "wf\.lock", onBusy: "skip" \} \(no wait\)$/,
      );
    }
  });

  it("leaves rates out of the check, and reports each schedule's own problems", () => {
    expect(resolve([rate("1 minute"), cron("* * * * *")]).diagnostics).toEqual([]);
    const bad = resolve([cron("0 0 1 * 1"), rate("5 seconds")]);
    expect(bad.schedules).toBeUndefined();
    expect(bad.diagnostics.map((d) => d.split(":")[0])).toEqual(["error BF1103", "error BF1105"]);
  });

  it("is what resolveWorkflow uses, with the workflow's lock", () => {
    const node = workflow(
      "wf",
      {
        cluster: "batch",
        network: { subnets: ["subnet-a"] },
        defaults: { task: fargate({ image: "img" }), command: ["run"] },
        schedule: [cron("0 9 1-7 * *"), cron("0 9 * * 1")],
        lock: { name: "wf", onBusy: "skip" },
      },
      job("a"),
    ).toNode();
    const resolved = resolveWorkflow(node);
    expect(resolved.diagnostics).toEqual([]);
    expect(resolved.workflow?.schedules.map((s) => s.source)).toEqual(["0 9 1-7 * *", "0 9 * * 1"]);
  });

  it("warns of a schedule that never fires (BF1116), and of none that fires, however seldom", () => {
    expect(resolve(cron("0 0 31 2 *")).diagnostics).toEqual([
      'warning BF1116: cron("0 0 31 2 *") never fires: no time from now to the end of 2199 matches cron(0 0 31 2 ? *) | check the day of the month against the months (February has no 30th or 31st; April, June, September and November no 31st) and the year field',
    ]);
    expect(resolve(awsCron("0 9 31 4,6 ? *", { timezone: "Asia/Tokyo" })).diagnostics[0]).toContain(
      "never fires: no time from now to the end of 2199 matches cron(0 9 31 4,6 ? *) in Asia/Tokyo",
    );
    // Years all before now: AWS takes it, and it will not run again.
    expect(resolve(awsCron("0 0 1 1 ? 2020-2025")).diagnostics[0]).toContain("BF1116");
    // Leap days, the fifth Friday of a February (only when February 1 is a Friday of a leap year),
    // a year to come, a rate: each fires at some time.
    for (const seldom of [
      cron("0 0 29 2 *"),
      awsCron("0 0 ? 2 FRI#5 *"),
      awsCron("0 0 1 1 ? 2150"),
      rate("7 days"),
    ]) {
      expect(resolve(seldom).diagnostics).toEqual([]);
    }
  });
});
