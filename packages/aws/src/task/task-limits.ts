import type { DiagnosticSink, ResolvedTask } from "@batchflow/core";
import { awsvpcOverflows, nameLimits } from "../limits/aws-limits.js";
import { nameProblem } from "../limits/name-checks.js";
import { roleNameOf } from "../naming.js";
import type { TaskManifest } from "./task-manifest.js";
import type { TaskScheduleArtefact } from "./task-types.js";

/**
 * PutTargets' `Input` (model events 2015-10-07, shape TargetInput: max 8192); Scheduler's Target
 * `Input` has no maximum in its model, and the same overrides go to both, so one limit for both.
 */
export const maxTargetInputCharacters = 8192;
/** PutRule's and CreateSchedule's `Description` (shapes RuleDescription and Description): max 512. */
export const maxTargetDescriptionCharacters = 512;

/**
 * The AWS limits of a scheduled task that its options alone do not show, checked on what deploy
 * sends: the names batchflow makes from the task's (rules, schedules, roles), the overrides' size,
 * the description's, and the awsvpc network's (BF1246-BF1248); shown at the task() call.
 */
export function checkTaskLimits(
  task: ResolvedTask,
  manifest: TaskManifest,
  schedules: ReadonlyArray<TaskScheduleArtefact>,
  sink: DiagnosticSink,
): void {
  const site = task.site;
  for (const role of manifest.roles) {
    if (role.policy === undefined) continue;
    const problem = nameProblem(roleNameOf(role.arn), nameLimits.role);
    if (problem) {
      sink.report({
        code: "BF1246",
        message: `the ${role.use} role name "${roleNameOf(role.arn)}" batchflow would use ${problem}`,
        hint: "shorten the task's name; the roles are named <task>-execution and <task>-schedule",
        site,
      });
    }
  }
  for (const s of schedules) {
    const [name, limit, input, description] =
      s.type === "rule"
        ? [s.rule.Name, nameLimits.rule, s.targets.Targets[0]?.Input ?? "", s.rule.Description]
        : [s.schedule.Name, nameLimits.schedule, s.schedule.Target.Input, s.schedule.Description];
    const problem = nameProblem(name, limit);
    if (problem) {
      sink.report({
        code: "BF1246",
        message: `${limit.what} "${name}" ${problem}`,
        hint: "shorten the task's name",
        site,
      });
    }
    if (input.length > maxTargetInputCharacters) {
      sink.report({
        code: "BF1247",
        message: `the target's Input (the container overrides: command and env) is ${input.length} characters; EventBridge takes at most ${maxTargetInputCharacters}`,
        hint: "move long env values into the container: fargate({ env }) goes into the task definition, which has room for them",
        site,
      });
    }
    if (description.length > maxTargetDescriptionCharacters) {
      sink.report({
        code: "BF1247",
        message: `the description is ${description.length} characters; EventBridge takes at most ${maxTargetDescriptionCharacters}`,
        hint: `shorten description to ${maxTargetDescriptionCharacters} characters`,
        site,
      });
    }
  }
  for (const { field, noun, count, max } of awsvpcOverflows(task.network)) {
    sink.report({
      code: "BF1248",
      message: `network.${field} lists ${count}; EventBridge and ECS take at most ${max} for a task`,
      hint: `keep at most ${max} ${noun} in the task's network`,
      site,
    });
  }
}
