/*
 * The exact text of every notification, in one place. The state machine composes it at run time
 * with States.Format (see notify-states.ts); `renderNotification` fills the same templates in
 * TypeScript for docs and tests.
 */

export type NotificationKind = "success" | "jobFailure" | "failure" | "timeout";

/** Fields a template names in braces; `workflow` is filled at compile time, the rest at run time. */
export interface NotificationFields {
  readonly workflow: string;
  /** When the execution started (`$$.Execution.StartTime`, ISO 8601 UTC). */
  readonly started: string;
  /** When the message was composed, at the run's end (`$$.State.EnteredTime`). */
  readonly ended: string;
  /** The execution in the Step Functions console. */
  readonly link: string;
  readonly job?: string;
  readonly exitCode?: number | string;
  readonly stoppedReason?: string;
  readonly error?: string;
  readonly cause?: string;
}

export const notificationTemplates: Readonly<Record<NotificationKind, string>> = {
  success: ":white_check_mark: *{workflow}* succeeded. Started {started}, ended {ended}. {link}",
  jobFailure:
    ":x: *{workflow}* failed: job `{job}` exited with code {exitCode} ({stoppedReason}). Error: {error}. Started {started}, ended {ended}. {link}",
  failure: ":x: *{workflow}* failed: {error}: {cause}. Started {started}, ended {ended}. {link}",
  timeout: ":hourglass: *{workflow}* timed out: {error}: {cause}. Started {started}, ended {ended}. {link}",
};

/** SNS subjects (at most 100 characters, no line breaks). */
export const notificationSubjects: Readonly<Record<NotificationKind, string>> = {
  success: "batchflow: {workflow} succeeded",
  jobFailure: "batchflow: {workflow} failed",
  failure: "batchflow: {workflow} failed",
  timeout: "batchflow: {workflow} timed out",
};

/** The console page of an execution, from its ARN (the region is its fourth field). */
export function executionConsoleLink(executionArn: string): string {
  const region = executionArn.split(":")[3] ?? "";
  return `https://${region}.console.aws.amazon.com/states/home?region=${region}#/v2/executions/details/${executionArn}`;
}

/** A template filled in, as the state machine would. */
export function renderNotification(kind: NotificationKind, fields: NotificationFields): string {
  return fill(notificationTemplates[kind], fields);
}

export function fill(template: string, fields: NotificationFields): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) =>
    String(fields[key as keyof NotificationFields] ?? ""),
  );
}

/**
 * A template as a `States.Format` call: `{workflow}` is written in, every other field becomes a `{}`
 * argument taken from `paths`. Characters special in intrinsic strings are escaped.
 */
export function formatExpression(
  template: string,
  workflow: string,
  paths: Readonly<Record<string, string>>,
): string {
  const args: string[] = [];
  const escaped = template
    .replace(/[\\'{}]/g, (c) => `\\${c}`)
    .replace(/\\\{(\w+)\\\}/g, (_, key: string) => {
      if (key === "workflow") return workflow.replace(/[\\'{}]/g, (c) => `\\${c}`);
      const path = paths[key];
      if (path === undefined) throw new Error(`notification template field {${key}} has no path`);
      args.push(path);
      return "{}";
    });
  return `States.Format('${escaped}'${args.map((a) => `, ${a}`).join("")})`;
}
