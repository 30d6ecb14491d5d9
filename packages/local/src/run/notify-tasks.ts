import { randomUUID } from "node:crypto";
import { localWebhookVariable } from "@batchflow/aws";
import { TaskFailure, type TaskHandler } from "../interpreter/execute-asl.js";
import { dryNotifyUrl } from "../notify/dry-notify.js";
import { maskUrl } from "../notify/mask-url.js";
import { postWebhook } from "../notify/post-webhook.js";
import { parseSlackRequest } from "../notify/slack-request.js";
import { parseSnsRequest } from "../notify/sns-request.js";
import type { NotificationDelivery, RunEvent } from "./run-events.js";

export interface NotifyTasksContext {
  /** `--dry-notify`: print messages, post none. */
  readonly dryNotify: boolean;
  /** BATCHFLOW_NOTIFY_WEBHOOK from the environment or the env file, for `secret(...)` webhooks. */
  readonly webhook: string | undefined;
  /** Where the value was looked for, for the warning. */
  readonly envFileShown: string;
  readonly emit: (event: RunEvent) => void;
}

/**
 * The notification states of `batchflow run`: Slack messages are POSTed to their webhook (or only
 * printed with `--dry-notify`), SNS messages are only printed (a local run never reaches AWS), and the
 * Secrets Manager read of a `secret(...)` webhook answers with BATCHFLOW_NOTIFY_WEBHOOK. Every message
 * becomes a `Notification` event: a progress line and a trace record.
 */
export function notifyTasks(ctx: NotifyTasksContext): {
  http: TaskHandler;
  secret: TaskHandler;
  sns: TaskHandler;
} {
  let warned = false;
  const secret: TaskHandler = ({ parameters }) => {
    const secretId = (parameters as { SecretId?: unknown } | null)?.SecretId;
    let value = ctx.webhook;
    if (value === undefined || !isHttpUrl(value)) {
      if (!warned) {
        warned = true;
        ctx.emit({
          type: "Warning",
          time: Date.now(),
          code: "BF1533",
          message:
            value === undefined
              ? `${localWebhookVariable} is not set (neither in the environment nor in ${ctx.envFileShown}): notifications to the workflow's secret webhook are printed, not posted`
              : `${localWebhookVariable} is not an http(s) URL: notifications to the workflow's secret webhook are printed, not posted`,
        });
      }
      value = dryNotifyUrl;
    }
    return { ARN: secretId ?? "", Name: localWebhookVariable, SecretString: value };
  };

  const http: TaskHandler = async ({ state, parameters, attempt }) => {
    const request = parseSlackRequest(state, parameters);
    const base = {
      time: Date.now(),
      via: "slack" as const,
      text: request.text,
      ...(request.channel === undefined ? {} : { channel: request.channel }),
      state,
      attempt,
      url: maskUrl(request.url),
    };
    const local: NotificationDelivery | undefined = ctx.dryNotify
      ? "dry-run"
      : request.url === dryNotifyUrl
        ? "no-webhook"
        : undefined;
    if (local !== undefined) {
      ctx.emit({ type: "Notification", ...base, delivery: local });
      return { StatusCode: 200, StatusText: "OK", Headers: {}, ResponseBody: "not posted (local run)" };
    }
    try {
      const response = await postWebhook(request);
      ctx.emit({
        type: "Notification",
        ...base,
        time: Date.now(),
        delivery: "posted",
        status: response.status,
      });
      return {
        StatusCode: response.status,
        StatusText: response.statusText,
        Headers: {},
        ResponseBody: response.body,
      };
    } catch (error) {
      const failure = error as TaskFailure;
      const status = /^States\.Http\.StatusCode\.(\d+)$/.exec(failure.name)?.[1];
      ctx.emit({
        type: "Notification",
        ...base,
        time: Date.now(),
        delivery: "failed",
        ...(status === undefined ? {} : { status: Number(status) }),
        error: `${failure.name}${failure.message === "" ? "" : `: ${failure.message.slice(0, 200)}`}`,
      });
      throw error instanceof TaskFailure ? error : new TaskFailure("States.Http.Socket", String(error));
    }
  };

  const sns: TaskHandler = ({ state, parameters, attempt }) => {
    const message = parseSnsRequest(state, parameters);
    ctx.emit({ type: "Notification", time: Date.now(), ...message, state, attempt, delivery: "local" });
    return { MessageId: `local-${randomUUID()}` };
  };

  return { http, secret, sns };
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === "http:" || protocol === "https:";
  } catch {
    return false;
  }
}
