import type { ResolvedWebhook } from "@batchflow/core";
import type { NotificationKind } from "../notify/messages.js";

/**
 * Where the notify machine keeps what Step Functions says of the run (`DescribeExecution`, with
 * defaults for what an ending leaves out): `Status`, `Error`, `Cause`, `StartDate`, `StopDate`,
 * `Output`, `ExecutionArn`.
 */
export const notifyRunPath = "$.run";
/** The notify machine's scratch data: the message's fields, text, link and webhook. */
export const notifyScratch = "$.batchflowNotify";

/** One step of the notify machine; each goes on at `next`. */
export type NotifyStep =
  /** Asks Step Functions how the run (the event's execution) ended; `gone` when it cannot say. */
  | { readonly kind: "describe"; readonly next: string; readonly gone: string }
  /** What an ending leaves out of the description (a success has no error, a stop no cause). */
  | { readonly kind: "defaults"; readonly next: string }
  | { readonly kind: "merge"; readonly next: string }
  /**
   * Which message the ending gets: success (none for a run a busy lock skipped), timeout, a job's
   * failure (`parse`), other failures; `none` for endings `on` leaves out.
   */
  | {
      readonly kind: "classify";
      readonly success: string;
      readonly timeout: string;
      readonly parse?: string | undefined;
      readonly otherwise: string;
      readonly none: string;
    }
  /** The ECS task description in the error's cause, with defaults for missing fields. */
  | { readonly kind: "parse"; readonly next: string }
  | { readonly kind: "details"; readonly next: string }
  /** The job (from the task's group), exit code and stopped reason. */
  | { readonly kind: "job-fields"; readonly next: string }
  /** The fields of a message that names no job. */
  | { readonly kind: "fields"; readonly notification: NotificationKind; readonly next: string }
  /** The execution's console link. */
  | { readonly kind: "link"; readonly next: string }
  /** The message for the kind the fields name; the first kind is the default. */
  | {
      readonly kind: "pick";
      readonly messages: ReadonlyArray<{ readonly notification: NotificationKind; readonly state: string }>;
    }
  | {
      readonly kind: "message";
      readonly notification: NotificationKind;
      readonly workflow: string;
      readonly channel?: string | undefined;
      readonly next: string;
    }
  /** Reads the Slack webhook URL from Secrets Manager; a failed read skips the post (`skip`). */
  | { readonly kind: "webhook"; readonly arn: string; readonly next: string; readonly skip: string }
  | {
      readonly kind: "slack";
      readonly webhook: ResolvedWebhook;
      /** Whether messages name a channel. */
      readonly channels: boolean;
      readonly next: string;
    }
  | { readonly kind: "sns"; readonly topic: string; readonly next: string };

export interface NotifyNode {
  readonly type: "notify";
  readonly name: string;
  readonly step: NotifyStep;
}

export function notifyNode(name: string, step: NotifyStep): NotifyNode {
  return Object.freeze({ type: "notify", name, step });
}
