// Runs the built CLI with test/support/kill-preload.mjs, which signals the CLI's own process at an
// exact step of the output's write or switch, and reads the output back as plain data to compare.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { cliBin } from "./cli-project.js";

const preload = join(dirname(fileURLToPath(import.meta.url)), "kill-preload.mjs");

export interface KilledRun {
  /** Exit code, or null when a signal ended the process. */
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface KillPoint {
  /** The step (1-based) before which the signal is sent; 0: never. */
  readonly at: number;
  readonly signal: "SIGKILL" | "SIGINT" | "SIGTERM";
}

/**
 * `batchflow <args>` in `cwd`, counting every call that changes the disk under `watched` and
 * sending `point.signal` to itself before step `point.at`. With `log`, the steps are written there.
 */
export function runWithKill(
  args: ReadonlyArray<string>,
  cwd: string,
  watched: string,
  point: KillPoint,
  log?: string,
): Promise<KilledRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", preload, cliBin, ...args], {
      cwd,
      env: {
        ...process.env,
        NO_COLOR: "1",
        FORCE_COLOR: "0",
        BF_KILL_DIR: watched,
        BF_KILL_AT: String(point.at),
        BF_KILL_SIGNAL: point.signal,
        ...(log === undefined ? {} : { BF_KILL_LOG: log }),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once("error", reject);
    child.once("close", (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

/** The steps a dry run logged: "<n> <call> <path>" lines, as { call, path }. */
export function readSteps(log: string): Array<{ call: string; path: string }> {
  return readFileSync(log, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      const [, call, ...rest] = line.split(" ");
      // "open wx <path>" has its flags between the call and the path.
      const path = rest.at(-1) ?? "";
      return { call: rest.length > 1 ? `${call} ${rest[0]}` : (call ?? ""), path };
    });
}

/** Every file under `dir` by its path relative to `dir`, with its contents; {} when `dir` is missing. */
export function treeOf(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  if (!existsSync(dir)) return files;
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const path = join(e.parentPath, e.name);
    if (e.isFile()) files[relative(dir, path)] = readFileSync(path, "utf8");
  }
  return files;
}

/** A small deterministic random generator (mulberry32), so that a failing seed can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
