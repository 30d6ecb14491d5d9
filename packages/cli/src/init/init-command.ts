import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { diagnostic } from "@batchflow/core";
import { type CliCode, cliCode } from "../cli-codes.js";
import { CliError, exitCode } from "../cli-error.js";
import type { InitArgs } from "../commands/init-args.js";
import { colors, type Terminal } from "../terminal.js";
import { type ProjectFile, packageName, projectFiles } from "./project-files.js";

/**
 * `batchflow init [dir]`: writes a ready project into `dir` (created when missing), overwriting
 * nothing, then prints the next three commands.
 */
export function initCommand(args: InitArgs, term: Terminal, version: string): number {
  const { dir } = args;
  const shown = relative(term.cwd, dir) || ".";
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    throw initError(
      cliCode.initTarget,
      `cannot create a project in ${shown}: it is a file`,
      "name a new directory: batchflow init my-batch",
    );
  }
  const files = projectFiles({ name: packageName(basename(dir)), version });
  const existing = files.filter((f) => existsSync(join(dir, f.path))).map((f) => f.path);
  if (existing.length > 0) {
    throw initError(
      cliCode.initExists,
      `batchflow init would overwrite ${existing.length === 1 ? "a file" : `${existing.length} files`} in ${shown}: ${existing.join(", ")}; nothing was written`,
      "init only writes files that do not exist yet: run it in a new directory (batchflow init my-batch), or move these files away",
    );
  }
  write(dir, files, shown);

  const c = colors(term);
  const width = Math.max(...files.map((f) => f.path.length));
  term.out(`Created a batchflow project in ${shown}:`);
  for (const f of files) term.out(`  ${f.path.padEnd(width)}  ${c.dim(f.about)}`);
  term.out("\nNext:");
  for (const line of nextCommands(shown)) term.out(`  ${line}`);
  return exitCode.ok;
}

/** Creates `dir` and writes the files, none of which may exist; on a failure removes what it wrote. */
function write(dir: string, files: ReadonlyArray<ProjectFile>, shown: string): void {
  const written: string[] = [];
  try {
    mkdirSync(dir, { recursive: true });
    for (const file of files) {
      const full = join(dir, file.path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, file.contents, { flag: "wx" });
      written.push(full);
    }
  } catch (error) {
    for (const full of written) rmSync(full, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    throw initError(
      code === "EEXIST" ? cliCode.initExists : cliCode.initTarget,
      `cannot write the project into ${shown}: ${code ?? (error as Error).message}; the files it wrote were removed`,
      code === "EEXIST"
        ? "another process created one of its files meanwhile; run batchflow init again"
        : "check that the directory is writable, or name another one: batchflow init my-batch",
    );
  }
}

/** Install, compile, run and test, with the package manager init was started from. */
function nextCommands(shown: string): string[] {
  const agent = process.env.npm_config_user_agent ?? "";
  const pm = agent.startsWith("pnpm/") ? "pnpm" : agent.startsWith("yarn/") ? "yarn" : "npm";
  const exec = pm === "npm" ? "npx" : pm === "pnpm" ? "pnpm exec" : "yarn";
  const cd = shown === "." ? "" : `cd ${/^[\w./-]+$/.test(shown) ? shown : JSON.stringify(shown)} && `;
  return [`${cd}${pm} install`, `${exec} batchflow compile`, `${exec} batchflow run hello && ${pm} test`];
}

function initError(code: CliCode, message: string, hint: string): CliError {
  return new CliError([diagnostic({ code, message, hint })], exitCode.failed);
}
