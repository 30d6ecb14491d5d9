/**
 * What a command takes, as data: one description per command drives its parsing, its `--help`
 * text and the did-you-mean of an unknown option.
 */
export interface OptionSpec {
  readonly type: "string" | "boolean";
  /** One letter: `-o` for `--out`. */
  readonly short?: string;
  /** What the value is called in the help: `DIR`, `JSON|@file`. */
  readonly value?: string;
  /** One line for the help. */
  readonly description: string;
  /** A path: resolved against the directory the command was typed in, not the project root. */
  readonly path?: boolean;
}

export interface PositionalSpec {
  /** As the help shows it: `workflow`, `file.ts`. */
  readonly name: string;
  readonly description: string;
  readonly required?: boolean;
  /** Takes any number (`workflow ...`). */
  readonly variadic?: boolean;
  /** Paths, resolved against the directory the command was typed in. */
  readonly path?: boolean;
  /** A word typed as it is (`import crontab FILE`): shown bare, not as `<name>`. */
  readonly literal?: boolean;
}

export interface CommandSpec<
  O extends Readonly<Record<string, OptionSpec>> = Readonly<Record<string, OptionSpec>>,
> {
  readonly name: string;
  /** One line for `batchflow --help`. */
  readonly summary: string;
  /** Lines under the usage in `batchflow <command> --help`. */
  readonly description: ReadonlyArray<string>;
  readonly positionals: ReadonlyArray<PositionalSpec>;
  readonly options: O;
  /** `[code, meaning]` pairs for the help. */
  readonly exitCodes: ReadonlyArray<readonly [number, string]>;
}

/** The values a spec's options parse to: strings (absent when not given) and booleans. */
export type OptionValues<O extends Readonly<Record<string, OptionSpec>>> = {
  readonly [K in keyof O]: O[K]["type"] extends "string" ? string | undefined : boolean;
};

/** Every command understands these. */
export const helpOption = {
  help: { type: "boolean", short: "h", description: "show this help" },
} as const satisfies Readonly<Record<string, OptionSpec>>;

/** Keeps the literal option types, so parsing returns typed values. */
export function defineCommand<const O extends Readonly<Record<string, OptionSpec>>>(
  spec: CommandSpec<O>,
): CommandSpec<O> {
  return spec;
}

/** `<workflow>`, `[file.ts ...]`: how usage lines show an argument. */
export function positionalLabel(p: PositionalSpec): string {
  const name = `${p.name}${p.variadic === true ? " ..." : ""}`;
  if (p.literal === true) return name;
  return p.required === true ? `<${name}>` : `[${name}]`;
}

/** `<workflow> [options]`, `[file.ts ...] [options]`. */
export function synopsis(spec: CommandSpec): string {
  return [...spec.positionals.map(positionalLabel), "[options]"].join(" ");
}
