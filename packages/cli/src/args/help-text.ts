import { type CommandSpec, helpOption, type OptionSpec, positionalLabel, synopsis } from "./command-spec.js";

/** `batchflow <command> --help`: usage, what it does, every argument and option, exit codes. */
export function commandHelp(spec: CommandSpec): string {
  const options = Object.entries({ ...spec.options, ...helpOption }).map(([name, o]) => [
    optionLabel(name, o),
    o.description,
  ]);
  const args = spec.positionals.map((p) => [`${p.name}${p.variadic === true ? " ..." : ""}`, p.description]);
  const lines = [
    `batchflow ${spec.name}: ${spec.summary}`,
    "",
    `Usage: batchflow ${spec.name} ${synopsis(spec)}`,
    "",
    ...spec.description.map((line) => `  ${line}`),
  ];
  if (args.length > 0) lines.push("", "Arguments:", ...table(args));
  lines.push("", "Options:", ...table(options));
  lines.push("", "Exit codes:", ...table(spec.exitCodes.map(([code, meaning]) => [String(code), meaning])));
  return lines.join("\n");
}

/** `batchflow --help`: every command in a line. */
export function mainHelp(commands: ReadonlyArray<CommandSpec>, version: string): string {
  const rows = commands.map((c) => [[c.name, ...c.positionals.map(positionalLabel)].join(" "), c.summary]);
  return [
    `batchflow ${version}: scheduled AWS batch job graphs, written in TypeScript`,
    "",
    "Usage: batchflow <command> [options]",
    "",
    "Commands:",
    ...table(rows),
    "",
    "Options:",
    ...table([
      ["-h, --help", "show this help (batchflow <command> --help: that command's)"],
      ["-v, --version", "print the version of batchflow"],
    ]),
    "",
    "Environment:",
    ...table([
      [
        "BATCHFLOW_LOAD_TIMEOUT",
        "how long loading one workflow or config file may take (default 60s; 0: no limit)",
      ],
      ["BATCHFLOW_DEBUG=1", "print the stack trace of an internal error"],
      ["NO_COLOR=1", "no colours in the output (FORCE_COLOR=1: colours also when not a terminal)"],
      ["BATCHFLOW_PROGRESS=plain", "batchflow run prints plain lines instead of its live progress"],
    ]),
    "",
    "Commands look for the project root upwards from the current directory: the nearest directory",
    "with a batchflow.config.ts (.mts, .js, .mjs), else the nearest with a package.json.",
    "Run batchflow <command> --help for its arguments and options.",
  ].join("\n");
}

function optionLabel(name: string, option: OptionSpec): string {
  const short = option.short === undefined ? "    " : `-${option.short}, `;
  return `${short}--${name}${option.type === "string" ? ` ${option.value ?? "VALUE"}` : ""}`;
}

function table(rows: ReadonlyArray<ReadonlyArray<string>>): string[] {
  const width = Math.max(0, ...rows.map((r) => r[0]!.length));
  return rows.map(([left, right]) => `  ${left!.padEnd(width)}  ${right}`);
}
