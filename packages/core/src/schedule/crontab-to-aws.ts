import { formatAwsCronField } from "./aws-cron-field.js";
import { CRONTAB_FIELDS, parseCrontabField } from "./crontab-field.js";
import { CRONTAB_NICKNAMES } from "./crontab-nicknames.js";
import { expressionNotText } from "./expression-not-text.js";
import type { CrontabTimes, ScheduleProblem, ScheduleResult } from "./schedule-result.js";

const FIELD_NAMES = "minute hour day-of-month month day-of-week";

/**
 * Converts a classic 5-field crontab line (`m h dom mon dow`, Vixie cron semantics) into the equivalent
 * AWS EventBridge expression `cron(M H DOM MON DOW *)`, which fires at exactly the same minutes.
 * @param expr a crontab schedule such as `"0 3 * * 1-5"` or `"@daily"`
 * @returns the AWS expression, or every problem found (never throws)
 */
export function crontabToAws(expr: string): ScheduleResult {
  return convertCrontab(expr).result;
}

/** A crontab line's AWS expression (`crontabToAws`), and what it selects in each field when valid. */
export interface CrontabConversion {
  readonly result: ScheduleResult;
  readonly times?: CrontabTimes;
}

export function convertCrontab(expr: string): CrontabConversion {
  const notText = expressionNotText(expr, "cron");
  if (notText) return { result: fail(notText) };
  const zone = zonePrefix(expr);
  if (zone !== undefined) {
    const { result, times } = convertCrontab(zone.line);
    if (!result.ok) return { result };
    const warning: ScheduleProblem = {
      code: "BF1111",
      message: `"${expr.trim()}" names its time zone with ${zone.variable}=, as a crontab may; batchflow reads it as { timezone: "${zone.timezone}" }.`,
      hint: `Write cron(${JSON.stringify(zone.line)}, { timezone: ${JSON.stringify(zone.timezone)} }).`,
    };
    return {
      result: { ...result, timezone: zone.timezone, warnings: [warning, ...(result.warnings ?? [])] },
      ...(times ? { times } : {}),
    };
  }
  const line = expr.trim();
  if (line.startsWith("@")) return nickname(line);
  const texts = line === "" ? [] : line.split(/\s+/);
  if (texts.length !== CRONTAB_FIELDS.length) return { result: fieldCountProblem(expr, texts) };

  const problems: ScheduleProblem[] = [];
  const warnings: ScheduleProblem[] = [];
  const values = CRONTAB_FIELDS.map((field, index) => {
    const parsed = parseCrontabField(texts[index] ?? "", field, line);
    if (parsed.ok) {
      warnings.push(...parsed.warnings);
      return parsed.values;
    }
    problems.push(parsed.problem);
    return [];
  });
  if (problems.length > 0) return { result: { ok: false, problems } };

  const [minutes = [], hours = [], daysOfMonth = [], months = [], daysOfWeek = []] = values;
  const times: AwsTimeFields = {
    minute: formatAwsCronField(minutes, { min: 0, max: 59, increments: true }),
    hour: formatAwsCronField(hours, { min: 0, max: 23, increments: true }),
    month: formatAwsCronField(months, { min: 1, max: 12, increments: true }),
  };
  const days = dayFields(line, texts, daysOfMonth, daysOfWeek, times);
  if ("problem" in days) return { result: { ok: false, problems: [days.problem] } };

  const fields = [times.minute, times.hour, days.dayOfMonth, times.month, days.dayOfWeek, "*"];
  return {
    result: {
      ok: true,
      expression: `cron(${fields.join(" ")})`,
      ...(warnings.length > 0 ? { warnings } : {}),
    },
    times: {
      minutes,
      hours,
      daysOfMonth,
      months,
      daysOfWeek,
      eitherDay: !(texts[2] ?? "").startsWith("*") && !(texts[4] ?? "").startsWith("*"),
    },
  };
}

/** A crontab's `CRON_TZ=Zone` (cronie) or `TZ=Zone` prefix, and the line after it. */
function zonePrefix(expr: string): { variable: string; timezone: string; line: string } | undefined {
  const match = /^\s*(CRON_TZ|TZ)=(\S+)\s+(.*)$/s.exec(expr);
  if (match === null) return undefined;
  return { variable: match[1] as string, timezone: match[2] as string, line: (match[3] as string).trim() };
}

function nickname(line: string): CrontabConversion {
  const name = line.toLowerCase();
  const fields = CRONTAB_NICKNAMES[name];
  if (fields !== undefined) return convertCrontab(fields);
  if (name === "@reboot") {
    return {
      result: fail({
        code: "BF1104",
        message: `"${line}" runs when the machine boots; an AWS schedule has no such moment.`,
        hint: "Run the job from a deployment or an event instead, or give it a time-based schedule such as @daily.",
      }),
    };
  }
  return {
    result: fail({
      code: "BF1101",
      message: `"${line}" is not a crontab nickname.`,
      hint: `Use one of ${Object.keys(CRONTAB_NICKNAMES).join(", ")}, or write the five fields (${FIELD_NAMES}).`,
    }),
  };
}

