import type { DiagnosticSink, NotifyEvent, ResolvedWorkflow, SourceSite } from "@batchflow/core";
import { type NotificationKind, notificationSubjects } from "../notify/messages.js";
import { maxSnsSubject } from "./aws-limits.js";

const kindsOf = {
  success: ["success"],
  failure: ["jobFailure", "failure"],
  timeout: ["timeout"],
} as const satisfies Record<NotifyEvent, ReadonlyArray<NotificationKind>>;

/**
 * An SNS subject carries the workflow's name and is fixed at compile time, so its length is known
 * here; SNS refuses a longer one when the run ends, and the notification would be lost. The
 * message is composed at run time: docs/deploy.md says what bounds it.
 */
export function checkNotifySubjects(
  workflow: ResolvedWorkflow,
  sink: DiagnosticSink,
  site: SourceSite | undefined,
): void {
  const notify = workflow.notify;
  if (notify?.snsTopic === undefined) return;
  const subjects = notify.on.flatMap((event) =>
    kindsOf[event].map((kind) => notificationSubjects[kind].replace("{workflow}", workflow.name)),
  );
  const longest = subjects.reduce((a, b) => (b.length > a.length ? b : a), "");
  if (longest.length <= maxSnsSubject) return;
  sink.report({
    code: "BF1315",
    message: `the SNS subject "${longest}" is ${longest.length} characters; SNS takes at most ${maxSnsSubject}`,
    hint: `shorten the workflow name by ${longest.length - maxSnsSubject} or more characters, or notify through Slack only`,
    site,
  });
}
