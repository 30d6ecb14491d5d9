import { defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";
import LongestFirst from "./test/support/longest-first.js";

// Tests import each package's TypeScript source, not its build.
const conditions = ["@batchflow/source", ...defaultServerConditions];
// Workers get these as Node --conditions; "module" would make Node load the AWS SDK's bundler-only build.
const nodeConditions = conditions.filter((c) => c !== "module");

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions: nodeConditions } },
  test: {
    reporters: ["default", "./test/support/summary-reporter.ts"],
    sequence: { sequencer: LongestFirst },
    // The type tests (*.test-d.ts: expectTypeOf, @ts-expect-error) are checked by `pnpm typecheck`,
    // whose tsconfig includes them; the test line runs it beside vitest, so vitest does not run tsc
    // over the same files a second time.
    projects: [
      {
        extends: true,
        test: {
          // The packages' unit tests: in-process and free of global state, so one module graph per
          // worker serves them all (about half the CPU of a fresh process per file).
          name: "unit",
          include: ["packages/*/src/**/*.test.ts"],
          pool: "threads",
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          // End to end: child processes, servers, process.env and the working directory, so each
          // file gets a process of its own.
          name: "e2e",
          include: ["test/**/*.test.ts"],
          isolate: false,
        },
      },
    ],
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      AWS_EC2_METADATA_DISABLED: "true",
    },
    // Three test files at a time on 2 cores. The suite is mostly CPU-bound (the CLI's processes,
    // moto_server, npm), but some files wait (the release test on the registry, runs on lock polls):
    // on a new machine (fresh clone, Chromium to install, empty npm cache) the whole test line took
    // 235, 259 and 264 s with three workers, 260 and 266 s with two.
    maxWorkers: 3,
    // A limit for hangs, far above any test's usual time, so a busy machine never trips it.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
