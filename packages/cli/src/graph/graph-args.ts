import { defineCommand } from "../args/command-spec.js";
import { nearest } from "../args/did-you-mean.js";
import type { ParsedCommand } from "../args/parse-command-args.js";
import { usageError } from "../args/usage-error.js";
import { cliCode } from "../cli-codes.js";

export const graphFormats = ["mermaid", "dot", "svg", "html"] as const;
export type GraphFormatName = (typeof graphFormats)[number];
export type GraphLevel = "jobs" | "states";

export const graphSpec = defineCommand({
  name: "graph",
  summary: "draw workflows: their jobs or states as Mermaid, Graphviz DOT, SVG or an HTML page",
  description: [
    "Compiles the project in memory and draws each workflow: its jobs (image, command, timeout, retries,",
    "lock), their order, parallel and map groups, catch and finally handlers and the schedule; with",
    "--level states, every state of the state machine that deploys. Mermaid (GitHub renders it) and DOT",
    "are text; SVG is laid out by Graphviz compiled to WebAssembly (no Graphviz install needed); html is",
    "one self-contained page with the SVG and a table of the jobs. Prints to stdout unless --out is given.",
  ],
  positionals: [
    {
      name: "workflow",
      description: "only these workflows (default: every workflow of the project)",
      variadic: true,
    },
  ],
  options: {
    format: {
      type: "string",
      short: "f",
      value: "mermaid|dot|svg|html",
      description: "what to write (default: mermaid); svg draws one workflow",
    },
    out: {
      type: "string",
      short: "o",
      value: "FILE",
      path: true,
      description: "write the graph to FILE (all or nothing) instead of stdout",
    },
    level: {
      type: "string",
      value: "jobs|states",
      description: "jobs (default): the job graph; states: every state of the compiled state machine",
    },
  },
  exitCodes: [
    [0, "drawn"],
    [1, "problems in the workflows, a file that failed to load, or --out cannot be written"],
    [2, "usage error: unknown option, format, level or workflow; svg of several workflows"],
  ],
});

export interface GraphArgs {
  readonly workflows: ReadonlyArray<string>;
  readonly format: GraphFormatName;
  readonly level: GraphLevel;
  /** Absolute. */
  readonly out?: string | undefined;
}

type Parsed = Extract<ParsedCommand<typeof graphSpec.options>, { help: false }>;

export function graphArgs({ values, positionals }: Parsed): GraphArgs {
  const format = values.format ?? "mermaid";
  if (!(graphFormats as ReadonlyArray<string>).includes(format)) {
    const meant = nearest(format, graphFormats);
    throw usageError(
      cliCode.invalidOption,
      `--format is one of ${graphFormats.join(", ")}, not "${format}"`,
      `${meant ? `did you mean --format ${meant}? ` : ""}mermaid for a README or pull request, svg or html to look at it (a PNG: open the svg or html and save it)`,
    );
  }
  const level = values.level ?? "jobs";
  if (level !== "jobs" && level !== "states") {
    const meant = nearest(level, ["jobs", "states"]);
    throw usageError(
      cliCode.invalidOption,
      `--level is "jobs" or "states", not "${level}"`,
      meant ? `did you mean --level ${meant}?` : "leave it out for the job graph",
    );
  }
  return { workflows: positionals, format: format as GraphFormatName, level, out: values.out };
}
