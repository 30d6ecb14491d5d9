import type { NotifyEvent, ResolvedNotify } from "@batchflow/core";
import type { ChoiceRule, PayloadTemplate, Retrier, State } from "../asl/asl-types.js";
import { lockErrors } from "../lock/lock-protocol.js";
import {
  formatExpression,
  type NotificationKind,
  notificationSubjects,
  notificationTemplates,
} from "../notify/messages.js";
import {
  getSecretValue,
  httpInvoke,
  notifyConnectionPlaceholder,
  snsPublish,
} from "../notify/notify-protocol.js";
import { reraiseStates, withReraised } from "./reraise-states.js";
import { type AslStateNode, groupErrors, type StateGraph, type StateNode } from "./state-graph.js";
import type { StateNames } from "./state-names.js";

export interface RunWrapper {
  readonly workflow: string;
  readonly body: StateGraph;
  readonly notify?: ResolvedNotify | undefined;
  /** The workflow lock's name when a busy lock ends the run as skipped (`Batchflow.LockSkipped`). */
  readonly skippedLock?: string | undefined;
}

const errorPath = "$.batchflowError";
const scratch = "$.batchflowNotify";

/**
 * The workflow's outermost states when it notifies: the body runs in a one-branch Parallel whose
 * Catch sees every failure. Either way out leads to one wrap-up, itself a one-branch Parallel that
 * discards its scratch data: it sends the message for how the run ended, then ends the branch as
 * the body did, raising the body's own error again on failure (a `States.` name as `Batchflow.`,
 * with the same cause), so the execution fails as the body did.
 */
export function wrapRun(run: RunWrapper, names: StateNames): StateGraph {
  const wf = run.workflow;
  const main = names.allocate(wf, ["run"]);
  const wrapUp = names.allocate(wf, ["wrap-up"]);
  const outcome = names.allocate(wf, ["outcome"]);
  const reraise = reraiseStates(wf, errorPath, names);
  const rethrow = reraise[0]!.name;
  const finished = names.allocate(wf, ["finished"]);
  const catchEdges = [];
  const extra: StateNode[] = [];
  if (run.skippedLock !== undefined) {
    const skipped = names.allocate(wf, ["skipped"]);
    const skippedEnd = names.allocate(wf, ["skipped-run"]);
    catchEdges.push({ errors: [lockErrors.skipped], next: skipped, resultPath: null });
    extra.push(
      asl(skipped, {
        Type: "Pass",
        Result: { skipped: true, lock: run.skippedLock, reason: `lock "${run.skippedLock}" was busy` },
        Next: skippedEnd,
      }),
      { type: "succeed", name: skippedEnd },
    );
  }
  catchEdges.push({ errors: ["States.ALL"], next: wrapUp, resultPath: errorPath });

  const on = new Set<NotifyEvent>(run.notify?.on ?? []);
  const notify = run.notify && on.size > 0 ? notifyStates(run, on, names, outcome) : undefined;
  const branch: StateGraph = {
    startAt: notify?.start ?? outcome,
    states: [
      ...(notify?.states ?? []),
      asl(outcome, {
        Type: "Choice",
        Choices: [{ Variable: errorPath, IsPresent: true, Next: rethrow }],
        Default: finished,
      }),
      ...reraise,
      { type: "succeed", name: finished },
    ],
  };
  return {
    startAt: main,
    states: [
      { type: "parallel", name: main, branches: [run.body], after: { next: wrapUp }, catch: catchEdges },
      { type: "parallel", name: wrapUp, branches: [branch], after: { end: true }, catch: [] },
      ...extra,
    ],
  };
}

/**
 * Which message the run's ending gets (success; a job's exit, parsed from the ECS cause; a timeout;
 * any other error), its console link, the text (with the run's start and end times), then the Slack post and the SNS
 * publish. Endings `on` leaves out go straight to `next`.
 */
