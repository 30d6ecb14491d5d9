import { editDistance, formatDiagnostics } from "@batchflow/core";
import { describe, expect, it } from "vitest";
import { CliError } from "../cli-error.js";
import { compileSpec } from "../commands/compile-args.js";
import { initSpec } from "../commands/init-args.js";
import { deploySpec, planSpec } from "../deploy/deploy-args.js";
import { explainSpec } from "../explain/explain-args.js";
import { runSpec } from "../run/run-args.js";
import type { CommandSpec } from "./command-spec.js";
import { nearest } from "./did-you-mean.js";
import { parseCommandArgs } from "./parse-command-args.js";

const commands: ReadonlyArray<CommandSpec> = [
  initSpec,
  compileSpec,
  runSpec,
  explainSpec,
  planSpec,
  deploySpec,
];
const context = { cwd: "/home/me/project/workflows", commands };

/** The problem `argv` is, as the CLI prints it (exit code first). */
function problem(spec: CommandSpec, argv: ReadonlyArray<string>): string {
  try {
    parseCommandArgs(spec, argv, context);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    return `exit ${error.exit}\n${formatDiagnostics(error.diagnostics)}`;
  }
  throw new Error(`${argv.join(" ")} parsed`);
}

describe("parseCommandArgs", () => {
  it("parses options and arguments by the spec, long and short, with = or a separate value", () => {
    expect(parseCommandArgs(compileSpec, ["a.ts", "-o", "out", "--check", "../b.ts"], context)).toEqual({
      help: false,
      values: { out: "/home/me/project/workflows/out", check: true },
      positionals: ["/home/me/project/workflows/a.ts", "/home/me/project/b.ts"],
    });
    expect(
      parseCommandArgs(deploySpec, ["-yo/tmp/b", "--region=eu-west-1", "a", "b"], context),
    ).toMatchObject({
      values: { yes: true, out: "/tmp/b", region: "eu-west-1", prune: false, profile: undefined },
      positionals: ["a", "b"],
    });
    expect(parseCommandArgs(runSpec, ["w", "--time-scale=-1"], context)).toMatchObject({
      values: { "time-scale": "-1" },
    });
    expect(parseCommandArgs(compileSpec, ["--", "--odd.ts"], context)).toMatchObject({
      positionals: ["/home/me/project/workflows/--odd.ts"],
    });
  });

  it("asks for the help when --help or -h is anywhere before --, whatever else is wrong", () => {
    expect(parseCommandArgs(runSpec, ["--bogus", "-h"], context)).toEqual({ help: true });
    expect(parseCommandArgs(initSpec, ["a", "b", "--help"], context)).toEqual({ help: true });
    expect(parseCommandArgs(compileSpec, ["--", "--help"], context)).toMatchObject({ help: false });
  });

  it("words an unknown option as ours, with the nearest option or the command it belongs to", () => {
    expect(problem(compileSpec, ["--foo"])).toBe(
      "exit 2\nerror BF1421: unknown option --foo for batchflow compile\n  hint: run batchflow compile --help for its options",
    );
    expect(problem(compileSpec, ["--chekc"])).toBe(
      "exit 2\nerror BF1421: unknown option --chekc for batchflow compile\n  hint: did you mean --check? run batchflow compile --help for its options",
    );
    expect(problem(runSpec, ["w", "--runer=docker"])).toContain("did you mean --runner?");
    expect(problem(planSpec, ["--detailed-exit-code"])).toContain("did you mean --detailed-exitcode?");
    expect(problem(deploySpec, ["--create-role"])).toContain("did you mean --create-roles?");
    expect(problem(deploySpec, ["--hepl"])).toContain("did you mean --help?");
    expect(problem(deploySpec, ["--json"])).toContain(
      "hint: --json is an option of batchflow run, batchflow explain and batchflow plan, not of batchflow deploy; run batchflow deploy --help",
    );
    expect(problem(planSpec, ["-x"])).toBe(
      "exit 2\nerror BF1421: unknown option -x for batchflow plan\n  hint: run batchflow plan --help for its options",
    );
  });

  it("words missing values, values a switch does not take, and wrong argument counts", () => {
    expect(problem(compileSpec, ["--out"])).toBe(
      "exit 2\nerror BF1422: --out of batchflow compile needs a value (DIR)\n  hint: write --out DIR; run batchflow compile --help for its options",
    );
    expect(problem(compileSpec, ["--out", "--check"])).toBe(
      "exit 2\nerror BF1422: --out of batchflow compile needs a value (DIR), but is followed by the option --check\n  hint: if --check is the value, write --out=--check; run batchflow compile --help for its options",
    );
    expect(problem(runSpec, ["w", "--time-scale", "-1"])).toContain("write --time-scale=-1");
    expect(problem(compileSpec, ["--check=yes"])).toContain(
      'error BF1422: --check of batchflow compile takes no value, got "yes"',
    );
    expect(problem(runSpec, [])).toBe(
      'exit 2\nerror BF1423: batchflow run needs <workflow>: the name of the workflow to run (workflow("name", ...))\n  hint: usage: batchflow run <workflow> [options]; run batchflow run --help for more',
    );
    expect(problem(runSpec, ["a", "b"])).toContain(
      "error BF1423: batchflow run takes one argument; got 2: a b (b is too many)",
    );
    expect(problem(initSpec, ["a", "b", "c"])).toContain(
      "batchflow init takes one argument; got 3: a b c (b c is too many)",
    );
  });
});

describe("nearest", () => {
  it("takes typos (a letter off, two swapped, a dash) and nothing that is merely different", () => {
    expect(nearest("chekc", ["out", "check", "help"])).toBe("check");
    expect(nearest("createroles", ["create-roles", "prune"])).toBe("create-roles");
    expect(nearest("deploi", ["init", "compile", "run", "plan", "deploy"])).toBe("deploy");
    expect(nearest("foo", ["out", "check", "help"])).toBeUndefined();
    expect(nearest("frobnicate", ["out", "check", "help"])).toBeUndefined();
    expect(nearest("rn", ["run", "init"])).toBe("run");
    expect(editDistance("ab", "ba")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
  });
});
