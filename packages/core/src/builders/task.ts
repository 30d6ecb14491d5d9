import { type Branded, brand, isBranded } from "../ir/brand.js";
import { TaskNode } from "../ir/task-node.js";
import type { TaskOptions } from "../ir/task-options.js";
import { SourceSite } from "../source/source-site.js";
import { assertOptions } from "../validate/assert-options.js";
import { taskOptionsShape } from "../validate/shapes/task-options-shape.js";
import { definitionError } from "./definition-error.js";

const nodeKey = Symbol.for("batchflow.task-node");

/** A deployable scheduled ECS task. */
export interface Task extends Branded<"task"> {
  readonly name: string;
  readonly [nodeKey]: TaskNode;
  toNode(): TaskNode;
}

const usage = 'write task("name", { task: fargate({ image: "..." }), schedule: cron("0 3 * * *") })';

/**
 * The talk's plain scheduled task: EventBridge runs one ECS task on a schedule, with no state
 * machine in between. Each schedule is an EventBridge rule (UTC) or a Scheduler schedule (with a
 * timezone) whose target has `EcsParameters`; `retry` and `deadLetterQueue` are the target's. Export
 * it from a file under `workflows/`, as a workflow: `batchflow deploy` creates and updates it and,
 * with `--prune`, deletes it once it is gone from the sources. A job that should be retried when
 * it fails, time out, hold a lock or notify is a workflow.
 *
 * @example
 * export const cleanup = task("tmp-cleanup", {
 *   task: fargate({ image: "000000000000.dkr.ecr.ap-northeast-1.amazonaws.com/batch:production" }),
 *   schedule: cron("0 3 * * *"),
 *   command: ["make", "cleanup"],
 * });
 * // schedule.json, the PutRule + PutTargets input:
 * // { "type": "rule", "rule": { "Name": "tmp-cleanup", "ScheduleExpression": "cron(0 3 * * ? *)", ... },
 * //   "targets": { "Targets": [{ "Id": "ecs-task", "Arn": "arn:...:cluster/batch",
 * //     "EcsParameters": { "TaskDefinitionArn": "arn:...:task-definition/tmp-cleanup", "LaunchType": "FARGATE", ... },
 * //     "Input": "{\"containerOverrides\":[{\"command\":[\"make\",\"cleanup\"],\"name\":\"main\"}]}" }] } }
 */
export function task(name: string, options: TaskOptions): Task {
  const site = SourceSite.capture();
  if (typeof name !== "string") {
    throw definitionError("BF1241", `task() takes a name string first, not ${typeof name}`, usage);
  }
  if (typeof options !== "object" || options === null) {
    throw definitionError("BF1241", `task("${name}") takes an options object second`, usage);
  }
  assertOptions(options, taskOptionsShape, `task("${name}") options`);
  if (Array.isArray(options.schedule) && options.schedule.length === 0) {
    throw definitionError(
      "BF1241",
      `task("${name}") options: schedule is an empty list`,
      'give it one schedule or more, e.g. schedule: [cron("0 9 * * *")]; a task without a schedule never runs',
    );
  }
  const node = TaskNode.create(name, options, site);
  return Object.freeze({ [brand]: "task" as const, name, [nodeKey]: node, toNode: () => node });
}

/** True for any batchflow scheduled task, whichever copy of the package made it. */
export function isTask(value: unknown): value is Task {
  return isBranded(value, "task") && typeof (value as Partial<Task>).toNode === "function";
}
