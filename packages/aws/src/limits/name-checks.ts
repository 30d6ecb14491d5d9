import type { DiagnosticSink, SourceSite } from "@batchflow/core";
import type { Manifest } from "../bundle/manifest.js";
import { roleNameOf } from "../naming.js";
import type { ScheduleArtefact } from "../schedule/schedule-emitter.js";
import { type NameLimit, nameLimits } from "./aws-limits.js";

/** The artefacts whose names batchflow made from the workflow's name. */
export interface NamedArtefacts {
  readonly manifest: Manifest;
  /** Its rules and Scheduler schedules, one per entry of `schedule:`. */
  readonly schedules: ReadonlyArray<ScheduleArtefact>;
}

/**
 * Names batchflow makes from the workflow's name (roles, the rule or schedule, the lock machine, the
 * notification connection) checked against what AWS takes, read from the artefacts deploy sends, so a name is
 * checked as it is spelt there. Problems are shown at the workflow() call: its name is the fix.
 */
export function checkGeneratedNames(
  artefacts: NamedArtefacts,
  sink: DiagnosticSink,
  site: SourceSite | undefined,
): void {
  const { manifest, schedules } = artefacts;
  for (const role of manifest.roles) {
    if (role.policy === undefined) continue;
    const problem = nameProblem(roleNameOf(role.arn), nameLimits.role);
    if (problem) {
      sink.report({
        code: "BF1306",
        message: `the role name "${roleNameOf(role.arn)}" batchflow would use ${problem}`,
        hint: "shorten the workflow name, or name existing roles with roles: { stateMachine, schedule } and fargate({ executionRole })",
        site,
      });
    }
  }
  schedules.forEach((schedule, index) => {
    const [name, limit]: readonly [string, NameLimit] =
      schedule.type === "rule"
        ? [schedule.rule.Name, nameLimits.rule]
        : [schedule.schedule.Name, nameLimits.schedule];
    const problem = nameProblem(name, limit);
    if (problem) {
      const what = schedule.type === "rule" ? "EventBridge rule" : "Scheduler schedule";
      const suffix = name.length - manifest.workflow.length;
      sink.report({
        code: "BF1307",
        message: `the ${schedule.type === "rule" ? "rule" : "schedule"} name "${name}" ${problem}`,
        hint:
          index === 0
            ? `shorten the workflow name to ${limit.max} characters or fewer: it names the ${what} that starts it`
            : `shorten the workflow name to ${limit.max - suffix} characters or fewer: schedule ${index + 1} of the workflow is the ${what} named <workflow>${name.slice(-suffix)}`,
        site,
      });
    }
  });
  const lockMachine = manifest.lockMachine?.name;
  const tooLong = lockMachine === undefined ? undefined : nameProblem(lockMachine, nameLimits.stateMachine);
  if (tooLong) {
    sink.report({
      code: "BF1318",
      message: `the lock machine name "${lockMachine}" ${tooLong}`,
      hint: `a workflow with locks gets a second state machine named <workflow>-locks: shorten the workflow name to ${nameLimits.stateMachine.max - "-locks".length} characters or fewer`,
      site,
    });
  }
  // The notification rule, its role, the notify machine and the Slack connection share one name.
  const notify = manifest.notifyRule?.name ?? manifest.notifyConnection?.name;
  const limit = manifest.notifyConnection ? nameLimits.connection : nameLimits.rule;
  const problem = notify === undefined ? undefined : nameProblem(notify, limit);
  if (problem) {
    sink.report({
      code: "BF1314",
      message: `the notification rule${manifest.notifyConnection ? " and connection" : ""} name "${notify}" ${problem}`,
      hint: `notifications use an EventBridge rule, a role and a state machine named <workflow>-notify (with Slack also a connection): shorten the workflow name to ${limit.max - "-notify".length} characters or fewer`,
      site,
    });
  }
}

/** Why AWS would refuse `name` as `limit` says, or undefined when it would take it. */
export function nameProblem(name: string, limit: NameLimit): string | undefined {
  if (name.length < limit.min || name.length > limit.max) {
    return `is ${name.length} characters; ${limit.what} is ${limit.min} to ${limit.max}`;
  }
  if (!limit.pattern.test(name)) return `is not ${limit.what}: it takes ${limit.characters}`;
  return undefined;
}
