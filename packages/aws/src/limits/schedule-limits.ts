import type { DiagnosticSink, SourceSite } from "@batchflow/core";
import type { ScheduleArtefact } from "../schedule/schedule-emitter.js";
import { maxRuleTargetInput, maxScheduleDescription } from "./aws-limits.js";

/**
 * The schedule carries the workflow's `description` and its `input` as the target's JSON; both
 * come from the user unbounded, and EventBridge bounds them.
 */
export function checkScheduleLimits(
  schedules: ReadonlyArray<ScheduleArtefact>,
  sink: DiagnosticSink,
  site: SourceSite | undefined,
): void {
  // Several schedules carry the same description (unless batchflow wrote it) and the same input:
  // each problem is said once.
  const said = new Set<string>();
  const report = (message: string, hint: string) => {
    if (said.has(message)) return;
    said.add(message);
    sink.report({ code: "BF1317", message, hint, site });
  };
  for (const schedule of schedules) {
    const [description, input]: readonly [string, string] =
      schedule.type === "rule"
        ? [schedule.rule.Description, schedule.targets.Targets[0]?.Input ?? ""]
        : [schedule.schedule.Description, schedule.schedule.Target.Input];
    if (description.length > maxScheduleDescription) {
      report(
        `the description is ${description.length} characters; the ${schedule.type === "rule" ? "EventBridge rule" : "Scheduler schedule"} that starts the workflow takes at most ${maxScheduleDescription}`,
        `shorten description to ${maxScheduleDescription} characters or fewer`,
      );
    }
    if (schedule.type === "rule" && input.length > maxRuleTargetInput) {
      report(
        `the input is ${input.length} characters as JSON; an EventBridge rule's target takes at most ${maxRuleTargetInput}`,
        "make input smaller: a job can read large values from S3 or SSM Parameter Store instead",
      );
    }
  }
}
