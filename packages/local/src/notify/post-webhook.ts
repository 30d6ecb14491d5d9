import { TaskFailure } from "../interpreter/execute-asl.js";
import type { SlackRequest } from "./slack-request.js";

/** How long one POST may take; the notification states retry twice, then give up. */
export const webhookTimeoutMs = 10_000;

export interface WebhookResponse {
  readonly status: number;
  readonly statusText: string;
  readonly body: string;
}

/**
 * POSTs the message as Step Functions' HTTP task does: the body as JSON, the state's headers. A non-2xx
 * answer fails with `States.Http.StatusCode.<code>` and the response body as the cause; no answer at all
 * (refused, unreachable, over the timeout) with `States.Http.Socket`, as on AWS.
 */
export async function postWebhook(
  request: SlackRequest,
  timeoutMs = webhookTimeoutMs,
): Promise<WebhookResponse> {
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: { "content-type": "application/json; charset=utf-8", ...request.headers },
      body: JSON.stringify(request.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const reason =
      error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new TaskFailure("States.Http.Socket", `the webhook did not answer: ${reason}`);
  }
  const body = await response.text().catch(() => "");
  if (response.status < 200 || response.status > 299) {
    throw new TaskFailure(`States.Http.StatusCode.${response.status}`, body);
  }
  return { status: response.status, statusText: response.statusText, body };
}
