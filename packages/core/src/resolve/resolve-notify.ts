import type { DiagnosticSink } from "../diagnostics/diagnostic-sink.js";
import { isBranded } from "../ir/brand.js";
import type { SecretRef } from "../ir/env-value.js";
import type { NotifyEvent, NotifyOptions } from "../ir/notify-options.js";
import type { SourceSite } from "../source/source-site.js";
import { checkShape } from "../validate/check-shape.js";
import { notifyOptionsShape } from "../validate/shapes/notify-options-shape.js";
import type { ResolvedNotify, ResolvedWebhook } from "./resolved-workflow.js";

const events: ReadonlyArray<NotifyEvent> = ["failure", "timeout", "success"];
const snsTopicPattern = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;
// Slack channel names: lower-case letters, digits, - and _; a leading # or @ is kept as given.
const channelPattern = /^[#@]?[a-z0-9_.-]{1,80}$/;

/** Checks a workflow's `notify:` option and applies its defaults. */
export function resolveNotify(
  input: NotifyOptions,
  sink: DiagnosticSink,
  site: SourceSite | undefined,
): ResolvedNotify | undefined {
  // workflow() refuses these at the call; a node built by hand reaches here unchecked.
  const shapeProblems = checkShape(input, notifyOptionsShape, "notify");
  if (shapeProblems.length > 0) {
    return fail(
      shapeProblems.map((p) => [p.message, p.hint]),
      sink,
      site,
    );
  }
  if (input.slack === undefined && input.sns === undefined) {
    return fail(
      [["notify: names no destination", "give notify a slack webhook, an sns topic ARN, or both"]],
      sink,
      site,
    );
  }
  const problems: Array<[string, string]> = [];
  const report = (message: string, hint: string): void => {
    problems.push([message, hint]);
  };

  let slack: ResolvedNotify["slack"];
  if (input.slack !== undefined) {
    const s = input.slack;
    const webhook = resolveWebhook(s.webhook, report);
    for (const key of ["success", "failure"] as const) {
      const channel = s[key];
      if (channel !== undefined && !channelPattern.test(channel)) {
        report(
          `notify.slack.${key} ${JSON.stringify(channel)} is not a Slack channel name`,
          'name a channel like "#ops" (lower-case letters, digits, - and _)',
        );
      }
    }
    if (webhook?.kind === "url" && !isLoopback(new URL(webhook.url))) {
      // The URL is the credential: whoever reads the committed bundle can post to the channel.
      sink.report({
        code: "BF1259",
        severity: "warning",
        message:
          "notify.slack.webhook is a URL, written as it is into the notify machine's definition and its IAM policy",
        hint: 'keep the URL in Secrets Manager and write webhook: secret("arn:aws:secretsmanager:...") (see docs/dsl.md#notifications-notify)',
        site,
      });
    }
    if (webhook) {
      slack = {
        webhook,
        ...(s.success === undefined ? {} : { successChannel: s.success }),
        ...(s.failure === undefined ? {} : { failureChannel: s.failure }),
      };
    }
  }
  if (input.sns !== undefined && !snsTopicPattern.test(input.sns)) {
    report(
      `notify.sns ${JSON.stringify(input.sns)} is not an SNS topic ARN`,
      'write sns: "arn:aws:sns:<region>:<account>:<topic>"',
    );
  } else if (input.sns?.endsWith(".fifo")) {
    // Publish to a FIFO topic needs a MessageGroupId, and a notification is one message, unordered.
    report(
      `notify.sns ${JSON.stringify(input.sns)} is a FIFO topic, which takes no message without a group id`,
      "give a standard topic (its subscribers can include a FIFO queue)",
    );
  }
  let on: NotifyEvent[] = slack?.successChannel === undefined ? ["failure", "timeout"] : [...events];
  if (input.on !== undefined) {
    const chosen = input.on;
    if (chosen.length === 0) {
      report("notify.on is an empty list", 'write on: ["failure", "timeout", "success"], or leave it out');
    } else {
      on = events.filter((e) => chosen.includes(e));
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
  if (isBranded(value, "secret")) {
    const { arn } = value as unknown as SecretRef;
    const [, , service, , , , , ...jsonKey] = arn.split(":");
    // The notify machine reads the URL with Secrets Manager's GetSecretValue, which takes neither.
    if (service !== "secretsmanager") {
      report(
        `notify.slack.webhook ${arn} is an SSM parameter; the notify machine reads the webhook from Secrets Manager`,
        "keep the webhook URL as a Secrets Manager secret (its whole value the URL) and give its ARN to secret()",
      );
      return undefined;
    }
    if (jsonKey.length > 0) {
      report(
        `notify.slack.webhook ${arn} selects a JSON key; the notify machine reads the secret's whole value as the URL`,
        `give the secret's ARN without the key (${arn.split(":").slice(0, 7).join(":")}), its whole value the URL`,
      );
      return undefined;
    }
    return { kind: "secret", arn };
  }
  if (typeof value === "string") {
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (url && (url.protocol === "https:" || (url.protocol === "http:" && isLoopback(url)))) {
      return { kind: "url", url: value };
    }
  }
  report(
    `notify.slack.webhook must be secret("arn:...") or an https URL, not ${JSON.stringify(value) ?? String(value)}`,
    'keep the webhook URL in Secrets Manager and write webhook: secret("arn:aws:secretsmanager:...")',
  );
  return undefined;
}

/** A local test's receiver: no secret in its URL. */
function isLoopback(url: URL): boolean {
  return ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
}

function fail(
  problems: ReadonlyArray<readonly [string, string]>,
  sink: DiagnosticSink,
  site: SourceSite | undefined,
): undefined {
  for (const [message, hint] of problems) sink.report({ code: "BF1222", message, hint, site });
  return undefined;
}