function notifyStates(
  run: RunWrapper,
  on: ReadonlySet<NotifyEvent>,
  names: StateNames,
  next: string,
): { start: string; states: StateNode[] } {
  const wf = run.workflow;
  const slack = run.notify?.slack;
  const prefix = names.allocate(wf, ["notify"]);
  const [kindState, parse, merge, jobFields, linkState, pick] = [
    "kind",
    "parse",
    "details",
    "job",
    "link",
    "message",
  ].map((part) => names.allocate(prefix, [part])) as [string, string, string, string, string, string];
  const kinds: NotificationKind[] = [
    ...(on.has("success") ? (["success"] as const) : []),
    ...(on.has("failure") ? (["jobFailure", "failure"] as const) : []),
    ...(on.has("timeout") ? (["timeout"] as const) : []),
  ];
  const fieldNames = new Map(kinds.map((k) => [k, names.allocate(prefix, [k, "fields"])]));
  const messageNames = new Map(kinds.map((k) => [k, names.allocate(prefix, [k])]));
  const send = sendChain(run, prefix, names, next);

  const prepare = linkState;

  // A lock inside the body raises a caught `States.X` again as `Batchflow.X`: both mean the same.
  const error = (...values: string[]): { Or: Array<{ Variable: string; StringEquals: string }> } => ({
    Or: withReraised(values).map((value) => ({ Variable: `${errorPath}.Error`, StringEquals: value })),
  });
  const choices: ChoiceRule[] = [
    { Not: { Variable: errorPath, IsPresent: true }, Next: fieldNames.get("success") ?? next },
    { ...error("States.Timeout", groupErrors.timeout), Next: fieldNames.get("timeout") ?? next },
  ];
  if (on.has("failure")) {
    choices.push({
      And: [error("States.TaskFailed"), { Variable: `${errorPath}.Cause`, StringMatches: "{*" }],
      Next: parse,
    });
  }
  const fields = (kind: NotificationKind): AslStateNode =>
    asl(fieldNames.get(kind)!, {
      Type: "Pass",
      Parameters: { kind, job: "unknown", exitCode: "none", reason: "none" },
      ResultPath: `${scratch}.fields`,
      Next: prepare,
    });
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
  const states: StateNode[] = [
    asl(kindState, { Type: "Choice", Choices: choices, Default: fieldNames.get("failure") ?? next }),
  ];
  if (on.has("failure")) {
    states.push(
      // A stopped ECS task's description: the job is in its group (batchflow:<job>), the exit code in its container.
      asl(parse, {
        Type: "Pass",
        Parameters: {
          "task.$": `States.StringToJson(${errorPath}.Cause)`,
          taskDefaults: { Group: "batchflow:unknown", StoppedReason: "none" },
          containerDefaults: { ExitCode: "none" },
        },
        ResultPath: `${scratch}.parsed`,
        Next: merge,
      }),
      asl(merge, {
        Type: "Pass",
        Parameters: {
          "task.$": `States.JsonMerge(${scratch}.parsed.taskDefaults, ${scratch}.parsed.task, false)`,
          "container.$": `States.JsonMerge(${scratch}.parsed.containerDefaults, ${scratch}.parsed.task.Containers[0], false)`,
        },
        ResultPath: `${scratch}.parsed`,
        Next: jobFields,
      }),
      asl(jobFields, {
        Type: "Pass",
        Parameters: {
          kind: "jobFailure",
          "job.$": `States.ArrayGetItem(States.StringSplit(${scratch}.parsed.task.Group, ':'), 1)`,
          "exitCode.$": `${scratch}.parsed.container.ExitCode`,
          "reason.$": `${scratch}.parsed.task.StoppedReason`,
        },
        ResultPath: `${scratch}.fields`,
        Next: prepare,
      }),
    );
  }
  for (const kind of kinds) if (kind !== "jobFailure") states.push(fields(kind));
  states.push(
    asl(linkState, {
      Type: "Pass",
      Parameters: {
        "link.$": `States.Format('https://{}.console.aws.amazon.com/states/home?region={}#/v2/executions/details/{}', ${region}, ${region}, $$.Execution.Id)`,
      },
      ResultPath: `${scratch}.run`,
      Next: kinds.length === 1 ? messageNames.get(kinds[0]!)! : pick,
    }),
  );
  if (kinds.length > 1) {
    states.push(
      asl(pick, {
        Type: "Choice",
        Choices: kinds
          .slice(1)
          .map((k) => ({ Variable: `${scratch}.fields.kind`, StringEquals: k, Next: messageNames.get(k)! })),
        Default: messageNames.get(kinds[0]!)!,
      }),
    );
  }
  for (const kind of kinds) {
    const channel = kind === "success" ? slack?.successChannel : slack?.failureChannel;
    states.push(
      asl(messageNames.get(kind)!, {
        Type: "Pass",
        Parameters: {
          "text.$": formatExpression(notificationTemplates[kind], wf, paths),
          subject: notificationSubjects[kind].replace("{workflow}", wf),
          ...(channel === undefined ? {} : { channel }),
        },
        ResultPath: `${scratch}.message`,
        Next: send.start,
      }),
    );
  }
  states.push(...send.states);
  return { start: kindState, states };
}

