import type { DiagnosticSink, SourceSite } from "@batchflow/core";
import type { ScheduleArtefact } from "../schedule/schedule-emitter.js";
import { maxRuleTargetInput, maxScheduleDescription } from "./aws-limits.js";

/**
 * The schedule carries the workflow's `description` and its `input` as the target's JSON; both
 * come from the user unbounded, and EventBridge bounds them.
 */
export function checkScheduleLimits(
  schedule: ScheduleArtefact | undefined,
  sink: DiagnosticSink,
  site: SourceSite | undefined,
): void {
  if (!schedule) return;
  const [description, input]: readonly [string, string] =
    schedule.type === "rule"
      ? [schedule.rule.Description, schedule.targets.Targets[0]?.Input ?? ""]
      : [schedule.schedule.Description, schedule.schedule.Target.Input];
  if (description.length > maxScheduleDescription) {
    sink.report({
      code: "BF1317",
      message: `the description is ${description.length} characters; the ${schedule.type === "rule" ? "EventBridge rule" : "Scheduler schedule"} that starts the workflow takes at most ${maxScheduleDescription}`,
      hint: `shorten description to ${maxScheduleDescription} characters or fewer`,
      site,
    });
  }
  if (schedule.type === "rule" && input.length > maxRuleTargetInput) {
    sink.report({
      code: "BF1317",
      message: `the input is ${input.length} characters as JSON; an EventBridge rule's target takes at most ${maxRuleTargetInput}`,
      hint: "make input smaller: a job can read large values from S3 or SSM Parameter Store instead",
      site,
    });
  }
}
