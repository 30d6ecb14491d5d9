import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const testDir = dirname(dirname(fileURLToPath(import.meta.url)));
export const repoRoot = dirname(testDir);
export const cliBin = join(repoRoot, "packages/batchflow/bin/batchflow.js");

/** Fails with a clear message when the packages were not built; the CLI tests run the build. */
export function requireBuild(): void {
  if (!existsSync(join(repoRoot, "packages/batchflow/dist/cli.js"))) {
    throw new Error(
      "the CLI is not built: run `npx -y pnpm@12.4.2 build` (the test command does) before these tests",
    );
  }
}

export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A throwaway user project. It lives under test/.tmp so that `import ... from "@batchflow/batchflow"` in its
 * files resolves through test/node_modules, as it would in a user's project. Like a user's project it has
 * a package.json, which makes it the project root for commands run in it or in a folder inside it
 * (without one, batchflow would take test/, the nearest directory above that has a package.json).
 */
export class CliProject {
  readonly dir: string;

  constructor() {
    const base = join(testDir, ".tmp");
    mkdirSync(base, { recursive: true });
    this.dir = mkdtempSync(join(base, "project-"));
    this.write(
      "package.json",
      `${JSON.stringify({ name: basename(this.dir), private: true, type: "module" })}\n`,
    );
  }

  write(path: string, contents: string): this {
    const full = join(this.dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, contents);
    return this;
  }

  read(path: string): string {
    return readFileSync(join(this.dir, path), "utf8");
  }

  exists(path: string): boolean {
    return existsSync(join(this.dir, path));
  }

  remove(path: string): void {
    rmSync(join(this.dir, path), { recursive: true, force: true });
  }

  /** Every file under `path`, relative to it, sorted. */
  files(path: string): string[] {
    const root = join(this.dir, path);
    if (!existsSync(root)) return [];
    return readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(root, join(e.parentPath, e.name)))
      .sort();
  }

  run(...args: string[]): CliRun {
    return runCli(args, this.dir);
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function runCli(args: ReadonlyArray<string>, cwd: string): CliRun {
  const result = spawnSync(process.execPath, [cliBin, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A workflow file body with the imports and settings every test project shares. */
export function workflowFile(body: string): string {
  return `import { cron, fargate, job, parallel, sequence, workflow } from "@batchflow/batchflow";

const task = fargate({ image: "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/batch:prod" });
const options = { cluster: "batch", network: { subnets: ["subnet-a"] }, defaults: { task, command: (n: string) => ["make", "run", n] } };

${body}
`;
}
