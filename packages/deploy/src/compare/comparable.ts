import { stableJson } from "@batchflow/core";

/**
 * What AWS returns holds more than what batchflow sent: server-side fields (ARNs, revision,
 * status, dates) and defaults (`cpu: 0`, `portMappings: []`, a Scheduler target's RetryPolicy).
 * To compare, the live object is projected onto the desired one: only keys the desired object
 * has are kept (recursively, arrays element by element), plus the `optional` keys batchflow may
 * leave out, so that removing e.g. a task role is still seen. Empty values (`undefined`, `null`,
 * `[]`, `{}`) count as absent on both sides.
 */
export function projectLive(live: unknown, desired: unknown, optional: ReadonlySet<string>): unknown {
  if (Array.isArray(desired)) {
    if (!Array.isArray(live)) return live;
    return live.map((item, i) => (i < desired.length ? projectLive(item, desired[i], optional) : item));
  }
  if (isRecord(desired)) {
    if (!isRecord(live)) return live;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(live)) {
      if (key in desired) out[key] = projectLive(live[key], desired[key], optional);
      else if (optional.has(key)) out[key] = live[key];
    }
    return out;
  }
  return live;
}

/** A copy without empty values, so `environment: []` and no `environment` compare equal. */
export function withoutEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmpty);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const cleaned = withoutEmpty(v);
    if (!isEmpty(cleaned)) out[key] = cleaned;
  }
  return out;
}

/** Key-order-free text of a value, for comparing and diffing; `(none)` for nothing (a policy not yet put). */
export function canonical(value: unknown): string {
  const cleaned = withoutEmpty(value);
  return isEmpty(cleaned) ? "(none)\n" : stableJson(cleaned);
}

/** The live value as it compares with the desired one (see {@link projectLive}). */
export function comparableLive(live: unknown, desired: unknown, optional: ReadonlySet<string>): string {
  return canonical(projectLive(withoutEmpty(live), withoutEmpty(desired), optional));
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isRecord(value) && Object.keys(value).length === 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
