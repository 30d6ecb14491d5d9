/** Names for what an import writes: job and workflow names (state names, AWS resource names). */

const interpreters = new Set([
  "sh",
  "bash",
  "zsh",
  "python",
  "python3",
  "php",
  "node",
  "ruby",
  "perl",
  "env",
  "nice",
  "ionice",
  "exec",
  "sudo",
  "nohup",
  "chronic",
  "time",
]);
// Options of those wrappers that take the next word as their value (`nice -n 10`, `sudo -u app`).
const wrapperOptionsWithValue = new Set(["-n", "-c", "-u", "-g"]);
// make's options whose value is a path (`make -C /srv/app run x`), not a target.
const makePathOptions = new Set(["-C", "-f", "--directory", "--file", "--makefile"]);
const maxNameLength = 40;

/** A job's name from its command: `make run hoge` → `hoge`, `/opt/bin/backup.sh --full` → `backup`. */
export function jobNameOf(command: ReadonlyArray<string> | string): string {
  const words = typeof command === "string" ? leadingPlainWords(command) : [...command];
  const [program, ...args] = skipInterpreters(words);
  if (program === undefined) return "job";
  if (program === "make") {
    const targets = args.filter(
      (a, i) => !a.startsWith("-") && !a.includes("=") && !makePathOptions.has(args[i - 1] ?? ""),
    );
    const target = targets[0] === "run" && targets[1] !== undefined ? targets[1] : targets.join("-");
    if (target) return slug(target);
  }
  const base = basename(program).replace(/\.[A-Za-z0-9]+$/, "");
  // A subcommand comes first (`artisan schedule:run`); a word after an option is its value.
  const [first] = args;
  const sub = first !== undefined && !first.includes("/") && /^[A-Za-z]/.test(first) ? first : undefined;
  return slug(sub ? `${base}-${sub}` : base);
}

/** A workflow's name from the schedule its lines share. */
export function workflowNameOf(schedule: string): string {
  if (schedule.startsWith("@")) return slug(schedule.slice(1));
  const [minute = "", hour = "", dayOfMonth = "", month = "", dayOfWeek = ""] = schedule.split(" ");
  const everyDay = dayOfMonth === "*" && month === "*" && dayOfWeek === "*";
  if (/^\d+$/.test(minute) && hour === "*" && everyDay) return `hourly-at-${minute}`;
  if (/^\d+$/.test(minute) && /^\d+$/.test(hour) && everyDay)
    return `daily-at-${hour.padStart(2, "0")}${minute.padStart(2, "0")}`;
  const step = /^\*\/(\d+)$/.exec(minute);
  if (step && hour === "*" && everyDay) return `every-${step[1]}-minutes`;
  return slug(`schedule-${schedule}`);
}

/** `name`, or `name-2`, `name-3`... when taken; records the one it returns. */
export function uniqueName(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) {
    const suffix = `-${n}`;
    candidate = `${name.slice(0, maxNameLength - suffix.length)}${suffix}`;
  }
  taken.add(candidate);
  return candidate;
}

function skipInterpreters(words: string[]): string[] {
  let i = 0;
  while (i < words.length - 1) {
    const word = words[i] as string;
    if (wrapperOptionsWithValue.has(word)) i += 2;
    else if (interpreters.has(basename(word)) || word.startsWith("-") || /^[A-Za-z_]+=/.test(word)) i++;
    else break;
  }
  return words.slice(i);
}

function leadingPlainWords(text: string): string[] {
  // `cd DIR && cmd` and `[ -x cmd ] && cmd` are named after cmd.
  const head =
    text
      .replace(/^cd\s+\S+\s*(&&|;)\s*/, "")
      .replace(/^(\[\s[^\]]*\]|test\s[^&;|]*)\s*&&\s*/, "")
      .split(/[;&|<>()`$]/)[0] ?? "";
  return head
    .split(/\s+/)
    .filter((w) => w !== "")
    .map((w) => w.replace(/^['"]|['"]$/g, ""));
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

function slug(text: string): string {
  const cleaned = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, maxNameLength)
    .replace(/-+$/, "");
  return /^[a-z]/.test(cleaned) ? cleaned : `job-${cleaned}`.slice(0, maxNameLength).replace(/-+$/, "");
}

/** The export name of a workflow: camel case of its name, unique in the import. */
export function exportNameOf(workflowName: string, taken: Set<string>): string {
  const camel = workflowName.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  const name = /^[A-Za-z_$]/.test(camel) ? camel : `workflow${camel}`;
  let candidate = name;
  for (let n = 2; taken.has(candidate) || reserved.has(candidate); n++) candidate = `${name}${n}`;
  taken.add(candidate);
  return candidate;
}

/** Names the generated file uses itself, and words JavaScript keeps. */
const reserved = new Set([
  "task",
  "cron",
  "fargate",
  "job",
  "parallel",
  "workflow",
  "default",
  "delete",
  "new",
  "class",
  "function",
  "import",
  "export",
  "const",
  "let",
  "var",
  "return",
  "switch",
  "case",
  "for",
  "while",
  "do",
  "if",
  "else",
  "in",
  "of",
  "typeof",
  "void",
  "with",
  "yield",
  "await",
  "try",
  "catch",
  "finally",
  "throw",
  "this",
  "super",
  "extends",
  "enum",
  "static",
  "null",
  "true",
  "false",
  "debugger",
  "continue",
  "break",
  "instanceof",
]);
