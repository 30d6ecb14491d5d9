import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { diagnostic } from "@batchflow/core";
import { type CliCode, cliCode } from "../cli-codes.js";
import { CliError, exitCode } from "../cli-error.js";
import type { InitArgs } from "../commands/init-args.js";
import { colors, type Terminal } from "../terminal.js";
import { gitignoreAdditions } from "./gitignore-additions.js";
import { mergePackageJson } from "./merge-package-json.js";
import { type ProjectFile, packageName, projectFiles } from "./project-files.js";

/**
 * `batchflow init [dir]`: writes a ready project into `dir` (created when missing), overwriting
 * nothing, then prints the next three commands. In a project with a package.json it completes
 * that and the project's .gitignore, and keeps its tsconfig.json and vitest.config.ts.
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
  const all = projectFiles({ name: packageName(basename(dir)), version });
  // A package.json of the user's is completed rather than replaced (merge-package-json.ts).
  const packageJson = existingPackageJson(dir, all, shown);
  // In a project of the user's, its own .gitignore, tsconfig.json and vitest.config.ts are kept
  // (the .gitignore gains batchflow's lines it lacks); batchflow's own files are never replaced.
  const kept = packageJson
    ? all.filter((f) => keptWhenPresent.has(f.path) && existsSync(join(dir, f.path)))
    : [];
  const files = all.filter((f) => f.path !== (packageJson ? "package.json" : "") && !kept.includes(f));
  const existing = files.filter((f) => existsSync(join(dir, f.path))).map((f) => f.path);
  if (existing.length > 0) {
    throw initError(
      cliCode.initExists,
      `batchflow init would overwrite ${existing.length === 1 ? "a file" : `${existing.length} files`} in ${shown}: ${existing.join(", ")}; nothing was written`,
      "init only writes files that do not exist yet: run it in a new directory (batchflow init my-batch), or move these files away",
    );
  }
  const keptFiles = kept.map((f) => keptFile(dir, f));
  write(dir, files, shown, packageJson?.contents, keptFiles);

  const c = colors(term);
  const listed = packageJson
    ? [
        {
          path: "package.json",
          about: [
            packageJson.changes.length > 0 ? `added ${packageJson.changes.join(", ")}` : "kept as it was",
            ...(packageJson.kept.length > 0 ? [`kept ${packageJson.kept.join(", ")}`] : []),
          ].join("; "),
        },
        ...files,
        ...keptFiles,
      ]
    : files;
  const width = Math.max(...listed.map((f) => f.path.length));
  term.out(`${packageJson ? "Added batchflow to the project" : "Created a batchflow project"} in ${shown}:`);
  for (const f of listed) term.out(`  ${f.path.padEnd(width)}  ${c.dim(f.about)}`);
  term.out("\nNext:");
  for (const line of nextCommands(shown)) term.out(`  ${line}`);
  return exitCode.ok;
}

const keptWhenPresent = new Set([".gitignore", "tsconfig.json", "vitest.config.ts"]);

/** A file of the user's that init keeps: what it says of it, and the lines it appends (.gitignore). */
interface KeptFile {
  readonly path: string;
  readonly about: string;
  readonly append: string;
}

function keptFile(dir: string, template: ProjectFile): KeptFile {
  const { path } = template;
  if (path === ".gitignore") {
    const append = gitignoreAdditions(readFileSync(join(dir, path), "utf8"), template.contents);
    const added = append
      .split("\n")
      .filter((l) => l !== "" && !l.startsWith("#"))
      .join(", ");
    return { path, append, about: append === "" ? "kept as it was" : `kept, added ${added}` };
  }
  const needs =
    path === "tsconfig.json"
      ? "kept as it was: the workflows need strict, and module/moduleResolution NodeNext or bundler"
      : "kept as it was: the test is test/hello.test.ts";
  return { path, append: "", about: needs };
}

/** The user's package.json completed with what the project needs, or undefined when there is none. */
function existingPackageJson(
  dir: string,
  files: ReadonlyArray<ProjectFile>,
  shown: string,
): { contents: string; changes: ReadonlyArray<string>; kept: ReadonlyArray<string> } | undefined {
  const path = join(dir, "package.json");
  if (!existsSync(path)) return undefined;
  const template = files.find((f) => f.path === "package.json")!.contents;
  const merged = mergePackageJson(readFileSync(path, "utf8"), template, javaScriptFiles(dir));
  if ("contents" in merged) return merged;
  if (merged.kind === "not-an-object") {
    throw initError(
      cliCode.initPackageJson,
      `${join(shown, "package.json")} is not a JSON object; nothing was written`,
      "fix package.json (npm install reads it too), then run batchflow init again",
    );
  }
  throw initError(
    cliCode.initPackageJson,
    `${join(shown, "package.json")} ${merged.said ? 'says "type": "commonjs"' : 'has no "type", which Node reads as "commonjs"'}, and batchflow's workflow files are ES modules; nothing was written`,
    `init changes it to "module" only in a project without JavaScript of its own, and this one has ${merged.jsFiles.slice(0, 3).join(", ")}${merged.jsFiles.length > 3 ? ", ..." : ""}: set "type": "module" yourself if they are ES modules, or run batchflow init in a new directory`,
  );
}

/** .js and .cjs files of the project itself (not of its dependencies), a few levels deep. */
function javaScriptFiles(dir: string): string[] {
  const found: string[] = [];
  const visit = (folder: string, depth: number): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory() && depth < 3) visit(path, depth + 1);
      else if (entry.isFile() && /\.c?js$/.test(entry.name)) found.push(relative(dir, path));
    }
  };
  visit(dir, 0);
  return found.sort();
}

/**
 * Creates `dir` and writes the files, none of which may exist, then the completed package.json
 * when there is one; on a failure removes what it wrote.
 */
function write(
  dir: string,
  files: ReadonlyArray<ProjectFile>,
  shown: string,
  packageJson: string | undefined,
  kept: ReadonlyArray<KeptFile>,
): void {
  const written: string[] = [];
  try {
    mkdirSync(dir, { recursive: true });
    for (const file of files) {
      const full = join(dir, file.path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, file.contents, { flag: "wx" });
      written.push(full);
    }
    // Last, with package.json: the only writes to files of the user's.
    for (const file of kept) if (file.append !== "") appendFileSync(join(dir, file.path), file.append);
    if (packageJson !== undefined) writeFileSync(join(dir, "package.json"), packageJson);
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
