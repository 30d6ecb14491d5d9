import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { cliCode } from "../cli-codes.js";
import {
  type CommandSpec,
  helpOption,
  type OptionSpec,
  type OptionValues,
  synopsis,
} from "./command-spec.js";
import { nearest } from "./did-you-mean.js";
import { usageError } from "./usage-error.js";

export type ParsedCommand<O extends Readonly<Record<string, OptionSpec>>> =
  | { readonly help: true }
  | {
      readonly help: false;
      readonly values: OptionValues<O>;
      readonly positionals: ReadonlyArray<string>;
    };

export interface ParseContext {
  /** The directory the command was typed in: relative paths in options and arguments are relative to it. */
  readonly cwd: string;
  /** Every command's spec, to say which command an option belongs to when it is not this one's. */
  readonly commands?: ReadonlyArray<CommandSpec>;
}

type Token = NonNullable<ReturnType<typeof parseArgs>["tokens"]>[number];

/**
 * Parses a command's arguments by its spec. node:util's parser splits the tokens; every problem is
 * reported here, in our words (code, the option, the nearest option, where the help is), never as
 * Node's message. `--help` anywhere before `--` asks for the help, whatever else is wrong.
 */
export function parseCommandArgs<O extends Readonly<Record<string, OptionSpec>>>(
  spec: CommandSpec<O>,
  argv: ReadonlyArray<string>,
  context: ParseContext,
): ParsedCommand<O> {
  const options: Readonly<Record<string, OptionSpec>> = { ...spec.options, ...helpOption };
  const { tokens } = parseArgs({
    args: [...argv],
    options: parserOptions(options),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  if (tokens.some((t) => t.kind === "option" && t.name === "help")) return { help: true };

  const values: Record<string, string | boolean | undefined> = {};
  for (const [name, option] of Object.entries(spec.options)) {
    values[name] = option.type === "boolean" ? false : undefined;
  }
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === "option-terminator") continue;
    if (token.kind === "positional") {
      positionals.push(token.value);
      continue;
    }
    const option = Object.hasOwn(spec.options, token.name) ? spec.options[token.name] : undefined;
    if (option === undefined) throw unknownOption(spec, token.rawName, context);
    values[token.name] = optionValue(spec.name, token, option, context.cwd);
  }
  checkPositionals(spec, positionals);
  // A variadic spec's last positional stands for every argument from its place on.
  const isPath = (index: number) =>
    spec.positionals[Math.min(index, spec.positionals.length - 1)]?.path === true;
  return {
    help: false,
    values: values as OptionValues<O>,
    positionals: positionals.map((p, i) => (isPath(i) ? resolve(context.cwd, p) : p)),
  };
}

function parserOptions(options: Readonly<Record<string, OptionSpec>>) {
  return Object.fromEntries(
    Object.entries(options).map(([name, o]) => [
      name,
      { type: o.type, ...(o.short === undefined ? {} : { short: o.short }) },
    ]),
  );
}

function optionValue(
  name: string,
  token: Extract<Token, { kind: "option" }>,
  option: OptionSpec,
  cwd: string,
): string | boolean {
  const command = `batchflow ${name}`;
  const shown = `--${token.name}`;
  const help = `run ${command} --help for its options`;
  if (option.type === "boolean") {
    if (token.value !== undefined) {
      throw usageError(
        cliCode.optionValue,
        `${shown} of ${command} takes no value, got "${token.value}"`,
        `write ${shown} alone to turn it on, leave it out to keep it off; ${help}`,
      );
    }
    return true;
  }
  const placeholder = option.value ?? "VALUE";
  // A value that looks like an option (`--out --check`) is most likely a forgotten value.
  // `--out=` gives an empty value: no value, not the current directory.
  if (token.value === undefined || token.value === "" || (!token.inlineValue && /^-./.test(token.value))) {
    throw usageError(
      cliCode.optionValue,
      token.value === undefined || token.value === ""
        ? `${shown} of ${command} needs a value (${placeholder})`
        : `${shown} of ${command} needs a value (${placeholder}), but is followed by the option ${token.value}`,
      token.value === undefined || token.value === ""
        ? `write ${shown} ${placeholder}; ${help}`
        : `if ${token.value} is the value, write ${shown}=${token.value}; ${help}`,
    );
  }
  return option.path === true ? resolve(cwd, token.value) : token.value;
}

function unknownOption(spec: CommandSpec, rawName: string, context: ParseContext): Error {
  const command = `batchflow ${spec.name}`;
  const help = `run ${command} --help for its options`;
  const long = rawName.startsWith("--") ? rawName.slice(2).split("=")[0]! : undefined;
  const hints: string[] = [];
  if (long !== undefined) {
    const near = nearest(long, [...Object.keys(spec.options), ...Object.keys(helpOption)]);
    if (near !== undefined) hints.push(`did you mean --${near}?`);
    else {
      const owners = (context.commands ?? [])
        .filter((c) => c.name !== spec.name && Object.hasOwn(c.options, long))
        .map((c) => `batchflow ${c.name}`);
      if (owners.length > 0) hints.push(`--${long} is an option of ${listed(owners)}, not of ${command};`);
    }
  }
  hints.push(help);
  return usageError(cliCode.unknownOption, `unknown option ${rawName} for ${command}`, hints.join(" "));
}

function checkPositionals(spec: CommandSpec, given: ReadonlyArray<string>): void {
  const command = `batchflow ${spec.name}`;
  const help = `usage: ${command} ${synopsis(spec)}; run ${command} --help for more`;
  const required = spec.positionals.filter((p) => p.required === true);
  if (given.length < required.length) {
    const missing = required[given.length]!;
    throw usageError(cliCode.arguments, `${command} needs <${missing.name}>: ${missing.description}`, help);
  }
  const variadic = spec.positionals.some((p) => p.variadic === true);
  if (!variadic && given.length > spec.positionals.length) {
    const extra = given.slice(spec.positionals.length);
    const takes =
      spec.positionals.length === 0
        ? "takes no arguments"
        : `takes ${spec.positionals.length === 1 ? "one" : spec.positionals.length} argument${spec.positionals.length === 1 ? "" : "s"}`;
    throw usageError(
      cliCode.arguments,
      `${command} ${takes}; got ${given.length}: ${given.join(" ")} (${extra.join(" ")} is too many)`,
      help,
    );
  }
}

/** `a`, `a and b`, `a, b and c`. */
function listed(items: ReadonlyArray<string>): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
