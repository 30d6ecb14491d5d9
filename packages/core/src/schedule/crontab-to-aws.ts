import { formatAwsCronField } from "./aws-cron-field.js";
import { CRONTAB_FIELDS, parseCrontabField } from "./crontab-field.js";
import { CRONTAB_NICKNAMES } from "./crontab-nicknames.js";
import { expressionNotText } from "./expression-not-text.js";
import type { ScheduleProblem, ScheduleResult } from "./schedule-result.js";

const FIELD_NAMES = "minute hour day-of-month month day-of-week";

/**
 * Converts a classic 5-field crontab line (`m h dom mon dow`, Vixie cron semantics) into the equivalent
 * AWS EventBridge expression `cron(M H DOM MON DOW *)`, which fires at exactly the same minutes.
 * @param expr a crontab schedule such as `"0 3 * * 1-5"` or `"@daily"`
 * @returns the AWS expression, or every problem found (never throws)
 */
export function crontabToAws(expr: string): ScheduleResult {
  const notText = expressionNotText(expr, "cron");
  if (notText) return fail(notText);
  const line = expr.trim();
  if (line.startsWith("@")) return nickname(line);
  const texts = line === "" ? [] : line.split(/\s+/);
  if (texts.length !== CRONTAB_FIELDS.length) return fieldCountProblem(expr, texts.length);

  const problems: ScheduleProblem[] = [];
  const values = CRONTAB_FIELDS.map((field, index) => {
    const parsed = parseCrontabField(texts[index] ?? "", field, line);
    if (parsed.ok) return parsed.values;
    problems.push(parsed.problem);
    return [];
  });
  if (problems.length > 0) return { ok: false, problems };

  const [minutes = [], hours = [], daysOfMonth = [], months = [], daysOfWeek = []] = values;
  const days = dayFields(line, texts, daysOfMonth, daysOfWeek);
  if ("problem" in days) return { ok: false, problems: [days.problem] };

  const fields = [
    formatAwsCronField(minutes, { min: 0, max: 59, increments: true }),
    formatAwsCronField(hours, { min: 0, max: 23, increments: true }),
    days.dayOfMonth,
    formatAwsCronField(months, { min: 1, max: 12, increments: true }),
    days.dayOfWeek,
    "*",
  ];
  return { ok: true, expression: `cron(${fields.join(" ")})` };
}

function nickname(line: string): ScheduleResult {
  const name = line.toLowerCase();
  const fields = CRONTAB_NICKNAMES[name];
  if (fields !== undefined) return crontabToAws(fields);
  if (name === "@reboot") {
    return fail({
      code: "BF1104",
      message: `"${line}" runs when the machine boots; an AWS schedule has no such moment.`,
      hint: "Run the job from a deployment or an event instead, or give it a time-based schedule such as @daily.",
    });
  }
  return fail({
    code: "BF1101",
    message: `"${line}" is not a crontab nickname.`,
    hint: `Use one of ${Object.keys(CRONTAB_NICKNAMES).join(", ")}, or write the five fields (${FIELD_NAMES}).`,
  });
}

function fieldCountProblem(expr: string, count: number): ScheduleResult {
  const wrapped = /^\s*cron\(/i.test(expr);
  return fail({
    code: "BF1101",
    message: `Crontab expression "${expr}" has ${count} field${count === 1 ? "" : "s"}; expected 5 (${FIELD_NAMES}).`,
    hint: wrapped
      ? `Give the crontab line itself, e.g. "0 3 * * 1-5"; the AWS cron(...) form is generated from it.`
      : `Write five space-separated fields, e.g. "0 3 * * 1-5"; seconds and year fields are not part of crontab.`,
  });
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
        ? `Split it into two schedules, "${withDayOfMonth}" and "${withDayOfWeek}", or drop one of the two day fields by setting it to "*".`
        : `Drop one of the two day fields by setting it to "*" (e.g. "${withDayOfMonth}" or "${withDayOfWeek}"), and check the other condition inside the job if you need both.`,
    },
  };
}

function fail(problem: ScheduleProblem): ScheduleResult {
  return { ok: false, problems: [problem] };
}
