import type { ResolvedWebhook } from "@batchflow/core";
import type { NotificationKind } from "../notify/messages.js";
import type { StateGraph } from "./state-graph.js";

/** Where the wrapper keeps the body's error (`{ Error, Cause }`) on its way to the wrap-up. */
export const notifyErrorPath = "$.batchflowError";
/** The wrap-up's scratch data: the message's fields, text, link and webhook. */
export const notifyScratch = "$.batchflowNotify";

/**
 * The body of a workflow that notifies, in a one-branch Parallel whose Catch sees every failure:
 * the error goes to `wrapUp` at `notifyErrorPath`; `Batchflow.LockSkipped` (a busy workflow lock
 * that skips) to `skipped`.
 */
export interface NotifyRunNode {
  readonly type: "notify-run";
  readonly name: string;
  readonly body: StateGraph;
  readonly wrapUp: string;
  readonly skipped?: string | undefined;
}

/** Sends the message for how the run ended, then ends as the body did; its data is discarded. */
export interface NotifyWrapUpNode {
  readonly type: "notify-wrap-up";
  readonly name: string;
  readonly branch: StateGraph;
}

/** One step of building and sending a notification; each goes on at `next`. */
export type NotifyStep =
  /** Which message the ending gets: success, timeout, a job's failure (`parse`), other failures. */
  | {
      readonly kind: "classify";
      readonly success: string;
      readonly timeout: string;
      readonly parse?: string | undefined;
      readonly otherwise: string;
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
  | { readonly kind: "sns"; readonly topic: string; readonly next: string }
  /** Ends the wrap-up: raise the body's error again (`rethrow`), or succeed (`finished`). */
  | { readonly kind: "outcome"; readonly rethrow: string; readonly finished: string };

export interface NotifyNode {
  readonly type: "notify";
  readonly name: string;
  readonly step: NotifyStep;
}

export function notifyRunNode(fields: Omit<NotifyRunNode, "type">): NotifyRunNode {
  return Object.freeze({ type: "notify-run", ...fields });
}

export function notifyWrapUpNode(fields: Omit<NotifyWrapUpNode, "type">): NotifyWrapUpNode {
  return Object.freeze({ type: "notify-wrap-up", ...fields });
}

export function notifyNode(name: string, step: NotifyStep): NotifyNode {
  return Object.freeze({ type: "notify", name, step });
}
