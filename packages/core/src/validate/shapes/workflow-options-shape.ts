import type { WorkflowOptions } from "../../ir/workflow-options.js";
import { json, objectOf, optional, recordOf, text } from "../shape-builders.js";
import { lockOptionsShape } from "./lock-options-shape.js";
import { notifyOptionsShape } from "./notify-options-shape.js";
import { schedulesShape } from "./schedule-shape.js";
import { sharedFields } from "./shared-options-shape.js";

/** `workflow(name, {...}, body)`. */
export const workflowOptionsShape = objectOf<WorkflowOptions>(
  "a workflow",
  {
    ...sharedFields,
    schedule: optional(schedulesShape),
    input: optional(
      recordOf(json(), {
        expects: 'must be a JSON object like { "date": "today" }',
        example: '{ "date": "today" }',
      }),
    ),
    description: optional(text()),
    lock: optional(lockOptionsShape),
    notify: optional(notifyOptionsShape),
  },
  {
    elsewhere: {
      name: 'the name is workflow()\'s first argument: workflow("name", { ... }, body)',
      timezone: 'the time zone belongs to the schedule: cron("35 * * * *", { timezone: "Asia/Tokyo" })',
      timeout:
        'give jobs a timeout with defaults: { timeout: "30m" }, or the body a budget with .timeout("2h")',
      retry: "retry the body instead: workflow(name, options, body.retry({ ... }))",
      task: "a workflow's jobs get their container from defaults: { task: fargate({ ... }) }",
      command: "a workflow's jobs get their command from defaults: { command: ... }",
      env: "a workflow's jobs get their environment from defaults: { env: { ... } }",
    },
  },
);
