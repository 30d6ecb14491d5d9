import type { NotifyEvent, ResolvedNotify } from "@batchflow/core";
import type { NotificationKind } from "../notify/messages.js";
import { lockSkipNode } from "./lock-nodes.js";
import {
  type NotifyNode,
  notifyErrorPath,
  notifyNode,
  notifyRunNode,
  notifyWrapUpNode,
} from "./notify-nodes.js";
import { reraiseStates } from "./reraise-states.js";
import { type StateGraph, type StateNode, succeedNode } from "./state-graph.js";
import type { StateNames } from "./state-names.js";

export interface RunWrapper {
  readonly workflow: string;
  readonly body: StateGraph;
  readonly notify?: ResolvedNotify | undefined;
  /** The workflow lock's name when a busy lock ends the run as skipped (`Batchflow.LockSkipped`). */
  readonly skippedLock?: string | undefined;
}

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
  const reraise = reraiseStates(wf, notifyErrorPath, names);
  const finished = names.allocate(wf, ["finished"]);
  const extra: StateNode[] = [];
  let skipped: string | undefined;
  if (run.skippedLock !== undefined) {
    skipped = names.allocate(wf, ["skipped"]);
    extra.push(lockSkipNode({ name: skipped, lock: run.skippedLock }));
  }

  const on = new Set<NotifyEvent>(run.notify?.on ?? []);
  const notify = run.notify && on.size > 0 ? notifyStates(run, run.notify, on, names, outcome) : undefined;
  const branch: StateGraph = {
    startAt: notify?.start ?? outcome,
    states: [
      ...(notify?.states ?? []),
      notifyNode(outcome, { kind: "outcome", rethrow: reraise[0]!.name, finished }),
      ...reraise,
      succeedNode(finished),
    ],
  };
  return {
    startAt: main,
    states: [
      notifyRunNode({ name: main, body: run.body, wrapUp, skipped }),
      notifyWrapUpNode({ name: wrapUp, branch }),
      ...extra,
    ],
  };
}

/**
 * Which message the run's ending gets (success; a job's exit, parsed from the ECS cause; a timeout;
 * any other error), its console link, the text (with the run's start and end times), then the Slack
 * post and the SNS publish. Endings `on` leaves out go straight to `next`.
 */
function notifyStates(
  run: RunWrapper,
  notify: ResolvedNotify,
  on: ReadonlySet<NotifyEvent>,
  names: StateNames,
  next: string,
): { start: string; states: NotifyNode[] } {
  const wf = run.workflow;
  const slack = notify.slack;
  const prefix = names.allocate(wf, ["notify"]);
  const part = (p: string) => names.allocate(prefix, [p]);
  const kindState = part("kind");
  const parse = part("parse");
  const details = part("details");
  const jobFields = part("job");
  const link = part("link");
  const pick = part("message");
  const kinds: NotificationKind[] = [
    ...(on.has("success") ? (["success"] as const) : []),
    ...(on.has("failure") ? (["jobFailure", "failure"] as const) : []),
    ...(on.has("timeout") ? (["timeout"] as const) : []),
  ];
  const fieldNames = new Map(kinds.map((k) => [k, names.allocate(prefix, [k, "fields"])]));
  const messageNames = new Map(kinds.map((k) => [k, names.allocate(prefix, [k])]));
  const send = sendChain(notify, prefix, names, next);

  const states: NotifyNode[] = [
    notifyNode(kindState, {
      kind: "classify",
      success: fieldNames.get("success") ?? next,
      timeout: fieldNames.get("timeout") ?? next,
      parse: on.has("failure") ? parse : undefined,
      otherwise: fieldNames.get("failure") ?? next,
    }),
  ];
  if (on.has("failure")) {
    states.push(
      notifyNode(parse, { kind: "parse", next: details }),
      notifyNode(details, { kind: "details", next: jobFields }),
      notifyNode(jobFields, { kind: "job-fields", next: link }),
    );
  }
  for (const kind of kinds) {
    if (kind !== "jobFailure")
      states.push(notifyNode(fieldNames.get(kind)!, { kind: "fields", notification: kind, next: link }));
  }
  const messages = kinds.map((notification) => ({ notification, state: messageNames.get(notification)! }));
  states.push(notifyNode(link, { kind: "link", next: kinds.length === 1 ? messages[0]!.state : pick }));
  if (kinds.length > 1) states.push(notifyNode(pick, { kind: "pick", messages }));
  for (const { notification, state } of messages) {
    const channel = notification === "success" ? slack?.successChannel : slack?.failureChannel;
    states.push(
      notifyNode(state, { kind: "message", notification, workflow: wf, channel, next: send.start }),
    );
  }
  states.push(...send.states);
  return { start: kindState, states };
}

/** Slack (reading the webhook secret first when it is one), then SNS; each failure is passed over. */
function sendChain(
  notify: ResolvedNotify,
  prefix: string,
  names: StateNames,
  next: string,
): { start: string; states: NotifyNode[] } {
  // `to` is the following step; `after` the one after that (where a failed secret read skips to).
  const steps: Array<{ name: string; node: (to: string, after: string) => NotifyNode }> = [];
  const slack = notify.slack;
  if (slack) {
    const webhook = slack.webhook;
    if (webhook.kind === "secret") {
      const name = names.allocate(prefix, ["webhook"]);
      steps.push({
        name,
        node: (to, after) => notifyNode(name, { kind: "webhook", arn: webhook.arn, next: to, skip: after }),
      });
    }
    // The channel differs by message: a message names one only when the options give one for it.
    const channels = slack.successChannel !== undefined || slack.failureChannel !== undefined;
    const name = names.allocate(prefix, ["slack"]);
    steps.push({ name, node: (to) => notifyNode(name, { kind: "slack", webhook, channels, next: to }) });
  }
  if (notify.snsTopic !== undefined) {
    const topic = notify.snsTopic;
    const name = names.allocate(prefix, ["sns"]);
    steps.push({ name, node: (to) => notifyNode(name, { kind: "sns", topic, next: to }) });
  }
  const states = steps.map((s, i) => s.node(steps[i + 1]?.name ?? next, steps[i + 2]?.name ?? next));
  return { start: steps[0]?.name ?? next, states };
}
