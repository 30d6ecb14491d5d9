import { defineCommand } from "../args/command-spec.js";
import type { ParsedCommand } from "../args/parse-command-args.js";
import type { CompileArgs } from "./compile-command.js";

export const compileSpec = defineCommand({
  name: "compile",
  summary: "compile workflows to Step Functions ASL, ECS task definitions, schedules and IAM",
  description: [
    "Compiles every workflow of the files that batchflow.config.ts matches (workflows: [...], default",
    "workflows/**/*.{ts,mts}), or of the files named, to <out>/<workflow>/. Every problem is reported at once;",
    "then nothing is written. All files are written or none.",
  ],
  positionals: [
    {
      name: "file.ts",
      description: "compile only these files (relative to the current directory); stale output is then kept",
      variadic: true,
      path: true,
    },
  ],
  options: {
    out: {
      type: "string",
      short: "o",
      value: "DIR",
      path: true,
      description: "output directory (default: out in batchflow.config.ts, else dist/batchflow)",
    },
    check: {
      type: "boolean",
      description: "write nothing; exit 1 and list what differs when the output on disk is stale (for CI)",
    },
  },
  exitCodes: [
    [0, "compiled; with --check: the output is up to date"],
    [1, "problems in the workflows, a file that failed to load, or (--check) stale output"],
    [2, "usage error: unknown option, no workflow files found"],
  ],
});

type Parsed = Extract<ParsedCommand<typeof compileSpec.options>, { help: false }>;

export function compileArgs({ values, positionals }: Parsed): CompileArgs {
  return { files: positionals, out: values.out, check: values.check };
}
