// `pnpm bench:installed`: the CLI as users get it, installed from the packed tarball into a new
// project outside the workspace, next to the same CLI run from the workspace: `batchflow --version`
// and `batchflow compile` of the seed example (warm jiti cache), medians of interleaved runs.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { fmt, median, printTable } from "./util.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const runs = 15;

/**
 * Prints the table and returns, per command, the installed and the workspace medians (ms), and the
 * install's wall time.
 */
export function runInstalledBench() {
  const tarball = readdirSync(join(root, "release")).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error("no tarball in release/: run `npx -y pnpm@12.4.2 release:pack` first");
  const project = mkdtempSync(join(tmpdir(), "batchflow-installed-"));
  try {
    return measureInstalled(project, tarball);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

function measureInstalled(project, tarball) {
  const seed = join(root, "examples/seed-migration");
  for (const entry of ["workflows", "batchflow.config.ts", "containers.ts", "Makefile", "scripts"]) {
    cpSync(join(seed, entry), join(project, entry), { recursive: true });
  }
  writeFileSync(
    join(project, "package.json"),
    `${JSON.stringify({ name: "installed-seed", private: true, type: "module" }, null, 2)}\n`,
  );
  const started = performance.now();
  execFileSync("npm", ["install", "-D", join(root, "release", tarball), "--no-audit", "--no-fund"], {
    cwd: project,
    stdio: "pipe",
  });
  const installMs = performance.now() - started;

  const installed = {
    label: "installed (npm, from the tarball)",
    cwd: project,
    bin: join(project, "node_modules/@batchflow/batchflow/bin/batchflow.js"),
  };
  const workspace = {
    label: "workspace (packages/batchflow)",
    cwd: seed,
    bin: join(root, "packages/batchflow/bin/batchflow.js"),
  };
  const cases = [installed, workspace];
  const commands = { "--version": ["--version"], "compile (seed example)": ["compile"] };
  const times = new Map();
  for (const c of cases) for (const args of Object.values(commands)) cli(c, args); // warm-up
  for (let i = 0; i < runs; i++) {
    for (const c of cases) {
      for (const [name, args] of Object.entries(commands)) {
        const key = `${c.label}\0${name}`;
        times.set(key, [...(times.get(key) ?? []), cli(c, args)]);
      }
    }
  }
  console.log(
    `npm install of ${tarball} into an empty project: ${fmt(installMs / 1000)} s (npm's cache as it is)`,
  );
  const medians = Object.fromEntries(
    Object.keys(commands).map((name) => {
      const [installedMs, workspaceMs] = cases.map((c) => median(times.get(`${c.label}\0${name}`)));
      return [name, { installedMs, workspaceMs }];
    }),
  );
  printTable(
    `CLI from outside (wall ms, median of ${runs}, node ${process.version})`,
    ["command", ...cases.map((c) => c.label), "installed / workspace"],
    Object.entries(medians).map(([name, m]) => [
      name,
      fmt(m.installedMs),
      fmt(m.workspaceMs),
      `${(m.installedMs / m.workspaceMs).toFixed(2)}×`,
    ]),
  );
  return { installMs, version: medians["--version"], compile: medians["compile (seed example)"] };
}

function cli(c, args) {
  const start = performance.now();
  const run = spawnSync(process.execPath, [c.bin, ...args], {
    cwd: c.cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  const ms = performance.now() - start;
  if (run.status !== 0) throw new Error(`batchflow ${args.join(" ")} failed in ${c.cwd}:\n${run.stderr}`);
  return ms;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) runInstalledBench();
