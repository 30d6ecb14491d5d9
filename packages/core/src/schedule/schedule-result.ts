/** One reason a schedule cannot be deployed, phrased for the person who wrote it. */
export interface ScheduleProblem {
  /** Stable `BF11xx` code, so tooling and docs can refer to the failure. */
  readonly code: string;
  /** What is wrong, quoting the user's own text. */
  readonly message: string;
  /** What to do about it. */
  readonly hint: string;
}

/** The values a crontab line selects in each field, and how its two day fields combine. */
export interface CrontabTimes {
  readonly minutes: ReadonlyArray<number>;
  readonly hours: ReadonlyArray<number>;
  readonly daysOfMonth: ReadonlyArray<number>;
  readonly months: ReadonlyArray<number>;
  /** 0 = Sunday. */
  readonly daysOfWeek: ReadonlyArray<number>;
  /** Vixie cron: a day matches when either day field does, unless one of them starts with `*`. */
  readonly eitherDay: boolean;
}

/** Either an AWS schedule expression ready for EventBridge, or every problem found on the way. */
export type ScheduleResult =
  | {
      readonly ok: true;
      readonly expression: string;
      /** Things that deploy as written but may not be what was meant. */
      readonly warnings?: ReadonlyArray<ScheduleProblem>;
      /** The zone a `CRON_TZ=` or `TZ=` prefix named. */
      readonly timezone?: string;
    }
  | { readonly ok: false; readonly problems: ReadonlyArray<ScheduleProblem> };
