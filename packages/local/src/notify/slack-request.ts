import { unsupportedTask } from "../services/unsupported-task.js";

/** An `http:invoke` call of a notification state: the Slack webhook POST. */
export interface SlackRequest {
  readonly url: string;
  readonly method: string;
  /** `Headers` of the state (the connection's own API-key header is not sent locally). */
  readonly headers: Readonly<Record<string, string>>;
  /** `RequestBody`, posted as JSON. */
  readonly body: Readonly<Record<string, unknown>>;
  readonly text: string;
  readonly channel?: string;
}

/** Reads the evaluated Parameters `{ ApiEndpoint, Method, Authentication, Headers?, RequestBody }`. */
export function parseSlackRequest(state: string, parameters: unknown): SlackRequest {
  const bad = (problem: string): Error => unsupportedTask(state, `http:invoke ${problem}`);
  const p = isRecord(parameters) ? parameters : {};
  if (typeof p.ApiEndpoint !== "string" || p.ApiEndpoint === "") throw bad("without an ApiEndpoint URL");
  const body = p.RequestBody;
  if (!isRecord(body) || typeof body.text !== "string") throw bad("without a RequestBody { text }");
  const headers: Record<string, string> = {};
  if (isRecord(p.Headers))
    for (const [name, value] of Object.entries(p.Headers)) headers[name] = String(value);
  return {
    url: p.ApiEndpoint,
    method: typeof p.Method === "string" ? p.Method : "POST",
    headers,
    body,
    text: body.text,
    ...(typeof body.channel === "string" ? { channel: body.channel } : {}),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
