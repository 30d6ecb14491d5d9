/**
 * The codes of option checking, each listed with an example and the fix in docs/errors.md.
 * BF101x are thrown by a builder at the user's call; BF110x concern schedules; BF122x are
 * collected while a workflow is compiled.
 */
export const validationCode = {
  /** A key the option object's type does not have. */
  unknownOption: "BF1011",
  /** A value of another type than the option takes. */
  wrongType: "BF1012",
  /** A key the type requires is missing. */
  missingOption: "BF1013",
  /** A `States.*` error name AWS does not define. */
  unknownStatesError: "BF1014",
  /** `cron()` or `rate()` got something other than a string. */
  scheduleExpressionNotText: "BF1107",
  /** `schedule:` got something other than `cron(...)` or `rate(...)`. */
  scheduleNotBuilt: "BF1108",
  /** A function of the user's that batchflow calls while compiling (`defaults.command`) threw. */
  callbackFailed: "BF1225",
} as const;

export type ValidationCode = (typeof validationCode)[keyof typeof validationCode];
