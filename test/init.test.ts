// `batchflow init`: the project it writes compiles and runs here; it overwrites nothing. The
// project lives under test/.tmp, where `@batchflow/batchflow` resolves to this workspace (as after
// `npm install` in a user's project). test/release.test.ts takes such a project further, installed
// from a registry: its type check and its own vitest tests.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { CliProject, repoRoot, requireBuild } from "./support/cli-project.js";
import { runCliWith } from "./support/run-project.js";

const projects: CliProject[] = [];
beforeAll(requireBuild);
afterEach(() => {
  for (const p of projects.splice(0)) p.dispose();
});

function project(): CliProject {
  const p = new CliProject();
  projects.push(p);
  return p;
}

const files = [
  ".gitignore",
  "batchflow.config.ts",
  "package.json",
  "test/hello.test.ts",
  "tsconfig.json",
  "vitest.config.ts",
  "workflows/hello.ts",
];

describe("batchflow init", () => {
  it("writes a project that compiles and runs here", () => {
    const p = project();
    const init = runCliWith(["init", "my-batch"], p.dir, { npm_config_user_agent: "" });
    expect(init.stderr).toBe("");
    expect(init.status).toBe(0);
    expect(init.stdout).toMatch(/^Created a batchflow project in my-batch:$/m);
    expect(
      init.stdout.endsWith(
        "\nNext:\n  cd my-batch && npm install\n  npx batchflow compile\n  npx batchflow run hello && npm test\n",
      ),
    ).toBe(true);
    expect(p.files("my-batch")).toEqual(files);

    const dir = join(p.dir, "my-batch");
    const version = (
      JSON.parse(readFileSync(join(repoRoot, "packages/batchflow/package.json"), "utf8")) as {
        version: string;
      }
    ).version;
    expect(JSON.parse(p.read("my-batch/package.json"))).toEqual({
      name: "my-batch",
      version: "0.1.0",
      private: true,
      type: "module",
      scripts: { compile: "batchflow compile", test: "vitest run", typecheck: "tsc -p tsconfig.json" },
      devDependencies: {
        "@batchflow/batchflow": `^${version}`,
        "@types/node": "^20.19.0",
        typescript: "^5.9.3",
        vitest: "^4.1.12",
      },
      engines: { node: ">=20.19" },
    });
    expect(JSON.parse(p.read("my-batch/tsconfig.json")).compilerOptions).toMatchObject({
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      noEmit: true,
    });

    const compiled = runCliWith(["compile"], dir);
    expect(compiled.stderr).toBe("");
    expect(compiled.status).toBe(0);
    expect(compiled.stdout).toContain("✓ hello  2 jobs, rule cron(0 3 * * ? *)");
    const asl = JSON.parse(p.read("my-batch/dist/batchflow/hello/state-machine.asl.json"));
    expect(asl.States.extract.Parameters.Overrides.ContainerOverrides[0].Command).toEqual([
      "node",
      "-e",
      "console.log('extract: read 3 rows')",
    ]);

    // The commands really run here: no image to pull, nothing to build.
    const ran = runCliWith(["run", "hello"], dir);
    expect(ran.stderr).toBe("");
    expect(ran.status).toBe(0);
    expect(ran.stdout).toMatch(/^extract \| extract: read 3 rows$/m);
    expect(ran.stdout).toMatch(/^load +\| load: wrote 3 rows$/m);

    // Its type check and its own tests (simulate() and the ASL snapshot, written once, then
    // compared as on CI) run in test/release.test.ts, in projects that installed the package.

    // .gitignore: dependencies, local runs and secrets stay out; the compiled output goes in.
    expect(spawnSync("git", ["init", "-q"], { cwd: dir }).status).toBe(0);
    const ignored = (path: string) =>
      spawnSync("git", ["-c", "core.excludesFile=/dev/null", "check-ignore", "-q", path], { cwd: dir })
        .status === 0;
    for (const path of [
      "node_modules/x/index.js",
      ".batchflow/runs/r/load.log",
      ".env",
      "dist/.batchflow.staging-4242-abc/hello/manifest.json",
      "dist/.batchflow.lock-4242",
    ]) {
      expect(ignored(path), path).toBe(true);
    }
    expect(ignored("dist/batchflow/hello/state-machine.asl.json")).toBe(false);
  }, 240_000);

  it("writes into the current directory, and names the package manager it was started with", () => {
    const p = project().write("empty/.keep", "");
    p.remove("package.json");
    p.remove("empty/.keep");
    const run = runCliWith(["init"], join(p.dir, "empty"), {
      npm_config_user_agent: "pnpm/12.4.2 npm/? node/v20.19.0 linux x64",
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Created a batchflow project in \.:$/m);
    expect(run.stdout).toContain(
      "\nNext:\n  pnpm install\n  pnpm exec batchflow compile\n  pnpm exec batchflow run hello && pnpm test\n",
    );
    expect(JSON.parse(p.read("empty/package.json")).name).toBe("empty");
  });

  it("overwrites nothing: lists the files that exist, writes none and exits 1", () => {
    const p = project();
    p.write("mine/.gitignore", "secrets/\n").write("mine/workflows/hello.ts", "// mine\n");
    const run = runCliWith(["init", "mine"], p.dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      "error BF1425: batchflow init would overwrite 2 files in mine: workflows/hello.ts, .gitignore; nothing was written\n" +
        "  hint: init only writes files that do not exist yet: run it in a new directory (batchflow init my-batch), or move these files away\n",
    );
    expect(p.files("mine")).toEqual([".gitignore", "workflows/hello.ts"]);
    expect(p.read("mine/.gitignore")).toBe("secrets/\n");

    p.write("taken", "a file\n");
    const file = runCliWith(["init", "taken"], p.dir);
    expect(file.status).toBe(1);
    expect(file.stderr).toContain("error BF1426: cannot create a project in taken: it is a file");
  });

  it("completes the package.json of `npm init -y` and `npm install -D @batchflow/batchflow`, replacing nothing of the user's", () => {
    const p = project();
    const npmInit = {
      name: "ads",
      version: "1.0.0",
      description: "",
      main: "index.js",
      scripts: { test: 'echo "Error: no test specified" && exit 1', lint: "biome check ." },
      keywords: [],
      license: "ISC",
      type: "commonjs",
      devDependencies: { "@batchflow/batchflow": "^0.1.0" },
    };
    p.write("ads/package.json", `${JSON.stringify(npmInit, null, 2)}\n`);
    const run = runCliWith(["init"], join(p.dir, "ads"), { npm_config_user_agent: "" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Added batchflow to the project in \.:$/m);
    expect(run.stdout).toMatch(
      /^ {2}package\.json +added type module \(was commonjs\), scripts\.compile, scripts\.test, scripts\.typecheck, devDependencies @types\/node, devDependencies typescript, devDependencies vitest, engines\.node$/m,
    );
    expect(JSON.parse(p.read("ads/package.json"))).toEqual({
      ...npmInit,
      type: "module",
      scripts: {
        test: "vitest run",
        lint: "biome check .",
        compile: "batchflow compile",
        typecheck: "tsc -p tsconfig.json",
      },
      devDependencies: {
        "@batchflow/batchflow": "^0.1.0",
        "@types/node": "^20.19.0",
        typescript: "^5.9.3",
        vitest: "^4.1.12",
      },
      engines: { node: ">=20.19" },
    });
    expect(p.files("ads")).toEqual(files);

    // A project's own test script and its module type stay as they are.
    const mine = project();
    mine.write("x/package.json", JSON.stringify({ type: "module", scripts: { test: "node --test" } }));
    const kept = runCliWith(["init"], join(mine.dir, "x"));
    expect(kept.status).toBe(0);
    expect(kept.stdout).toContain('kept scripts.test "node --test" (the new test runs with: npx vitest run)');
    expect(JSON.parse(mine.read("x/package.json")).scripts.test).toBe("node --test");
  });

  it("in a project of the user's, keeps its tsconfig.json and completes its .gitignore", () => {
    const p = project();
    const tsconfig = '{ "compilerOptions": { "strict": true, "module": "NodeNext" } }\n';
    p.write("app/package.json", JSON.stringify({ name: "app", type: "module" }))
      .write("app/tsconfig.json", tsconfig)
      .write("app/.gitignore", "node_modules/\ncoverage/");
    const run = runCliWith(["init"], join(p.dir, "app"), { npm_config_user_agent: "" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^ {2}tsconfig\.json +kept as it was: the workflows need strict/m);
    expect(run.stdout).toMatch(/^ {2}\.gitignore +kept, added \.batchflow\/, \.env, \.batchflow\.\*$/m);
    expect(p.read("app/tsconfig.json")).toBe(tsconfig);
    const gitignore = p.read("app/.gitignore");
    expect(gitignore.startsWith("node_modules/\ncoverage/\n\n# added by batchflow init\n")).toBe(true);
    expect(gitignore).toContain("\n.env\n");
    expect(p.files("app")).toEqual(files);

    // batchflow's own files are still never replaced: a second init writes nothing.
    const again = runCliWith(["init"], join(p.dir, "app"));
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("error BF1425: batchflow init would overwrite");
    expect(p.read("app/.gitignore")).toBe(gitignore);
  });

  it("leaves CommonJS code and a broken package.json as they are: BF1427, nothing written", () => {
    const p = project();
    p.write("cjs/package.json", JSON.stringify({ type: "commonjs" })).write(
      "cjs/lib/util.js",
      "module.exports = 1;\n",
    );
    const cjs = runCliWith(["init"], join(p.dir, "cjs"));
    expect(cjs.status).toBe(1);
    expect(cjs.stderr).toContain(
      'error BF1427: package.json says "type": "commonjs", and batchflow\'s workflow files are ES modules; nothing was written',
    );
    expect(cjs.stderr).toContain("this one has lib/util.js");
    expect(p.files("cjs")).toEqual(["lib/util.js", "package.json"]);

    // No "type" at all is CommonJS too: its require() would stop working under "type": "module".
    p.write("untyped/package.json", JSON.stringify({ name: "legacy", main: "index.js" })).write(
      "untyped/index.js",
      'require("./lib");\n',
    );
    const untyped = runCliWith(["init"], join(p.dir, "untyped"));
    expect(untyped.status).toBe(1);
    expect(untyped.stderr).toContain(
      'error BF1427: package.json has no "type", which Node reads as "commonjs", and batchflow\'s workflow files are ES modules; nothing was written',
    );
    expect(p.files("untyped")).toEqual(["index.js", "package.json"]);

    p.write("broken/package.json", "{ not json");
    const broken = runCliWith(["init"], join(p.dir, "broken"));
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain("error BF1427: package.json is not a JSON object; nothing was written");
    expect(p.files("broken")).toEqual(["package.json"]);
  });
});
