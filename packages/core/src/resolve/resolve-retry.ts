import type { DiagnosticSink } from "../diagnostics/diagnostic-sink.js";
import { allErrors } from "../ir/error-name.js";
import type { RetryPolicyInput, RetryPolicyNode } from "../ir/retry-policy.js";
import { showValue } from "../validate/describe-value.js";
import { durationField } from "./duration-field.js";
import type { ResolvedRetrier } from "./resolved-workflow.js";

/** ASL's own bounds on retrier fields. */
const maxAttemptsLimit = 99_999_999;
const maxDelayLimit = 31_622_399;

export const retryDefaults = { on: [allErrors], interval: 1, maxAttempts: 3, backoff: 2 } as const;

/** Applies defaults and checks ranges; problems go to the sink and the retrier is left out. */
export function resolveRetrier(
  policy: RetryPolicyNode | RetryPolicyInput,
  sink: DiagnosticSink,
  job?: string,
): ResolvedRetrier | undefined {
  const site = "site" in policy ? policy.site : undefined;
  const where = { job, site };
  let ok = true;
  const fail = (code: string, message: string, hint: string): void => {
    ok = false;
    sink.report({ code, message, hint, ...where });
  };

  const errors = policy.on ?? retryDefaults.on;
  if (
    !Array.isArray(errors) ||
    errors.length === 0 ||
    errors.some((e) => typeof e !== "string" || e === "")
  ) {
    fail(
      "BF1207",
      `retry "on" must be a non-empty list of error names, got ${showValue(policy.on)}`,
      'write on: ["States.TaskFailed"] or leave it out for ["States.ALL"]',
    );
  } else if (errors.includes(allErrors) && errors.length > 1) {
    fail(
      "BF1208",
      `"States.ALL" must be alone in a retry's "on" list, got ${showValue(errors)}`,
      'use one retry with on: ["States.ALL"], or list the specific errors without it',
    );
  }
  const interval = durationField(policy.interval ?? retryDefaults.interval, "retry interval", sink, where, {
    min: 1,
  });
  const maxDelay =
    policy.maxDelay === undefined
      ? undefined
      : durationField(policy.maxDelay, "retry maxDelay", sink, where, { min: 1, max: maxDelayLimit });
  if (interval === undefined || (policy.maxDelay !== undefined && maxDelay === undefined)) ok = false;

  const maxAttempts = policy.maxAttempts ?? retryDefaults.maxAttempts;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 0 || maxAttempts > maxAttemptsLimit) {
    fail(
      "BF1207",
      `retry maxAttempts must be a whole number from 0 to ${maxAttemptsLimit}, got ${maxAttempts}`,
      "maxAttempts counts retries after the first attempt; 0 means no retry",
    );
  }
  const backoff = policy.backoff ?? retryDefaults.backoff;
  if (typeof backoff !== "number" || !Number.isFinite(backoff) || backoff < 1) {
    fail(
      "BF1207",
      `retry backoff must be a number of at least 1, got ${backoff}`,
      "backoff multiplies the interval after each retry; 1 keeps it constant",
    );
  }
  if (policy.jitter !== undefined && policy.jitter !== "full" && policy.jitter !== "none") {
    fail(
      "BF1207",
      `retry jitter must be "full" or "none", got ${showValue(policy.jitter)}`,
      'write jitter: "full"',
    );
  }
  if (!ok || interval === undefined) return undefined;
  return {
    errors: [...errors],
    intervalSeconds: interval,
    maxAttempts,
    backoffRate: backoff,
    ...(maxDelay === undefined ? {} : { maxDelaySeconds: maxDelay }),
    ...(policy.jitter === undefined ? {} : { jitter: policy.jitter === "full" ? "FULL" : "NONE" }),
  };
}

/**
 * A job's retriers: the infrastructure preset first, then the user's in their order. First,
 * because in ASL a `States.TaskFailed` retrier also matches the ECS errors and would shadow the
 * preset; an error the user names in a retry of their own is left to that retry.
 */
export function orderRetriers(
  user: ReadonlyArray<ResolvedRetrier>,
  preset: ResolvedRetrier | undefined,
): ResolvedRetrier[] {
  if (!preset) return [...user];
  const named = new Set(user.flatMap((r) => r.errors));
  const errors = preset.errors.filter((e) => !named.has(e));
  return errors.length === 0 ? [...user] : [{ ...preset, errors }, ...user];
}