function fieldCountProblem(expr: string, texts: ReadonlyArray<string>): ScheduleResult {
  const count = texts.length;
  const wrapped = /^\s*cron\(/i.test(expr);
  const schedule = texts.slice(0, 5).join(" ");
  const sixth = texts[5] ?? "";
  // /etc/crontab and /etc/cron.d lines have a user before the command; a user crontab line, the command.
  if (count > 5 && !wrapped && !/^[0-9*?,/-]+$/.test(sixth)) {
    const user = /^[a-z_][a-z0-9_.-]*\$?$/i.test(sixth) && count >= 6;
    return fail({
      code: "BF1101",
      message: user
        ? `"${expr.trim()}" looks like a line of a system crontab: "${sixth}" is the user${count > 6 ? " and the rest the command" : ""}; cron() takes the five schedule fields only.`
        : `"${expr.trim()}" goes on after the five schedule fields ("${texts.slice(5).join(" ")}" looks like the command); cron() takes the schedule only.`,
      hint: `Write cron(${JSON.stringify(schedule)}) and give the job its command (job("name", { command: [...] })); the job runs as the task's user.`,
    });
  }
  return fail({
    code: "BF1101",
    message: `Crontab expression "${expr}" has ${count} field${count === 1 ? "" : "s"}; expected 5 (${FIELD_NAMES}).`,
    hint: wrapped
      ? `Give the crontab line itself, e.g. "0 3 * * 1-5"; the AWS cron(...) form is generated from it.`
      : count === 6 && texts.includes("?")
        ? `That is EventBridge's six-field form (the "?" says so): give the crontab line, e.g. cron("0 3 * * *"), or keep this one with awsCron(${JSON.stringify(expr.trim())}).`
        : `Write five space-separated fields, e.g. "0 3 * * 1-5"; seconds and year fields are not part of crontab.`,
  });
}

/** A crontab line's minute, hour and month fields as AWS writes them. */
interface AwsTimeFields {
  readonly minute: string;
  readonly hour: string;
  readonly month: string;
}

type DayFields =
  | { readonly dayOfMonth: string; readonly dayOfWeek: string }
  | { readonly problem: ScheduleProblem };

/**
 * AWS wants exactly one of the day fields to be `?`, so the crontab pair has to collapse onto one field.
 * Vixie cron ANDs the two fields when either starts with `*`, and ORs them otherwise.
 */
function dayFields(
  line: string,
  texts: ReadonlyArray<string>,
  daysOfMonth: ReadonlyArray<number>,
  daysOfWeek: ReadonlyArray<number>,
  times: AwsTimeFields,
): DayFields {
  const [, , domText = "", , dowText = ""] = texts;
  const everyDayOfMonth = daysOfMonth.length === 31;
  const everyDayOfWeek = daysOfWeek.length === 7;
  const dayOfMonth = formatAwsCronField(daysOfMonth, { min: 1, max: 31, increments: true });
  // Crontab counts Sunday as 0, AWS as 1.
  const awsDays = daysOfWeek.map((day) => day + 1);
  const dayOfWeek = formatAwsCronField(awsDays, { min: 1, max: 7, increments: false });
  const eitherMatches = !domText.startsWith("*") && !dowText.startsWith("*");
  if (eitherMatches ? everyDayOfMonth || everyDayOfWeek : everyDayOfMonth && everyDayOfWeek) {
    return { dayOfMonth: "*", dayOfWeek: "?" };
  }
  if (!eitherMatches && everyDayOfWeek) return { dayOfMonth, dayOfWeek: "?" };
  if (!eitherMatches && everyDayOfMonth) return { dayOfMonth: "?", dayOfWeek };

  const withDayOfMonth = [...texts.slice(0, 4), "*"].join(" ");
  const withDayOfWeek = [...texts.slice(0, 2), "*", ...texts.slice(3)].join(" ");
  return {
    problem: {
      code: "BF1103",
      message:
        `"${line}" restricts both day-of-month ("${domText}") and day-of-week ("${dowText}"). ` +
        (eitherMatches
          ? "Crontab fires when EITHER field matches, but AWS cron can restrict only one of them (the other must be " +
            '"?"), so it cannot express that OR.'
          : `Because one of them starts with "*", crontab fires only when BOTH match, and AWS cron can restrict ` +
            'only one of them (the other must be "?").'),
      hint: eitherMatches
        ? `Give the workflow both halves, schedule: [cron(${JSON.stringify(withDayOfMonth)}), cron(${JSON.stringify(withDayOfWeek)})]: together they fire at the same minutes as the line (a day both match starts it twice; a lock with onBusy: "skip" runs it once). Or drop one of the two day fields by setting it to "*".${nthWeekdayHint(daysOfMonth, daysOfWeek, times)}`
        : `Drop one of the two day fields by setting it to "*" (e.g. "${withDayOfMonth}" or "${withDayOfWeek}"), and check the other condition inside the job if you need both.`,
    },
  };
}

const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const WEEKDAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const ORDINALS = ["first", "second", "third", "fourth"];

/**
 * Days 1-7 (8-14, 15-21, 22-28) and one weekday: often meant as the first (second, ...) such
 * weekday of the month, which crontab cannot say but AWS's `#` can.
 */
function nthWeekdayHint(
  daysOfMonth: ReadonlyArray<number>,
  daysOfWeek: ReadonlyArray<number>,
  times: AwsTimeFields,
): string {
  const [weekday] = daysOfWeek;
  const first = daysOfMonth[0] ?? 0;
  const week = (first - 1) / 7;
  const isWeek = daysOfMonth.length === 7 && daysOfMonth.every((d, i) => d === first + i);
  if (daysOfWeek.length !== 1 || weekday === undefined || !isWeek || !Number.isInteger(week) || week > 3)
    return "";
  const name = WEEKDAYS[weekday] as string;
  const expression = `${times.minute} ${times.hour} ? ${times.month} ${name}#${week + 1} *`;
  const day = WEEKDAY_NAMES[weekday] as string;
  return ` If you meant only the ${ORDINALS[week]} ${day} of the month (the line also runs on days ${first}-${first + 6} and every ${day}), write awsCron(${JSON.stringify(expression)}).`;
}

function fail(problem: ScheduleProblem): ScheduleResult {
  return { ok: false, problems: [problem] };
}
