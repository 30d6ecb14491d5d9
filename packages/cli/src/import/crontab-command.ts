/**
 * What a crontab command becomes in a job: the wrappers a cron server needs (`timeout`, `flock`,
 * `cd DIR &&`, `NAME=value` prefixes) turn into job options, the rest is the job's command.
 */
export interface JobCommand {
  /** argv when the rest is plain words; else the text, which the container runs with `sh -c` as cron does. */
  readonly command: ReadonlyArray<string> | string;
  /** Seconds, from `timeout N`. */
  readonly timeoutSeconds?: number;
  readonly lock?: ImportedLock;
  /** From `cd DIR &&`. */
  readonly workingDirectory?: string;
  /** From `NAME=value cmd` prefixes. */
  readonly env: Readonly<Record<string, string>>;
  /** What changed in meaning on the way, for the report. */
  readonly notes: ReadonlyArray<string>;
}

export interface ImportedLock {
  /** The lock file's base name: every workflow naming it shares one lock. */
  readonly name: string;
  readonly file: string;
  /** Seconds flock waits (`-w N`); `-n` waits none and skips. */
  readonly waitSeconds?: number;
  readonly onBusy: "skip" | "fail";
}

export type CommandReading =
  | { readonly ok: true; readonly job: JobCommand }
  | { readonly ok: false; readonly reason: string };

interface Word {
  /** The word as the shell passes it on: quotes removed. */
  readonly value: string;
  /** Whether it holds something the shell would expand or treat specially (unquoted). */
  readonly special: boolean;
  readonly end: number;
}

const shellSpecial = /[;&|<>()`$*?[\]{}~!#]/;

/** The next shell word of `text` from `start`, or undefined at the end of the text. */
function nextWord(text: string, start: number): Word | undefined {
  let i = start;
  while (i < text.length && /\s/.test(text[i] as string)) i++;
  if (i >= text.length) return undefined;
  let value = "";
  let special = false;
  while (i < text.length && !/\s/.test(text[i] as string)) {
    const c = text[i] as string;
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) return { value, special: true, end: text.length };
      value += text.slice(i + 1, close);
      i = close + 1;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') {
        if (text[j] === "\\" && j + 1 < text.length) j++;
        if (text[j] === "$" || text[j] === "`") special = true;
        j++;
      }
      value += text.slice(i + 1, j).replace(/\\(["\\$`])/g, "$1");
      i = j + 1;
    } else if (c === "\\" && i + 1 < text.length) {
      value += text[i + 1];
      i += 2;
    } else {
      if (shellSpecial.test(c)) special = true;
      value += c;
      i++;
    }
  }
  return { value, special, end: i };
}

function words(text: string): Word[] {
  const all: Word[] = [];
  for (let word = nextWord(text, 0); word; word = nextWord(text, word.end)) all.push(word);
  return all;
}

/** `timeout`'s DURATION: a number with an optional s, m, h or d suffix. */
function durationSeconds(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(text);
  if (!match) return undefined;
  const factor = { "": 1, s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as "" | "s" | "m" | "h" | "d"];
  return Math.ceil(Number(match[1]) * factor);
}

const programName = (word: string) => word.slice(word.lastIndexOf("/") + 1);

/**
 * Reads the wrappers at the start of a crontab command, in any order, then keeps the rest.
 * Refuses what has no counterpart in a job (a shared flock, a timeout that is not a duration).
 */
export function readCommand(text: string): CommandReading {
  const notes: string[] = [];
  const env: Record<string, string> = {};
  let timeoutSeconds: number | undefined;
  let lock: ImportedLock | undefined;
  let workingDirectory: string | undefined;
  let at = 0;
  for (;;) {
    const word = nextWord(text, at);
    if (!word) return { ok: false, reason: "the command is empty once its wrappers are read" };
    const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(word.value);
    if (assignment && !word.special) {
      env[assignment[1] as string] = assignment[2] as string;
      at = word.end;
      continue;
    }
    const program = programName(word.value);
    if (word.value === "cd" && workingDirectory === undefined) {
      const dir = nextWord(text, word.end);
      const and = dir && nextWord(text, dir.end);
      if (!dir || dir.special || !and || (and.value !== "&&" && and.value !== ";")) break;
      workingDirectory = dir.value;
      at = and.end;
      continue;
    }
    if (program === "timeout" && timeoutSeconds === undefined) {
      const read = readTimeout(text, word.end, notes);
      if (!read.ok) return read;
      timeoutSeconds = read.seconds;
      at = read.end;
      continue;
    }
    if (program === "flock" && lock === undefined) {
      const read = readFlock(text, word.end);
      if (!read.ok) return read;
      lock = read.lock;
      if (read.command !== undefined) {
        // flock FILE -c 'cmd': the command is that one argument, run by sh -c.
        return finish(read.command, { env, timeoutSeconds, lock, workingDirectory, notes });
      }
      at = read.end;
      continue;
    }
    break;
  }
  return finish(text.slice(at).trim(), { env, timeoutSeconds, lock, workingDirectory, notes });
}

/*
 * Users a line of a system crontab names before its command, which no program is called: such a
 * line read as a user crontab's would run "root" as its command (and name its job after it).
 */
const userNames = new Set(["root", "www-data", "nobody", "daemon", "ec2-user", "ubuntu"]);