const notifyRetry: Retrier = {
  ErrorEquals: ["States.ALL"],
  IntervalSeconds: 2,
  MaxAttempts: 2,
  BackoffRate: 2,
};

function sendChain(
  run: RunWrapper,
  prefix: string,
  names: StateNames,
  next: string,
): { start: string; states: AslStateNode[] } {
  const notify = run.notify!;
  // `next` is the following step; `after` the one after that (where a failed secret read skips to).
  const steps: Array<{ name: string; state: (next: string, after: string) => State }> = [];
  const slack = notify.slack;
  if (slack) {
    if (slack.webhook.kind === "secret") {
      const arn = slack.webhook.arn;
      steps.push({
        name: names.allocate(prefix, ["webhook"]),
        state: (to, after) => ({
          Type: "Task",
          Resource: getSecretValue,
          Parameters: { SecretId: arn },
          ResultSelector: { "url.$": "$.SecretString" },
          ResultPath: `${scratch}.webhook`,
          TimeoutSeconds: 60,
          Retry: [notifyRetry],
          Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: null, Next: after }],
          Next: to,
        }),
      });
    }
    // The channel differs by message: a message names one only when the options give one for it.
    const channels = [slack.successChannel, slack.failureChannel].filter((c) => c !== undefined);
    const body: PayloadTemplate =
      channels.length === 0
        ? { "text.$": `${scratch}.message.text` }
        : { "text.$": `${scratch}.message.text`, "channel.$": `${scratch}.message.channel` };
    const webhook = slack.webhook;
    steps.push({
      name: names.allocate(prefix, ["slack"]),
      state: (to) => ({
        Type: "Task",
        Resource: httpInvoke,
        Parameters: {
          ...(webhook.kind === "url"
            ? { ApiEndpoint: webhook.url }
            : { "ApiEndpoint.$": `${scratch}.webhook.url` }),
          Method: "POST",
          Authentication: { ConnectionArn: notifyConnectionPlaceholder },
          Headers: { "Content-Type": "application/json" },
          RequestBody: body,
        },
        ResultPath: null,
        TimeoutSeconds: 60,
        Retry: [notifyRetry],
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: null, Next: to }],
        Next: to,
      }),
    });
  }
  if (notify.snsTopic !== undefined) {
    const topic = notify.snsTopic;
    steps.push({
      name: names.allocate(prefix, ["sns"]),
      state: (to) => ({
        Type: "Task",
        Resource: snsPublish,
        Parameters: {
          TopicArn: topic,
          "Subject.$": `${scratch}.message.subject`,
          "Message.$": `${scratch}.message.text`,
        },
        ResultPath: null,
        TimeoutSeconds: 60,
        Retry: [notifyRetry],
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: null, Next: to }],
        Next: to,
      }),
    });
  }
  const states = steps.map((s, i) =>
    asl(s.name, s.state(steps[i + 1]?.name ?? next, steps[i + 2]?.name ?? next)),
  );
  return { start: steps[0]?.name ?? next, states };
}

function asl(name: string, state: State): AslStateNode {
  return { type: "asl", name, state };
}
