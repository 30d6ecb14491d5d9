import type { SecretRef } from "./env-value.js";

/** When a workflow sends a message. A timeout is a failure caused by `States.Timeout` or a group budget. */
export type NotifyEvent = "failure" | "success" | "timeout";

/** A Slack incoming webhook. */
export interface SlackNotifyOptions {
  /**
   * The webhook URL, best as `secret(arn)`: the state machine reads it when it posts, and the URL
   * never appears in generated files. A plain URL string is written into the ASL.
   */
  readonly webhook: SecretRef | string;
  /** Channel for success messages (also turns them on). Default: the webhook's own channel. */
  readonly success?: string;
  /** Channel for failure and timeout messages. Default: the webhook's own channel. */
  readonly failure?: string;
}

export interface NotifyOptions {
  readonly slack?: SlackNotifyOptions;
  /** An SNS topic ARN to publish the same messages to. */
  readonly sns?: string;
  /** Default `["failure", "timeout"]`, plus `"success"` when `slack.success` names a channel. */
  readonly on?: ReadonlyArray<NotifyEvent>;
}