interface Wrappers {
  readonly env: Record<string, string>;
  readonly timeoutSeconds: number | undefined;
  readonly lock: ImportedLock | undefined;
  readonly workingDirectory: string | undefined;
  readonly notes: string[];
}

function finish(rest: string, wrappers: Wrappers): CommandReading {
  const { env, timeoutSeconds, lock, workingDirectory, notes } = wrappers;
  if (rest === "") return { ok: false, reason: "the command is empty once its wrappers are read" };
  const all = words(rest);
  const plain = all.every((w) => !w.special);
  if (/(^|\s)\d?>>?\s*\S/.test(rest) && !/>\s*\/dev\/null/.test(rest)) {
    notes.push(
      "its output is redirected to a file, which is written inside the container and lost when the task ends; " +
        "without the redirection the output goes to CloudWatch Logs",
    );
  }
  const first = all[0]?.value;
  if (first !== undefined && userNames.has(first) && all.length > 1) {
    notes.push(
      `its command starts with ${first}, a user name, not a program: if the file is a system crontab ` +
        "(/etc/crontab, /etc/cron.d/*), whose lines name a user after the time fields, import it with --format system",
    );
  }
  if (first === "sudo") {
    notes.push(
      "it runs through sudo, which a container image seldom has: the task runs as the image's user (its USER, " +
        "or the task definition's), so drop sudo, or build the image to run as the user it switched to",
    );
  }
  return {
    ok: true,
    job: {
      command: plain ? all.map((w) => w.value) : rest,
      ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
      ...(lock === undefined ? {} : { lock }),
      ...(workingDirectory === undefined ? {} : { workingDirectory }),
      env,
      notes,
    },
  };
}

type TimeoutReading = { ok: true; seconds: number; end: number } | { ok: false; reason: string };

/** `timeout [-s SIGNAL] [-k DURATION] [--foreground] [--preserve-status] DURATION`. */
function readTimeout(text: string, start: number, notes: string[]): TimeoutReading {
  let at = start;
  for (;;) {
    const word = nextWord(text, at);
    if (!word) return { ok: false, reason: "timeout is not followed by a duration and a command" };
    if (
      word.value === "-s" ||
      word.value === "-k" ||
      word.value === "--signal" ||
      word.value === "--kill-after"
    ) {
      const value = nextWord(text, word.end);
      if (!value) return { ok: false, reason: `timeout ${word.value} has no value` };
      if (word.value === "-s" || word.value === "--signal") {
        notes.push(`timeout ${word.value} ${value.value}: ECS stops a task with SIGTERM, then SIGKILL`);
      }
      at = value.end;
      continue;
    }
    if (/^--?[a-z]/.test(word.value)) {
      at = word.end;
      continue;
    }
    const seconds = durationSeconds(word.value);
    if (seconds === undefined)
      return { ok: false, reason: `timeout's duration "${word.value}" is not a number of seconds` };
    if (seconds === 0)
      return { ok: false, reason: "timeout 0 disables the timeout; remove it and run the command" };
    return { ok: true, seconds, end: word.end };
  }
}

type FlockReading =
  | { ok: true; lock: ImportedLock; end: number; command?: string }
  | { ok: false; reason: string };

/** `flock [-x|-e] [-n] [-w N] [-o] [-E N] FILE [-c CMD | CMD ...]`. */
function readFlock(text: string, start: number): FlockReading {
  let at = start;
  let waitSeconds: number | undefined;
  let nonBlocking = false;
  for (;;) {
    const word = nextWord(text, at);
    if (!word) return { ok: false, reason: "flock is not followed by a lock file and a command" };
    const option = word.value;
    if (option === "-n" || option === "--nb" || option === "--nonblock") {
      nonBlocking = true;
    } else if (option === "-w" || option === "--wait" || option === "--timeout") {
      const value = nextWord(text, word.end);
      const seconds = value && durationSeconds(value.value);
      if (!value || seconds === undefined)
        return { ok: false, reason: `flock ${option} needs a number of seconds` };
      waitSeconds = seconds;
      at = value.end;
      continue;
    } else if (option === "-s" || option === "--shared") {
      return {
        ok: false,
        reason: "flock -s takes a shared lock, which batchflow's exclusive locks cannot express",
      };
    } else if (option === "-E" || option === "--conflict-exit-code") {
      at = nextWord(text, word.end)?.end ?? word.end;
      continue;
    } else if (option.startsWith("-")) {
      // -x/-e (exclusive, the default), -o (close before exec), -u and --verbose change nothing here.
    } else {
      if (word.special) return { ok: false, reason: `flock's lock file "${option}" is not a plain path` };
      const name = programName(option);
      if (!/^[A-Za-z0-9._-]{1,128}$/.test(name)) {
        return { ok: false, reason: `flock's lock file name "${name}" is not a usable lock name` };
      }
      const lock: ImportedLock = {
        name,
        file: option,
        onBusy: nonBlocking ? "skip" : "fail",
        ...(nonBlocking ? {} : waitSeconds === undefined ? {} : { waitSeconds }),
      };
      const next = nextWord(text, word.end);
      if (next && (next.value === "-c" || next.value === "--command")) {
        const command = nextWord(text, next.end);
        if (!command) return { ok: false, reason: "flock -c has no command" };
        return { ok: true, lock, end: command.end, command: command.value };
      }
      return { ok: true, lock, end: word.end };
    }
    at = word.end;
  }
}
