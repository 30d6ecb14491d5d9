import { defineCommand } from "../args/command-spec.js";
import type { ParsedCommand } from "../args/parse-command-args.js";
import { usageError } from "../args/usage-error.js";
import { cliCode } from "../cli-codes.js";
import type { CrontabFormat } from "./crontab-lines.js";

export const importSpec = defineCommand({
  name: "import",
  summary: "turn a crontab into workflow files: batchflow import crontab FILE",
  description: [
    "Reads a crontab (user or system format: NAME=value lines, CRON_TZ=, comments, @nicknames, % and \\",
    "continuations) and writes one TypeScript workflow file per line (per schedule with --group) into DIR:",
    "timeout N becomes the job's timeout, flock [-n|-w N] FILE a lock of the file's name, cd DIR && a cd",
    "in the command. Every line it cannot convert is named with its number and reason, and written as a",
    "// TODO in DIR/crontab-import.md. Writes no file when one it would write exists already.",
  ],
  positionals: [
    { name: "crontab", description: "what to import: crontab", required: true, literal: true },
    {
      name: "FILE",
      description: "the crontab file (crontab -l > FILE; /etc/crontab; /etc/cron.d/NAME)",
      required: true,
      path: true,
    },
  ],
  options: {
    out: {
      type: "string",
      short: "o",
      value: "DIR",
      path: true,
      description: "where to write the files (default: workflows)",
    },
    tz: {
      type: "string",
      value: "ZONE",
      description: "the cron server's time zone, e.g. Asia/Tokyo (default: UTC)",
    },
    image: { type: "string", value: "IMAGE", description: "the container image the commands run in" },
    group: {
      type: "boolean",
      description: "one workflow per schedule: lines sharing it run as parallel jobs",
    },
    format: {
      type: "string",
      value: "user|system",
      description: "system: a user field follows the time fields (default: detected)",
    },
  },
  exitCodes: [
    [0, "the files were written (lines it could not convert are listed, and in DIR/crontab-import.md)"],
    [1, "the crontab cannot be read, or a file it would write exists already; nothing was written"],
    [2, "usage error"],
  ],
});

export interface ImportArgs {
  /** Absolute. */
  readonly file: string;
  readonly out: string;
  readonly timezone?: string;
  readonly image?: string;
  readonly group: boolean;
  readonly format?: CrontabFormat;
}

type Parsed = Extract<ParsedCommand<typeof importSpec.options>, { help: false }>;

export function importArgs({ values, positionals }: Parsed, cwd: string): ImportArgs {
  const [what, file] = positionals;
  if (what !== "crontab") {
    throw usageError(
      cliCode.arguments,
      `batchflow import reads a crontab, not "${what}"`,
      "write batchflow import crontab FILE",
    );
  }
  const format = values.format;
  if (format !== undefined && format !== "user" && format !== "system") {
    throw usageError(
      cliCode.optionValue,
      `--format is "user" or "system", not "${format}"`,
      "leave it out to detect the format",
    );
  }
  return {
    file: file as string,
    out: values.out ?? `${cwd}/workflows`,
    ...(values.tz === undefined ? {} : { timezone: values.tz }),
    ...(values.image === undefined ? {} : { image: values.image }),
    group: values.group,
    ...(format === undefined ? {} : { format }),
  };
}
