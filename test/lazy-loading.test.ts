// What the built package loads, and when: the CommonJS modules a process has loaded, read from
// Node's module cache at exit by a preloaded hook. `import "@batchflow/batchflow/testing"` and a
// `batchflow run` of a workflow without locks must not load the ASL validator (asl-validator and
// Ajv: ~100 ms at every start), the AWS SDK or simulate()'s fake timers; those load only when used.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliProject, cliBin, repoRoot, requireBuild, workflowFile } from "./support/cli-project.js";

let project: CliProject;
beforeAll(() => {
  requireBuild();
  project = new CliProject()
    .write(
      "workflows/plain.ts",
      workflowFile(
        `export const plain = workflow("plain", { ...options, schedule: cron("0 3 * * *") }, job("a", { command: ["true"] }));`,
      ),
    )
    .write(
      "report-esm.mjs",
      `import { register } from "node:module";
register("data:text/javascript," + encodeURIComponent(\`
import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(process.env.BF_TEST_ESM_FILE, resolved.url + String.fromCharCode(10));
  return resolved;
}\`));
`,
    )
    .write(
      "report-transformer.cjs",
      `const { appendFileSync } = require("node:fs");
process.on("exit", () => {
  const loaded = Object.keys(require.cache).filter((path) => path.endsWith("sucrase.cjs") || path.includes("/sucrase/"));
  appendFileSync(process.env.BF_TEST_SUCRASE_FILE, JSON.stringify(loaded) + "\\n");
});
`,
    )
    .write(
      "report-modules.cjs",
      `const { appendFileSync } = require("node:fs");
process.on("exit", () => {
  const loaded = Object.keys(require.cache).filter((path) => path.includes("node_modules"));
  appendFileSync(process.env.BF_TEST_MODULES_FILE, JSON.stringify(loaded) + "\\n");
});
`,
    );
});
afterAll(() => project?.dispose());

/** The node_modules packages (name@version folders of pnpm's store, else names) every process of `args` loaded. */
function packagesLoaded(args: ReadonlyArray<string>, name: string): string[] {
  const file = join(project.dir, `${name}.modules.jsonl`);
  const result = spawnSync(process.execPath, ["--require", "./report-modules.cjs", ...args], {
    cwd: project.dir,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: "1", BF_TEST_MODULES_FILE: file },
  });
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  const paths = readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .flatMap((line) => JSON.parse(line) as string[]);
  return [
    ...new Set(
      paths.map((path) => /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules)/.exec(path)?.[1] ?? path),
    ),
  ].sort();
}

const heavy = ["asl-validator", "ajv", "@aws-sdk/client-sfn", "@smithy/core", "@sinonjs/fake-timers"];

describe("what loading the package costs", () => {
  it("imports the testing entry without the ASL validator, the AWS SDK or the fake timers", () => {
    const testing = join(repoRoot, "packages/batchflow/dist/testing.js");
    const loaded = packagesLoaded(
      ["--input-type=module", "-e", `await import(${JSON.stringify(testing)});`],
      "import",
    );
    for (const name of heavy) expect(loaded).not.toContain(name);
  });

  it("compiles without cronstrue, which only explain loads", () => {
    expect(packagesLoaded([cliBin, "compile", "--out", "out"], "compile")).not.toContain("cronstrue");
    expect(packagesLoaded([cliBin, "explain", "plain"], "explain")).toContain("cronstrue");
  });

  it("compiles without Graphviz (@viz-js/viz, an ES module), which graph loads for svg and html only", () => {
    // ES modules are not in require.cache: a resolve hook registered before the CLI starts lists them.
    const modules = (args: ReadonlyArray<string>, name: string) => {
      const file = join(project.dir, `${name}.esm.txt`);
      const result = spawnSync(process.execPath, ["--import", "./report-esm.mjs", ...args], {
        cwd: project.dir,
        encoding: "utf8",
        timeout: 60_000,
        env: { ...process.env, NO_COLOR: "1", BF_TEST_ESM_FILE: file },
      });
      expect(result.status, result.stderr).toBe(0);
      return readFileSync(file, "utf8");
    };
    expect(modules([cliBin, "compile", "--out", "out"], "compile")).not.toContain("@viz-js/viz");
    expect(modules([cliBin, "graph", "plain"], "mermaid")).not.toContain("@viz-js/viz");
    expect(modules([cliBin, "graph", "plain", "--format", "svg", "--out", "plain.svg"], "svg")).toContain(
      "@viz-js/viz",
    );
  });

  it("loads sucrase (dist/sucrase.cjs) only for a file jiti's cache does not hold", () => {
    const sucraseLoaded = (name: string, env: Record<string, string>): string[] => {
      const file = join(project.dir, `${name}.sucrase.jsonl`);
      const result = spawnSync(
        process.execPath,
        ["--require", "./report-transformer.cjs", cliBin, "compile", "--out", "out"],
        {
          cwd: project.dir,
          encoding: "utf8",
          timeout: 60_000,
          env: { ...process.env, ...env, NO_COLOR: "1", BF_TEST_SUCRASE_FILE: file },
        },
      );
      expect(result.status, result.stderr).toBe(0);
      return JSON.parse(readFileSync(file, "utf8")) as string[];
    };
    // jiti's cache rebuilt: every file is transformed, with the package's own sucrase file.
    const cold = sucraseLoaded("cold", { JITI_REBUILD_FS_CACHE: "true" });
    expect(cold).toEqual([join(repoRoot, "packages/batchflow/dist/sucrase.cjs")]);
    // Now cached: nothing to transform, and sucrase's ~460 KB are not even parsed.
    expect(sucraseLoaded("warm", {})).toEqual([]);
  });

  it("runs a workflow without loading the ASL validator, the AWS SDK or the fake timers", () => {
    const loaded = packagesLoaded([cliBin, "run", "plain"], "run");
    for (const name of heavy) expect(loaded).not.toContain(name);
    // The check above would pass if nothing were reported: the run did load its own dependencies.
    expect(loaded).toContain("jiti");
  });
});
