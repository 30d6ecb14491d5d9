import { convertCrontab } from "@batchflow/core";
import { type ImportedLock, readCommand } from "./crontab-command.js";
import type { CrontabJobLine, CrontabLine } from "./crontab-lines.js";
import { jobNameOf, uniqueName, workflowNameOf } from "./imported-names.js";

export interface ImportOptions {
  /** The cron server's time zone: the schedules' zone where no CRON_TZ= line says otherwise. */
  readonly timezone?: string;
  /** Lines sharing a schedule and time zone become one workflow of parallel jobs. */
  readonly group: boolean;
}

export interface ImportedJob {
  readonly name: string;
  readonly line: CrontabJobLine;
  readonly command: ReadonlyArray<string> | string;
  readonly timeoutSeconds?: number;
  readonly lock?: ImportedLock & { readonly waitSeconds?: number };
  readonly env: Readonly<Record<string, string>>;
}

export interface ImportedWorkflow {
  readonly name: string;
  /** The crontab schedule of its lines, as the crontab has it. */
  readonly schedule: string;
  /**
   * What `cron()` takes: the line's schedule, or for a line whose day-of-month and day-of-week are
   * both set (cron runs it when either matches) its two halves, each restricting one day field.
   */
  readonly cronSchedules: ReadonlyArray<string>;
  readonly timezone?: string;
  /** Set for two halves: a day both match starts two runs at the same minute; the lock skips the second. */
  readonly lock?: { readonly name: string; readonly onBusy: "skip" };
  readonly jobs: ReadonlyArray<ImportedJob>;
}

/** A line the import did not convert, or converted with a change of meaning. */
export interface ImportFinding {
  readonly line: number;
  readonly text: string;
  readonly reason: string;
}

export interface ImportPlan {
  readonly workflows: ReadonlyArray<ImportedWorkflow>;
  /** Lines left out: each is written as a `// TODO` and named in the report. */
  readonly unconverted: ReadonlyArray<ImportFinding>;
  /** Converted lines whose meaning changed on the way. */
  readonly notes: ReadonlyArray<ImportFinding>;
  /** Schedule lines read. */
  readonly scheduleLines: number;
}

/** Environment lines cron reads itself rather than passing them to the command. */
const cronSettings: Readonly<Record<string, string>> = {
  SHELL: "commands run as the job's command (a string through sh -c, argv otherwise), not through SHELL",
  MAILTO: "cron mailed a command's output; use notify: { slack } or the run's logs",
  MAILFROM: "cron mailed a command's output; use notify: { slack } or the run's logs",
  RANDOM_DELAY: "EventBridge starts a run within its minute; no random delay is added",
  PATH:
    "cron's search path is not copied into env, where it would replace the image's PATH (and yours under batchflow run); " +
    "a command found only in a directory of it needs its full path or that directory on the image's PATH",
};

