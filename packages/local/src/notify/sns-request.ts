import { unsupportedTask } from "../services/unsupported-task.js";
import type { Notification } from "./notification.js";

/** Reads the evaluated Parameters `{ TopicArn, Subject?, Message }` of an `sns:publish` state. */
export function parseSnsRequest(state: string, parameters: unknown): Extract<Notification, { via: "sns" }> {
  const p =
    typeof parameters === "object" && parameters !== null ? (parameters as Record<string, unknown>) : {};
  if (typeof p.TopicArn !== "string" || p.TopicArn === "")
    throw unsupportedTask(state, "sns:publish without a TopicArn");
  if (typeof p.Message !== "string") throw unsupportedTask(state, "sns:publish without a Message string");
  return {
    via: "sns",
    topicArn: p.TopicArn,
    ...(typeof p.Subject === "string" ? { subject: p.Subject } : {}),
    text: p.Message,
  };
}
