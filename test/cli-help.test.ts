// The command line itself: help for every command, the version, and usage errors in our words
// (code, the option, the nearest option, where the help is), exit 2, in every command.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliProject, repoRoot, requireBuild, runCli } from "./support/cli-project.js";

let p: CliProject;
beforeAll(() => {
  requireBuild();
  p = new CliProject();
});
afterAll(() => p.dispose());

/** Every command and every option it must list, as docs/cli.md documents them. */
const commands: Readonly<Record<string, ReadonlyArray<string>>> = {
  init: ["--help"],
  compile: ["--out", "--check", "--help"],
  run: ["--input", "--runner", "--json", "--time-scale", "--dry-notify", "--graph", "--help"],
  explain: ["--json", "--durations", "--from", "--help"],
  graph: ["--format", "--out", "--level", "--help"],
  plan: [
    "--json",
    "--detailed-exitcode",
    "--create-roles",
    "--prune",
    "--no-compile",
    "--out",
    "--region",
    "--profile",
    "--endpoint-url",
    "--state-machine-role-arn",
    "--execution-role-arn",
    "--task-role-arn",
    "--schedule-role-arn",
    "--notify-role-arn",
    "--help",
  ],
  deploy: [
    "--yes",
    "--create-roles",
    "--prune",
    "--no-compile",
    "--out",
    "--region",
    "--profile",
    "--endpoint-url",
    "--state-machine-role-arn",
    "--execution-role-arn",
    "--task-role-arn",
    "--schedule-role-arn",
    "--notify-role-arn",
    "--help",
  ],
};

/** The option lines of a help text: `  -o, --out DIR   description`. */
function optionLines(help: string): Map<string, string> {
  const section = help.split("\nOptions:\n")[1]?.split("\n\n")[0] ?? "";
  return new Map(
    section.split("\n").map((line) => {
      const match = /^ {2}(?:-\w, | {4})(--[\w-]+)(?: \S+)? {2,}(\S.*)$/.exec(line);
      if (!match) throw new Error(`not an option line: ${JSON.stringify(line)}`);
      return [match[1]!, match[2]!];
    }),
  );
}

describe("batchflow --help", () => {
  it("lists every command; help and -h print the same", () => {
    const help = runCli(["--help"], p.dir);
    expect(help.status).toBe(0);
    expect(help.stderr).toBe("");
    for (const name of [...Object.keys(commands), "help"]) {
      expect(help.stdout).toMatch(new RegExp(`^ {2}${name} .* {2}\\S`, "m"));
    }
    expect(runCli(["-h"], p.dir).stdout).toBe(help.stdout);
    expect(runCli(["help"], p.dir).stdout).toBe(help.stdout);
    const helpOfHelp = runCli(["help", "--help"], p.dir);
    expect(helpOfHelp.status).toBe(0);
    expect(helpOfHelp.stdout).toMatch(/^Usage: batchflow help /m);
    expect(help.stdout).toContain("BATCHFLOW_PROGRESS=plain");
  });

  it.each(Object.entries(commands))(
    "batchflow %s --help: usage and every option with a description",
    (name, options) => {
      const help = runCli([name, "--help"], p.dir);
      expect(help.status).toBe(0);
      expect(help.stderr).toBe("");
      expect(help.stdout).toMatch(new RegExp(`^Usage: batchflow ${name} `, "m"));
      expect(help.stdout).toMatch(/^Exit codes:$/m);
      const listed = optionLines(help.stdout);
      expect([...listed.keys()].sort()).toEqual([...options].sort());
      for (const [option, description] of listed) expect(description.length, option).toBeGreaterThan(10);
      // The same text, whichever way it is asked for, and whatever else is on the line.
      expect(runCli([name, "-h"], p.dir).stdout).toBe(help.stdout);
      expect(runCli(["help", name], p.dir).stdout).toBe(help.stdout);
    },
  );

  it("docs/cli.md documents every option of every command", () => {
    const doc = readFileSync(join(repoRoot, "docs/cli.md"), "utf8");
    const section = (title: string) => doc.split(`\n${title}\n`)[1]?.split(/\n##+ /)[0] ?? "";
    const shared = section("### Options of plan and deploy");
    expect(shared).toContain("`--create-roles`");
    for (const [name, options] of Object.entries(commands)) {
      const own = section(`## batchflow ${name}`);
      expect(own, `a section "## batchflow ${name}"`).not.toBe("");
      const text = name === "plan" || name === "deploy" ? own + shared : own;
      for (const option of options) expect(text, `${name} ${option}`).toContain(`\`${option}`);
    }
  });

  it("--version and -v print the version of the package users install", () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, "packages/batchflow/package.json"), "utf8")) as {
      version: string;
    };
    for (const flag of ["--version", "-v"]) {
      const run = runCli([flag], p.dir);
      expect(run.status).toBe(0);
      expect(run.stdout).toBe(`${pkg.version}\n`);
    }
  });
});

