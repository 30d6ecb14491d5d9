/** One reason a schedule cannot be deployed, phrased for the person who wrote it. */
export interface ScheduleProblem {
  /** Stable `BF11xx` code, so tooling and docs can refer to the failure. */
  readonly code: string;
  /** What is wrong, quoting the user's own text. */
  readonly message: string;
  /** What to do about it. */
  readonly hint: string;
}

/** Either an AWS schedule expression ready for EventBridge, or every problem found on the way. */
export type ScheduleResult =
  | { readonly ok: true; readonly expression: string }
  | { readonly ok: false; readonly problems: ReadonlyArray<ScheduleProblem> };
