import type { NotifyEvent, ResolvedNotify } from "@batchflow/core";
import type { NotificationKind } from "../notify/messages.js";
import { type NotifyNode, notifyNode } from "./notify-nodes.js";
import { type StateGraph, succeedNode } from "./state-graph.js";
import { StateNames } from "./state-names.js";

/**
 * The notify machine's states (docs/design/locks-and-notifications.md#notifications): an EventBridge
 * rule starts it with the event of the workflow's execution ending; it asks Step Functions how that
 * run ended, picks the message, composes it and sends it, and ends. Nothing it does changes how
 * the run ended.
 */
export function notifyGraph(workflow: string, notify: ResolvedNotify): StateGraph {
  const names = new StateNames([]);
  const part = (p: string) => names.allocate("notify", [p]);
  const describe = part("describe");
  const defaults = part("defaults");
  const merge = part("merge");
  const done = part("done");
  const on = new Set<NotifyEvent>(notify.on);
  const steps = notifyStates(workflow, notify, on, names, done);
  return {
    startAt: describe,
    states: [
      notifyNode(describe, { kind: "describe", next: defaults, gone: done }),
      notifyNode(defaults, { kind: "defaults", next: merge }),
      notifyNode(merge, { kind: "merge", next: steps.start }),
      ...steps.states,
      succeedNode(done),
    ],
  };
}

/**
 * Which message the run's ending gets (success; a job's exit, parsed from the ECS cause; a timeout;
 * any other error), its console link, the text (with the run's start and end times), then the Slack
 * post and the SNS publish. Endings `on` leaves out go straight to `next`.
 */
function notifyStates(
  wf: string,
  notify: ResolvedNotify,
  on: ReadonlySet<NotifyEvent>,
  names: StateNames,
  next: string,
): { start: string; states: NotifyNode[] } {
  const slack = notify.slack;
  // The notify machine holds nothing else: its states need no workflow in their names.
  const prefix = "notify";
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
      none: next,
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
