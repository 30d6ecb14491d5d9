import { assertNever } from "@batchflow/core";
import type { ChoiceRule, PayloadTemplate, Retrier, State } from "../asl/asl-types.js";
import { lockErrors } from "../lock/lock-protocol.js";
import { type NotifyNode, notifyErrorPath, notifyScratch } from "../lower/notify-nodes.js";
import { withReraised } from "../lower/reraise-states.js";
import { groupErrors } from "../lower/state-graph.js";
import { formatExpression, notificationSubjects, notificationTemplates } from "../notify/messages.js";
import {
  getSecretValue,
  httpInvoke,
  notifyConnectionPlaceholder,
  snsPublish,
} from "../notify/notify-protocol.js";

const errorPath = notifyErrorPath;
const scratch = notifyScratch;

const notifyRetry: Retrier = {
  ErrorEquals: ["States.ALL"],
  IntervalSeconds: 2,
  MaxAttempts: 2,
  BackoffRate: 2,
};

const region = "States.ArrayGetItem(States.StringSplit($$.Execution.Id, ':'), 3)";

const paths = {
  // The run's start and end as the service gives them: JSONPath has no date arithmetic, and a
  // duration computed from intrinsic functions cost ten states (docs/design/locks-and-notifications.md).
  started: "$$.Execution.StartTime",
  ended: "$$.State.EnteredTime",
  link: `${scratch}.run.link`,
  job: `${scratch}.fields.job`,
  exitCode: `${scratch}.fields.exitCode`,
  stoppedReason: `${scratch}.fields.reason`,
  error: `${errorPath}.Error`,
  cause: `${errorPath}.Cause`,
};

/** A lock inside the body raises a caught `States.X` again as `Batchflow.X`: both mean the same. */
function errorIs(...values: string[]): { Or: Array<{ Variable: string; StringEquals: string }> } {
  return {
    Or: withReraised(values).map((value) => ({ Variable: `${errorPath}.Error`, StringEquals: value })),
  };
}

export function emitNotify(node: NotifyNode): State {
  const { step } = node;
  switch (step.kind) {
    case "classify": {
      const choices: ChoiceRule[] = [
        { Not: { Variable: errorPath, IsPresent: true }, Next: step.success },
        { ...errorIs("States.Timeout", groupErrors.timeout), Next: step.timeout },
      ];
      if (step.parse !== undefined) {
        choices.push({
          And: [errorIs("States.TaskFailed"), { Variable: `${errorPath}.Cause`, StringMatches: "{*" }],
          Next: step.parse,
        });
      }
      return { Type: "Choice", Choices: choices, Default: step.otherwise };
    }
    case "parse":
      // A stopped ECS task's description: the job is in its group (batchflow:<job>), the exit code in its container.
      return {
        Type: "Pass",
        Parameters: {
          "task.$": `States.StringToJson(${errorPath}.Cause)`,
          taskDefaults: { Group: "batchflow:unknown", StoppedReason: "none" },
          containerDefaults: { ExitCode: "none" },
        },
        ResultPath: `${scratch}.parsed`,
        Next: step.next,
      };
    case "details":
      return {
        Type: "Pass",
        Parameters: {
          "task.$": `States.JsonMerge(${scratch}.parsed.taskDefaults, ${scratch}.parsed.task, false)`,
          "container.$": `States.JsonMerge(${scratch}.parsed.containerDefaults, ${scratch}.parsed.task.Containers[0], false)`,
        },
        ResultPath: `${scratch}.parsed`,
        Next: step.next,
      };
    case "job-fields":
      return {
        Type: "Pass",
        Parameters: {
          kind: "jobFailure",
          "job.$": `States.ArrayGetItem(States.StringSplit(${scratch}.parsed.task.Group, ':'), 1)`,
          "exitCode.$": `${scratch}.parsed.container.ExitCode`,
          "reason.$": `${scratch}.parsed.task.StoppedReason`,
        },
        ResultPath: `${scratch}.fields`,
        Next: step.next,
      };
    case "fields":
      return {
        Type: "Pass",
        Parameters: { kind: step.notification, job: "unknown", exitCode: "none", reason: "none" },
        ResultPath: `${scratch}.fields`,
        Next: step.next,
      };
    case "link":
      return {
        Type: "Pass",
        Parameters: {
          "link.$": `States.Format('https://{}.console.aws.amazon.com/states/home?region={}#/v2/executions/details/{}', ${region}, ${region}, $$.Execution.Id)`,
        },
        ResultPath: `${scratch}.run`,
        Next: step.next,
      };
    case "pick":
      return {
        Type: "Choice",
        Choices: step.messages
          .slice(1)
          .map((m) => ({ Variable: `${scratch}.fields.kind`, StringEquals: m.notification, Next: m.state })),
        Default: step.messages[0]!.state,
      };
    case "message":
      return {
        Type: "Pass",
        Parameters: {
          "text.$": formatExpression(notificationTemplates[step.notification], step.workflow, paths),
          subject: notificationSubjects[step.notification].replace("{workflow}", step.workflow),
          ...(step.channel === undefined ? {} : { channel: step.channel }),
        },
        ResultPath: `${scratch}.message`,
        Next: step.next,
      };
    case "webhook":
      return {
        Type: "Task",
        Resource: getSecretValue,
        Parameters: { SecretId: step.arn },
        ResultSelector: { "url.$": "$.SecretString" },
        ResultPath: `${scratch}.webhook`,
        TimeoutSeconds: 60,
        Retry: [notifyRetry],
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: null, Next: step.skip }],
        Next: step.next,
      };
    case "slack": {
      const body: PayloadTemplate = step.channels
        ? { "text.$": `${scratch}.message.text`, "channel.$": `${scratch}.message.channel` }
        : { "text.$": `${scratch}.message.text` };
      return {
        Type: "Task",
        Resource: httpInvoke,
        Parameters: {
          ...(step.webhook.kind === "url"
            ? { ApiEndpoint: step.webhook.url }
            : { "ApiEndpoint.$": `${scratch}.webhook.url` }),
          Method: "POST",
          Authentication: { ConnectionArn: notifyConnectionPlaceholder },
          Headers: { "Content-Type": "application/json" },
          RequestBody: body,
        },
        ResultPath: null,
        TimeoutSeconds: 60,
        Retry: [notifyRetry],
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: null, Next: step.next }],
        Next: step.next,
      };
    }
    case "sns":
      return {
        Type: "Task",
        Resource: snsPublish,
        Parameters: {
          TopicArn: step.topic,
          "Subject.$": `${scratch}.message.subject`,
          "Message.$": `${scratch}.message.text`,
        },
        ResultPath: null,
        TimeoutSeconds: 60,
        Retry: [notifyRetry],
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: null, Next: step.next }],
        Next: step.next,
      };
    case "outcome":
      return {
        Type: "Choice",
        Choices: [{ Variable: errorPath, IsPresent: true, Next: step.rethrow }],
        Default: step.finished,
      };
    default:
      return assertNever(step);
  }
}

/** The catchers of the body's Parallel: a skipped lock ends the run as skipped, anything else the wrap-up. */
export const notifyRunCatch = (wrapUp: string, skipped: string | undefined) => [
  ...(skipped === undefined ? [] : [{ ErrorEquals: [lockErrors.skipped], ResultPath: null, Next: skipped }]),
  { ErrorEquals: ["States.ALL"], ResultPath: errorPath, Next: wrapUp },
];
