// Commands run as a user runs them in their own project: outside this workspace, with the Node.js
// of their choice first on PATH, and none of the environment this test run inherited from pnpm or
// vitest (a nested vitest would otherwise take the outer run's worker settings).
import { execFileSync, spawnSync } from "node:child_process";
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
  run(cwd: string, command: string, args: ReadonlyArray<string>, env?: Record<string, string>): ShellRun;
}

const inherited = /^(npm_|pnpm_|PNPM_|VITEST|NODE_OPTIONS$|INIT_CWD$|TEST$|CI$|FORCE_COLOR$|NO_COLOR$)/;

/**
 * A shell whose `node` (and so npm, npx and pnpm) is the given major version: "system" is the
 * Node.js running this test; "22" or "24" come from the `node` package on the npm registry.
 */
export function userShell(version: string, registryUrl: string, scratch: string): UserShell {
  const nodeDir = version === "system" ? dirname(process.execPath) : downloadedNode(version);
  const base: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !inherited.test(key)) base[key] = value;
  }
  Object.assign(base, {
    PATH: `${nodeDir}:${process.env.PATH ?? ""}`,
    npm_config_registry: registryUrl,
    // pnpm 11 and later read their own prefix only.
    pnpm_config_registry: registryUrl,
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
      const result = spawnSync(command, [...args], {
        cwd,
        encoding: "utf8",
        env: { ...base, ...env },
        timeout: 240_000,
        maxBuffer: 64 * 1024 * 1024,
      });
      return {
        status: result.status ?? -1,
        stdout: result.stdout ?? "",
        stderr: `${result.stderr ?? ""}${result.error ? `\n${result.error.message}` : ""}`,
        ms: performance.now() - started,
      };
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
