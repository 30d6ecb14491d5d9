import { assertNever } from "@batchflow/core";
import type { ChoiceRule, PayloadTemplate, Retrier, State } from "../asl/asl-types.js";
import { describeExecution } from "../lock/lock-protocol.js";
import { type NotifyNode, notifyRunPath, notifyScratch } from "../lower/notify-nodes.js";
import { withReraised } from "../lower/reraise-states.js";
import { groupErrors } from "../lower/state-graph.js";
import { formatExpression, notificationSubjects, notificationTemplates } from "../notify/messages.js";
import {
  getSecretValue,
  httpInvoke,
  notifyConnectionPlaceholder,
  snsPublish,
} from "../notify/notify-protocol.js";

const run = notifyRunPath;
const scratch = notifyScratch;

const notifyRetry: Retrier = {
  ErrorEquals: ["States.ALL"],
  IntervalSeconds: 2,
  MaxAttempts: 2,
  BackoffRate: 2,
};

const region = `States.ArrayGetItem(States.StringSplit(${run}.ExecutionArn, ':'), 3)`;

/** What an ending leaves out of DescribeExecution's answer (a success has no error, a stop no cause). */
const describedDefaults = { Error: "none", Cause: "none", Output: "{}" };

const paths = {
  // The run's start and end as the service gives them: JSONPath has no date arithmetic, and a
  // duration computed from intrinsic functions cost ten states (docs/design/locks-and-notifications.md).
  started: `${run}.StartDate`,
  ended: `${run}.StopDate`,
  link: `${scratch}.run.link`,
  job: `${scratch}.fields.job`,
  exitCode: `${scratch}.fields.exitCode`,
  stoppedReason: `${scratch}.fields.reason`,
  error: `${run}.Error`,
  cause: `${run}.Cause`,
};

/** A lock inside the body raises a caught `States.X` again as `Batchflow.X`: both mean the same. */
function errorIs(...values: string[]): { Or: Array<{ Variable: string; StringEquals: string }> } {
  return {
    Or: withReraised(values).map((value) => ({ Variable: `${run}.Error`, StringEquals: value })),
  };
}

export function emitNotify(node: NotifyNode): State {
  const { step } = node;
  switch (step.kind) {
    case "describe":
      // The event names the execution; its error, cause and times come from Step Functions.
      return {
        Type: "Task",
        Resource: describeExecution,
        Parameters: { "ExecutionArn.$": "$.detail.executionArn" },
        ResultPath: run,
        TimeoutSeconds: 60,
        Retry: [notifyRetry],
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: null, Next: step.gone }],
        Next: step.next,
      };
    case "defaults":
      return { Type: "Pass", Result: describedDefaults, ResultPath: `${scratch}.defaults`, Next: step.next };
    case "merge":
      return {
        Type: "Pass",
        // The description over the defaults; the event is not needed any more.
        Parameters: { "run.$": `States.JsonMerge(${scratch}.defaults, ${run}, false)` },
        Next: step.next,
      };
    case "classify": {
      const choices: ChoiceRule[] = [
        // A run a busy lock skipped (its output says so) ends without a message.
        {
          And: [
            { Variable: `${run}.Status`, StringEquals: "SUCCEEDED" },
            { Variable: `${run}.Output`, StringMatches: '*"skipped":true*' },
          ],
          Next: step.none,
        },
        { Variable: `${run}.Status`, StringEquals: "SUCCEEDED", Next: step.success },
        { Variable: `${run}.Status`, StringEquals: "TIMED_OUT", Next: step.timeout },
        { ...errorIs("States.Timeout", groupErrors.timeout), Next: step.timeout },
      ];
      if (step.parse !== undefined) {
        choices.push({
          And: [errorIs("States.TaskFailed"), { Variable: `${run}.Cause`, StringMatches: "{*" }],
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
          "task.$": `States.StringToJson(${run}.Cause)`,
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
          "link.$": `States.Format('https://{}.console.aws.amazon.com/states/home?region={}#/v2/executions/details/{}', ${region}, ${region}, ${run}.ExecutionArn)`,
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
    default:
      return assertNever(step);
  }
}
