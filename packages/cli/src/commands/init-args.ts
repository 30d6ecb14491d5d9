import { defineCommand } from "../args/command-spec.js";
import type { ParsedCommand } from "../args/parse-command-args.js";

export const initSpec = defineCommand({
  name: "init",
  summary: "create a new project: a workflow, its test, the config, tsconfig and package.json",
  description: [
    "Writes a ready project into dir: package.json, tsconfig.json, batchflow.config.ts,",
    "workflows/hello.ts (two jobs that run here with batchflow run hello), test/hello.test.ts,",
    "vitest.config.ts and .gitignore. Overwrites nothing: if any of these files exists, it writes",
    "none of them. A package.json the project has already is completed (what is missing is added),",
    "and then its own tsconfig.json and vitest.config.ts are kept and its .gitignore completed.",
  ],
  positionals: [
    {
      name: "dir",
      description: "where to create the project (default: the current directory); created when missing",
      path: true,
    },
  ],
  options: {},
  exitCodes: [
    [0, "the project was created"],
    [
      1,
      "a file it would write exists already, dir cannot be created, or package.json cannot be completed; nothing was written",
    ],
    [2, "usage error"],
  ],
});

export interface InitArgs {
  /** Absolute. */
  readonly dir: string;
}

type Parsed = Extract<ParsedCommand<typeof initSpec.options>, { help: false }>;

export function initArgs({ positionals }: Parsed, cwd: string): InitArgs {
  return { dir: positionals[0] ?? cwd };
}
