import type { DiagnosticSink } from "../diagnostics/diagnostic-sink.js";
import { isBranded } from "../ir/brand.js";
import type { SecretRef } from "../ir/env-value.js";
import type { NotifyEvent, NotifyOptions } from "../ir/notify-options.js";
import type { SourceSite } from "../source/source-site.js";
import type { ResolvedNotify, ResolvedWebhook } from "./resolved-workflow.js";

const events: ReadonlyArray<NotifyEvent> = ["failure", "timeout", "success"];
const notifyFields = new Set(["slack", "sns", "on"]);
const slackFields = new Set(["webhook", "success", "failure"]);
const snsTopicPattern = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;
// Slack channel names: lower-case letters, digits, - and _; a leading # or @ is kept as given.
const channelPattern = /^[#@]?[a-z0-9_.-]{1,80}$/;

/** Checks a workflow's `notify:` option and applies its defaults. */
export function resolveNotify(
  input: NotifyOptions,
  sink: DiagnosticSink,
  site: SourceSite | undefined,
): ResolvedNotify | undefined {
  const problems: Array<[string, string]> = [];
  const report = (message: string, hint: string): void => {
    problems.push([message, hint]);
  };
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    report("notify: takes an object", 'write notify: { slack: { webhook: secret("arn:...") } }');
  } else {
    const unknown = Object.keys(input).filter((k) => !notifyFields.has(k));
    if (unknown.length > 0)
      report(`notify: has unknown field "${unknown[0]}"`, "notify takes slack, sns and on");
    if (input.slack === undefined && input.sns === undefined) {
      report("notify: names no destination", "give notify a slack webhook, an sns topic ARN, or both");
    }
  }
  if (problems.length > 0) return fail(problems, sink, site);

  let slack: ResolvedNotify["slack"];
  if (input.slack !== undefined) {
    const s = input.slack;
    if (typeof s !== "object" || s === null) {
      report("notify.slack takes an object", 'write slack: { webhook: secret("arn:..."), failure: "#ops" }');
    } else {
      const unknown = Object.keys(s).filter((k) => !slackFields.has(k));
      if (unknown.length > 0) {
        report(`notify.slack has unknown field "${unknown[0]}"`, "slack takes webhook, success and failure");
      }
      const webhook = resolveWebhook(s.webhook, report);
      for (const key of ["success", "failure"] as const) {
        const channel = s[key];
        if (channel !== undefined && (typeof channel !== "string" || !channelPattern.test(channel))) {
          report(
            `notify.slack.${key} ${JSON.stringify(channel)} is not a Slack channel name`,
            'name a channel like "#ops" (lower-case letters, digits, - and _)',
          );
        }
      }
      if (webhook) {
        slack = {
          webhook,
          ...(s.success === undefined ? {} : { successChannel: s.success }),
          ...(s.failure === undefined ? {} : { failureChannel: s.failure }),
        };
      }
    }
  }
  if (input.sns !== undefined && (typeof input.sns !== "string" || !snsTopicPattern.test(input.sns))) {
    report(
      `notify.sns ${JSON.stringify(input.sns)} is not an SNS topic ARN`,
      'write sns: "arn:aws:sns:<region>:<account>:<topic>"',
    );
  }
  let on: NotifyEvent[] = slack?.successChannel === undefined ? ["failure", "timeout"] : [...events];
  if (input.on !== undefined) {
    if (!Array.isArray(input.on) || input.on.length === 0 || input.on.some((e) => !events.includes(e))) {
      report(
        `notify.on ${JSON.stringify(input.on)} is not a list of "failure", "timeout" and "success"`,
        'write on: ["failure", "timeout", "success"]',
      );
    } else {
      on = events.filter((e) => input.on!.includes(e));
    }
  }
  if (problems.length > 0) return fail(problems, sink, site);
  return {
    ...(slack === undefined ? {} : { slack }),
    ...(input.sns === undefined ? {} : { snsTopic: input.sns }),
    on,
  };
}

function resolveWebhook(
  value: unknown,
  report: (message: string, hint: string) => void,
): ResolvedWebhook | undefined {
  if (isBranded(value, "secret")) return { kind: "secret", arn: (value as unknown as SecretRef).arn };
  if (typeof value === "string") {
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    const loopback = url !== undefined && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
    if (url && (url.protocol === "https:" || (url.protocol === "http:" && loopback))) {
      return { kind: "url", url: value };
    }
  }
  report(
    `notify.slack.webhook must be secret("arn:...") or an https URL, not ${JSON.stringify(value) ?? String(value)}`,
    'keep the webhook URL in Secrets Manager and write webhook: secret("arn:aws:secretsmanager:...")',
  );
  return undefined;
}

function fail(
  problems: Array<[string, string]>,
  sink: DiagnosticSink,
  site: SourceSite | undefined,
): undefined {
  for (const [message, hint] of problems) sink.report({ code: "BF1222", message, hint, site });
  return undefined;
}
