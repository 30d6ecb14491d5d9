/** One meaningful line of a crontab file, as cron reads it. */
export type CrontabLine = CrontabEnvLine | CrontabJobLine | CrontabUnreadLine;

/** `NAME=value`: cron sets it for the lines below (CRON_TZ= sets their schedule's time zone). */
export interface CrontabEnvLine {
  readonly kind: "env";
  /** 1-based number of the line's first physical line. */
  readonly line: number;
  readonly text: string;
  readonly name: string;
  readonly value: string;
}

/** A schedule and the command it runs. */
export interface CrontabJobLine {
  readonly kind: "job";
  readonly line: number;
  readonly text: string;
  /** The five time fields joined by one space, or a nickname such as `@daily`. */
  readonly schedule: string;
  /** The user field of a system crontab (`/etc/crontab`, `/etc/cron.d/*`). */
  readonly user?: string;
  /** The command up to the first unescaped `%`, with `\%` read as `%`. */
  readonly command: string;
  /** What follows the first unescaped `%`: cron feeds it to the command's standard input. */
  readonly stdin?: string;
}

/** A line that is neither a comment, an assignment nor a schedule cron would run. */
export interface CrontabUnreadLine {
  readonly kind: "unread";
  readonly line: number;
  readonly text: string;
  readonly reason: string;
}

export type CrontabFormat = "user" | "system";

const envPattern = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;

/**
 * Reads a crontab as cron does: comments and blank lines are skipped, `NAME=value` lines set the
 * environment, other lines are five time fields (or an `@nickname`), in a system crontab a user,
 * then the command. A line ending in `\` continues on the next (some crons and most crontab
 * generators write them).
 */
export function readCrontab(text: string, format: CrontabFormat): CrontabLine[] {
  const lines: CrontabLine[] = [];
  const physical = text.split(/\r?\n/);
  for (let i = 0; i < physical.length; i++) {
    const start = i;
    let logical = physical[i] as string;
    while (/(^|[^\\])\\$/.test(logical) && i + 1 < physical.length) {
      logical = `${logical.slice(0, -1)}${(physical[++i] as string).trimStart()}`;
    }
    const trimmed = logical.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const line = start + 1;
    const env = envPattern.exec(trimmed);
    if (env && !/^[0-9*@]/.test(trimmed)) {
      lines.push({
        kind: "env",
        line,
        text: trimmed,
        name: env[1] as string,
        value: unquote(env[2] as string),
      });
      continue;
    }
    lines.push(jobLine(trimmed, line, format));
  }
  return lines;
}

function jobLine(text: string, line: number, format: CrontabFormat): CrontabJobLine | CrontabUnreadLine {
  const fieldCount = text.startsWith("@") ? 1 : 5;
  const words = leadingWords(text, fieldCount + (format === "system" ? 1 : 0));
  if (!words) {
    return { kind: "unread", line, text, reason: "a schedule line needs its time fields and a command" };
  }
  const schedule = words.words.slice(0, fieldCount).join(" ");
  const user = format === "system" ? words.words[fieldCount] : undefined;
  const { command, stdin } = splitPercent(words.rest);
  if (command.trim() === "") {
    return { kind: "unread", line, text, reason: "the line has no command" };
  }
  return {
    kind: "job",
    line,
    text,
    schedule,
    ...(user === undefined ? {} : { user }),
    command: command.trim(),
    ...(stdin === undefined ? {} : { stdin }),
  };
}

/** The first `count` whitespace-separated words and the text after them, or undefined when fewer. */
function leadingWords(text: string, count: number): { words: string[]; rest: string } | undefined {
  const words: string[] = [];
  let rest = text;
  for (let i = 0; i < count; i++) {
    const match = /^(\S+)\s*/.exec(rest);
    if (!match) return undefined;
    words.push(match[1] as string);
    rest = rest.slice(match[0].length);
  }
  return { words, rest };
}

/** crontab(5): the first unescaped `%` ends the command; the rest, `%` read as newlines, is stdin. */
function splitPercent(text: string): { command: string; stdin?: string } {
  let command = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\\" && text[i + 1] === "%") {
      command += "%";
      i++;
    } else if (c === "%") {
      const stdin = text
        .slice(i + 1)
        .replace(/(^|[^\\])%/g, "$1\n")
        .replace(/\\%/g, "%");
      return { command, stdin };
    } else {
      command += c;
    }
  }
  return { command };
}

/** cron takes a value in single or double quotes as it is, without them. */
function unquote(value: string): string {
  const trimmed = value.trim();
  const quoted = /^(["'])(.*)\1$/.exec(trimmed);
  return quoted ? (quoted[2] as string) : trimmed;
}

/** Service users a system crontab names in its sixth field; `auto` reads those lines as system lines. */
const systemUsers = new Set([
  "root",
  "batch",
  "www-data",
  "nobody",
  "daemon",
  "postgres",
  "mysql",
  "deploy",
  "app",
  "ubuntu",
  "ec2-user",
  "admin",
  "backup",
  "nginx",
  "apache",
  "redis",
  "git",
  "jenkins",
  "www",
  "web",
]);

/**
 * `system` when every schedule line's word after its time fields is a service user (root,
 * www-data, ...) followed by more words, as in `/etc/crontab`; otherwise `user`.
 */
export function detectCrontabFormat(text: string): CrontabFormat {
  const lines = readCrontab(text, "user").filter((l): l is CrontabJobLine => l.kind === "job");
  if (lines.length === 0) return "user";
  const system = lines.every((l) => {
    const [first, ...others] = l.command.split(/\s+/);
    return first !== undefined && systemUsers.has(first) && others.length > 0;
  });
  return system ? "system" : "user";
}
