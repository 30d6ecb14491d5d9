import { defineCommand } from "../args/command-spec.js";
import type { ParsedCommand } from "../args/parse-command-args.js";
import { usageError } from "../args/usage-error.js";
import { cliCode } from "../cli-codes.js";

export const explainSpec = defineCommand({
  name: "explain",
  summary:
    "say when workflows and scheduled tasks run, how long they can take and what they may cost a month",
  description: [
    "Compiles the project in memory and prints, per workflow: its schedule in words and its next 10",
    "fire times in UTC and in the schedule's zone (from the AWS expression that deploys, daylight-saving",
    "days flagged), the longest a run can take, its Step Functions state transitions at best and worst,",
    "and an estimate of its monthly cost from public list prices (an estimate, not a quote); per",
    "scheduled task (task()), its schedules, its size and the Fargate cost of its runs; per service,",
    "the Fargate cost of keeping its tasks running. Writes nothing.",
  ],
  positionals: [
    {
      name: "workflow",
      description: "only these workflows, scheduled tasks and services (default: every one of the project)",
      variadic: true,
    },
  ],
  options: {
    json: { type: "boolean", description: "print the explanation as JSON (docs/cli.md describes its shape)" },
    durations: {
      type: "string",
      value: "FILE",
      path: true,
      description:
        'expected job (and task) durations: a JSON object { "<job>": seconds } or a batchflow run --json trace (default: the timeouts)',
    },
    from: {
      type: "string",
      value: "TIME",
      description:
        "list fire times and count runs from this ISO 8601 time, e.g. 2027-03-01T00:00Z (default: now)",
    },
  },
  exitCodes: [
    [0, "explained"],
    [1, "problems in the workflows, a file that failed to load, or a durations file that cannot be used"],
    [2, "usage error: unknown option or workflow, a bad --from"],
  ],
});

export interface ExplainArgs {
  readonly workflows: ReadonlyArray<string>;
  readonly json: boolean;
  /** Absolute. */
  readonly durations?: string | undefined;
  /** Epoch milliseconds, whole minutes: fire times are listed from here. */
  readonly from: number;
}

type Parsed = Extract<ParsedCommand<typeof explainSpec.options>, { help: false }>;

export function explainArgs({ values, positionals }: Parsed, now = Date.now()): ExplainArgs {
  return {
    workflows: positionals,
    json: values.json,
    durations: values.durations,
    from: fromTime(values.from, now),
  };
}

function fromTime(text: string | undefined, now: number): number {
  if (text === undefined) return Math.ceil(now / 60_000) * 60_000;
  // An ISO 8601 date and time with its offset (or Z); a bare date is taken as midnight UTC.
  const iso = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/.test(text);
  const time = iso ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(time)) {
    throw usageError(
      cliCode.explainFrom,
      `--from "${text}" is not an ISO 8601 time with its zone`,
      "write it as 2027-03-01T00:00Z, 2027-03-01T09:00+09:00 or 2027-03-01",
    );
  }
  return Math.ceil(time / 60_000) * 60_000;
}