/** Decides what every line of a crontab becomes: workflows and their jobs, or a finding. */
export function planImport(lines: ReadonlyArray<CrontabLine>, options: ImportOptions): ImportPlan {
  const unconverted: ImportFinding[] = [];
  const notes: ImportFinding[] = [];
  const env: Record<string, string> = {};
  let timezone = options.timezone;
  const converted: {
    job: Omit<ImportedJob, "name">;
    schedule: string;
    cronSchedules: ReadonlyArray<string>;
    timezone?: string;
  }[] = [];
  let scheduleLines = 0;

  for (const line of lines) {
    if (line.kind === "unread") {
      unconverted.push({ line: line.line, text: line.text, reason: line.reason });
      continue;
    }
    if (line.kind === "env") {
      if (line.name === "CRON_TZ") {
        timezone = line.value;
      } else if (line.name === "TZ") {
        env[line.name] = line.value;
        notes.push({
          line: line.line,
          text: line.text,
          reason: "TZ= is passed to the commands; the schedules keep their zone (CRON_TZ= or --tz sets it)",
        });
      } else if (line.name === "MAILTO" && line.value === "") {
        // Mail turned off: what a workflow does anyway.
      } else if (line.name in cronSettings) {
        notes.push({ line: line.line, text: line.text, reason: cronSettings[line.name] as string });
      } else {
        env[line.name] = line.value;
      }
      continue;
    }
    scheduleLines++;
    const found = (reason: string) => unconverted.push({ line: line.line, text: line.text, reason });
    if (line.schedule === "@reboot") {
      found("@reboot runs when the server starts; a workflow has no such moment (run it once by hand)");
      continue;
    }
    const cronSchedules = eitherDay(line.schedule) ?? [line.schedule];
    const results = cronSchedules.map((s) => convertCrontab(s).result);
    const failed = results.flatMap((r) => (r.ok ? [] : r.problems));
    if (failed.length > 0) {
      found(failed.map((p) => `${p.code}: ${p.message}`).join("; "));
      continue;
    }
    for (const warning of new Set(
      results.flatMap((r) => (r.ok ? (r.warnings ?? []) : [])).map((w) => `${w.code}: ${w.message}`),
    )) {
      notes.push({ line: line.line, text: line.text, reason: warning });
    }
    if (cronSchedules.length === 2) {
      notes.push({
        line: line.line,
        text: line.text,
        reason:
          "cron runs it when the day-of-month OR the day-of-week matches: two schedules, each with one day field; " +
          'on a day both match both start a run, and lock: { onBusy: "skip" } skips the second',
      });
    }
    if (line.stdin !== undefined) {
      found("a % in the command feeds the text after it to standard input, which a Fargate task has none of");
      continue;
    }
    const read = readCommand(line.command);
    if (!read.ok) {
      found(read.reason);
      continue;
    }
    const { job } = read;
    for (const note of job.notes) notes.push({ line: line.line, text: line.text, reason: note });
    let command = job.command;
    if (job.workingDirectory !== undefined) {
      // A task's container starts in the image's WORKDIR; `cd` keeps the line's directory.
      command = `cd ${shellQuote(job.workingDirectory)} && ${typeof command === "string" ? command : command.map(shellQuote).join(" ")}`;
    }
    let lock: ImportedJob["lock"] = job.lock;
    if (lock && lock.onBusy === "fail" && lock.waitSeconds === undefined) {
      const waitSeconds = job.timeoutSeconds ?? 3600;
      lock = { ...lock, waitSeconds };
      notes.push({
        line: line.line,
        text: line.text,
        reason: `flock without -n or -w waits as long as it takes; the lock waits ${waitSeconds} s, then the run fails`,
      });
    }
    converted.push({
      job: {
        line,
        command,
        ...(job.timeoutSeconds === undefined ? {} : { timeoutSeconds: job.timeoutSeconds }),
        ...(lock === undefined ? {} : { lock }),
        env: { ...env, ...job.env },
      },
      schedule: line.schedule,
      cronSchedules,
      ...(timezone === undefined ? {} : { timezone }),
    });
  }

  const groups = new Map<string, typeof converted>();
  converted.forEach((c, i) => {
    const key = options.group ? `${c.schedule}\u0000${c.timezone ?? ""}` : String(i);
    groups.set(key, [...(groups.get(key) ?? []), c]);
  });
  const workflowNames = new Set<string>();
  const workflows = [...groups.values()].map((members): ImportedWorkflow => {
    const jobNames = new Set<string>();
    const jobs = members.map(({ job }) => ({ ...job, name: uniqueName(jobNameOf(job.command), jobNames) }));
    const first = members[0] as (typeof converted)[number];
    const name = uniqueName(
      members.length === 1 ? (jobs[0] as ImportedJob).name : workflowNameOf(first.schedule),
      workflowNames,
    );
    return {
      name,
      schedule: first.schedule,
      cronSchedules: first.cronSchedules,
      ...(first.timezone === undefined ? {} : { timezone: first.timezone }),
      ...(first.cronSchedules.length > 1 ? { lock: { name: `${name}.run`, onBusy: "skip" as const } } : {}),
      jobs,
    };
  });
  return { workflows, unconverted, notes, scheduleLines };
}

function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The two halves of a line whose day-of-month and day-of-week are both restricted (neither starts
 * with `*`): cron runs it when either matches, which two schedules, each with one day field, say.
 */
function eitherDay(schedule: string): [string, string] | undefined {
  const fields = schedule.split(" ");
  if (fields.length !== 5) return undefined;
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields as [string, string, string, string, string];
  if (dayOfMonth.startsWith("*") || dayOfWeek.startsWith("*")) return undefined;
  return [`${minute} ${hour} ${dayOfMonth} ${month} *`, `${minute} ${hour} * ${month} ${dayOfWeek}`];
}