describe("usage errors", () => {
  const nodeWording = /Unknown option '|To specify a positional argument|ERR_PARSE_ARGS/;

  it.each(Object.keys(commands))("batchflow %s --bogus: our words, exit 2", (name) => {
    const run = runCli([name, "--bogus"], p.dir);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      `error BF1421: unknown option --bogus for batchflow ${name}\n  hint: run batchflow ${name} --help for its options\n`,
    );
  });

  // Every wording is covered by packages/cli/src/args/parse-command-args.test.ts; these are end to end.
  it("suggests the nearest option and command, and says when a value or an argument is missing", () => {
    const cases: Array<[string[], RegExp]> = [
      [
        ["compile", "--chekc"],
        /^error BF1421: unknown option --chekc for batchflow compile\n {2}hint: did you mean --check\?/,
      ],
      [
        ["deploy", "--json"],
        /--json is an option of batchflow run, batchflow explain and batchflow plan, not of batchflow deploy/,
      ],
      [["compile", "--out"], /^error BF1422: --out of batchflow compile needs a value \(DIR\)/],
      [["compile", "--out="], /^error BF1422: --out of batchflow compile needs a value \(DIR\)/],
      [["run"], /^error BF1423: batchflow run needs <workflow>/],
      [
        ["plan", "--endpoint-url", "localhost:5000"],
        /^error BF1424: --endpoint-url must be an http\(s\) URL/,
      ],
      [["deploi"], /^error BF1420: unknown command "deploi"\n {2}hint: did you mean batchflow deploy\?/],
      [["help", "deploi"], /^error BF1420: unknown command "deploi"/],
      [
        ["--verison"],
        /^error BF1421: unknown option --verison for batchflow\n {2}hint: did you mean --version\?/,
      ],
    ];
    for (const [args, message] of cases) {
      const run = runCli(args, p.dir);
      expect(run.status, args.join(" ")).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(nodeWording);
    }
  });

  it("plan --detailed-exitcode keeps 2 for changes: every error exits 1 there, usage errors included", () => {
    const bogus = runCli(["plan", "--detailed-exitcode", "--bogus"], p.dir);
    expect(bogus.status).toBe(1);
    expect(bogus.stderr).toContain("error BF1421: unknown option --bogus for batchflow plan");
    // The project has no workflow files: a usage error (2) without the option, 1 with it.
    expect(runCli(["plan"], p.dir).status).toBe(2);
    const empty = runCli(["plan", "--detailed-exitcode"], p.dir);
    expect(empty.status).toBe(1);
    expect(empty.stderr).toContain("error BF1400: no workflow files found");
  });

  it("takes what follows -- as arguments, and prints the help with exit 2 when no command is given", () => {
    const dashed = runCli(["compile", "--", "--odd.ts"], p.dir);
    expect(dashed.status).toBe(1);
    expect(dashed.stderr).toContain("error BF1405: --odd.ts does not exist");
    const bare = runCli([], p.dir);
    expect(bare.status).toBe(2);
    expect(bare.stdout).toMatch(/^Usage: batchflow <command> \[options\]$/m);
  });
});
