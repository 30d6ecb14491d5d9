import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll } from "vitest";
import { CliProject, type CliRun, cliBin, requireBuild } from "./cli-project.js";

/** The environment `batchflow run` gets in tests: no colours, and none of the secrets the tests use. */
export function runEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" };
  for (const name of Object.keys(env)) if (name.startsWith("BF_TEST_")) delete env[name];
  return { ...env, ...extra };
}

/** Runs the built CLI to completion. */
export function runCliWith(
  args: ReadonlyArray<string>,
  cwd: string,
  env: Readonly<Record<string, string>> = {},
): CliRun {
  const result = spawnSync(process.execPath, [cliBin, ...args], { cwd, encoding: "utf8", env: runEnv(env) });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** The built CLI as a running child process, with its output collected as it comes. */
export function spawnCli(
  args: ReadonlyArray<string>,
  cwd: string,
  options: { readonly env?: Readonly<Record<string, string>>; readonly detached?: boolean } = {},
): { readonly child: ChildProcess; readonly done: Promise<CliRun>; readonly output: () => string } {
  const child = spawn(process.execPath, [cliBin, ...args], {
    cwd,
    env: runEnv(options.env),
    stdio: "pipe",
    detached: options.detached ?? false,
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<CliRun>((resolve) => {
    child.on("close", (code, signal) => resolve({ status: code ?? (signal ? -1 : -2), stdout, stderr }));
  });
  return { child, done, output: () => stdout + stderr };
}

/** Starts the built CLI and hands back the process, to signal it while it runs. */
export function startCli(
  args: ReadonlyArray<string>,
  cwd: string,
): { readonly pid: number; readonly signal: (s: NodeJS.Signals) => void; readonly done: Promise<CliRun> } {
  const { child, done } = spawnCli(args, cwd);
  return { pid: child.pid ?? -1, signal: (s) => child.kill(s), done };
}

/**
 * Whether a process is gone. `kill(pid, 0)` failing with ESRCH says so; a zombie (state Z: it has
 * exited and waits for init, its new parent, to collect its status) counts as gone too.
 */
export function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return true;
    throw error;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return true;
  }
}

/** Polls until `check` holds, for at most `timeoutMs`. */
export async function waitUntil(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${check.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export type TraceLine = { readonly time: string; readonly type: string } & Record<string, unknown>;

/** A `--json` trace file: every line parsed as JSON (throws on a line that is not). */
export function readTrace(path: string): TraceLine[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as TraceLine);
}

/** A pid a job wrote to a file in the project. */
export function pidIn(dir: string, file: string): number {
  const path = join(dir, file);
  if (!existsSync(path)) throw new Error(`the job did not write ${file}`);
  return Number(readFileSync(path, "utf8").trim());
}

/** A workflow file for `batchflow run` tests: jobs are shell commands, the task stops within 2 s. */
export function runWorkflowFile(body: string): string {
  return `import { fargate, input, job, parallel, secret, sequence, workflow } from "@batchflow/batchflow";

const task = fargate({ image: "public.ecr.aws/docker/library/busybox:latest", stopTimeout: "2s" });
const options = { cluster: "local", network: { subnets: ["subnet-local"] }, defaults: { task, timeout: "30s" } };

${body}
`;
}

/**
 * Projects of one workflow file each, for a test file that runs the built CLI: checks the build
 * first, and after each test runs the registered clean-ups (killing what is still running) and
 * removes the projects.
 */
export function useRunProjects(): {
  project: (workflows: string) => CliProject;
  onCleanup: (cleanup: () => void) => void;
} {
  const projects: CliProject[] = [];
  const cleanups: Array<() => void> = [];
  beforeAll(requireBuild);
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
    for (const p of projects.splice(0)) p.dispose();
  });
  return {
    project: (workflows) => {
      const p = new CliProject().write("workflows/w.ts", runWorkflowFile(workflows));
      projects.push(p);
      return p;
    },
    onCleanup: (cleanup) => {
      cleanups.push(cleanup);
    },
  };
}
