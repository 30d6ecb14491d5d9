/** What `batchflow init` writes, path by path. Each file is a template of its own module. */
import { configTemplate } from "./templates/config-template.js";
import { gitignoreTemplate } from "./templates/gitignore-template.js";
import { packageJsonTemplate } from "./templates/package-json-template.js";
import { testTemplate } from "./templates/test-template.js";
import { tsconfigTemplate } from "./templates/tsconfig-template.js";
import { vitestConfigTemplate } from "./templates/vitest-config-template.js";
import { workflowTemplate } from "./templates/workflow-template.js";

export interface ProjectFile {
  /** Relative to the project directory, with `/`. */
  readonly path: string;
  readonly contents: string;
  /** One line for the listing init prints. */
  readonly about: string;
}

export interface ProjectValues {
  /** The package name (also the project name deploy tags resources with). */
  readonly name: string;
  /** This batchflow's version: the project depends on `^version`. */
  readonly version: string;
}

export function projectFiles(values: ProjectValues): ProjectFile[] {
  return [
    {
      path: "package.json",
      contents: packageJsonTemplate(values),
      about: "scripts compile, test and typecheck",
    },
    { path: "tsconfig.json", contents: tsconfigTemplate(), about: "type-checks the workflows and tests" },
    {
      path: "batchflow.config.ts",
      contents: configTemplate(),
      about: "cluster and network of every workflow: put yours there before you deploy",
    },
    {
      path: "workflows/hello.ts",
      contents: workflowTemplate(),
      about: "the workflow hello: extract, then load, every day at 03:00 UTC",
    },
    {
      path: "test/hello.test.ts",
      contents: testTemplate(),
      about: "simulate() of a success and a failure, and a snapshot of the state machine",
    },
    {
      path: "vitest.config.ts",
      contents: vitestConfigTemplate(),
      about: "the tests are test/**/*.test.ts",
    },
    {
      path: ".gitignore",
      contents: gitignoreTemplate(),
      about: "node_modules, local runs and .env; dist/batchflow stays committed",
    },
  ];
}

/** A valid npm package name from a directory name: `My Batch` -> `my-batch`. */
export function packageName(directoryName: string): string {
  const name = directoryName
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, "-")
    .replace(/^[._-]+/, "")
    .replace(/-+$/, "")
    .slice(0, 214);
  return name === "" ? "batchflow-project" : name;
}
