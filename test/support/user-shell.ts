// Commands run as a user runs them in their own project: outside this workspace, with the Node.js
// of their choice first on PATH, and none of the environment this test run inherited from pnpm or
// vitest (a nested vitest would otherwise take the outer run's worker settings).
import { execFileSync, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export interface ShellRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

export interface UserShell {
  readonly nodeVersion: string;
  /** pnpm 12.4.2's own executable, found once (every `npx pnpm@...` would ask the registry again). */
  readonly pnpm: string;
  /** Runs a command to its end; asynchronous, so that the npm and pnpm projects proceed side by side. */
  run(
    cwd: string,
    command: string,
    args: ReadonlyArray<string>,
    env?: Record<string, string>,
  ): Promise<ShellRun>;
}

const inherited = /^(npm_|pnpm_|PNPM_|VITEST|NODE_OPTIONS$|INIT_CWD$|TEST$|CI$|FORCE_COLOR$|NO_COLOR$)/;

/**
 * A shell whose `node` (and so npm, npx and pnpm) is the given major version: "system" is the
 * Node.js running this test; "22" or "24" come from the `node` package on the npm registry.
 */
export function userShell(version: string, registryUrl: string, scratch: string): UserShell {
  const nodeDir = version === "system" ? dirname(process.execPath) : downloadedNode(version);
  const userConfig = join(scratch, `npmrc-${version}`);
  writeFileSync(userConfig, `@batchflow:registry=${registryUrl}\n`);
  const base: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !inherited.test(key)) base[key] = value;
  }
  Object.assign(base, {
    PATH: `${nodeDir}:${process.env.PATH ?? ""}`,
    // The user's npmrc maps batchflow's scope to the registry the test published to; every other
    // package comes from the npm registry, as for a project whose company registry serves its own
    // scope. (Proxying the rest through verdaccio cost it 20 s of CPU parsing the AWS SDK's
    // package documents, a tenth of the test line's budget, and tested nothing of batchflow's.)
    npm_config_userconfig: userConfig,
    // pnpm 11 and later read their own prefix only.
    pnpm_config_userconfig: userConfig,
    pnpm_config_update_notifier: "false",
    // pnpm caches registry metadata by registry address; a later run whose registry got the same
    // port would resolve the version to an earlier run's tarball.
    pnpm_config_cache_dir: join(scratch, "pnpm-cache"),
    npm_config_update_notifier: "false",
    npm_config_fund: "false",
    npm_config_audit: "false",
    NO_COLOR: "1",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    AWS_EC2_METADATA_DISABLED: "true",
  });
  const nodeVersion = execFileSync(`${nodeDir}/node`, ["--version"], { encoding: "utf8" }).trim();
  const pnpm = execFileSync("npx", ["-y", "-p", "pnpm@12.4.2", "-c", "command -v pnpm"], {
    encoding: "utf8",
    env: { ...process.env, npm_config_update_notifier: "false" },
  }).trim();
  return {
    nodeVersion,
    pnpm,
    run(cwd, command, args, env = {}) {
      const started = performance.now();
      return new Promise((resolve) => {
        const child = spawn(command, [...args], {
          cwd,
          env: { ...base, ...env },
          stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
          stdout += chunk;
        });
        child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
          stderr += chunk;
        });
        // A hung install or server must not hold the test until vitest's own limit.
        const timer = setTimeout(() => child.kill("SIGKILL"), 240_000);
        const end = (status: number, extra = "") => {
          clearTimeout(timer);
          resolve({ status, stdout, stderr: stderr + extra, ms: performance.now() - started });
        };
        child.once("error", (error) => end(-1, `\n${error.message}`));
        child.once("close", (code, signal) => end(code ?? -1, signal ? `\nkilled by ${signal}` : ""));
      });
    },
  };
}

function downloadedNode(version: string): string {
  const execPath = execFileSync("npx", ["-y", "-p", `node@${version}`, "node", "-p", "process.execPath"], {
    encoding: "utf8",
    env: { ...process.env, npm_config_update_notifier: "false" },
  }).trim();
  return dirname(execPath);
}
