import { defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

// Tests import each package's TypeScript source, not its build.
const conditions = ["@batchflow/source", ...defaultServerConditions];
// Workers get these as Node --conditions; "module" would make Node load the AWS SDK's bundler-only build.
const nodeConditions = conditions.filter((c) => c !== "module");

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions: nodeConditions } },
  test: {
    reporters: ["default", "./test/support/summary-reporter.ts"],
    include: ["packages/*/src/**/*.test.ts", "test/**/*.test.ts"],
    typecheck: {
      enabled: true,
      include: ["packages/*/src/**/*.test-d.ts", "test/**/*.test-d.ts"],
      tsconfig: "./tsconfig.json",
    },
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      AWS_EC2_METADATA_DISABLED: "true",
    },
    testTimeout: 30_000,
  },
});
