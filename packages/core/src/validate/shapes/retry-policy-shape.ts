import type { RetryPolicyInput } from "../../ir/retry-policy.js";
import { numeric, objectOf, oneOf, optional } from "../shape-builders.js";
import { durationShape, errorNamesShape } from "./value-shapes.js";

/** `.retry({...})` and `infrastructureRetry`: ranges are checked when compiling (BF1206, BF1207). */
export const retryPolicyShape = objectOf<RetryPolicyInput>(
  "a retry policy",
  {
    on: optional(errorNamesShape),
    interval: optional(durationShape),
    maxAttempts: optional(numeric({ expects: "must be a number of retries", example: "3" })),
    backoff: optional(numeric({ expects: "must be a number (the interval's multiplier)", example: "2" })),
    maxDelay: optional(durationShape),
    jitter: optional(oneOf(["full", "none"])),
  },
  {
    expects: 'must be a retry policy like { on: ["States.TaskFailed"], maxAttempts: 2 }',
    example: '{ on: ["States.TaskFailed"], maxAttempts: 2 }',
    elsewhere: {
      errors: 'the error names are on: ["States.TaskFailed"]',
      retries: "the number of retries is maxAttempts",
      attempts: "the number of retries is maxAttempts",
      delay: 'the wait before the first retry is interval: "3s"',
    },
  },
);
