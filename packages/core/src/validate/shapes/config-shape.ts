import type { BatchflowConfigInput, LocalRunOptions } from "../../ir/config.js";
import { listOf, objectOf, optional, text } from "../shape-builders.js";
import { sharedFields } from "./shared-options-shape.js";
import { durationShape } from "./value-shapes.js";

export const localRunOptionsShape = objectOf<LocalRunOptions>(
  "local",
  {
    cwd: optional(text({ expects: "must be a string (a directory)", example: '"."' })),
    envFile: optional(text({ expects: "must be a string (a file)", example: '".env.local"' })),
    stopTimeout: optional(durationShape),
  },
  { expects: 'must be an object like { envFile: ".env.local" }', example: '{ envFile: ".env.local" }' },
);

/** `defineConfig({...})`, and a config given as a plain object. */
export const configShape = objectOf<BatchflowConfigInput>(
  "the project config",
  {
    ...sharedFields,
    project: optional(text({ example: '"ads"' })),
    workflows: optional(
      listOf(text({ expects: "must be a string (a glob)", example: '"workflows/**/*.ts"' }), {
        expects: "must be a list of globs",
        example: '["workflows/**/*.ts"]',
      }),
    ),
    out: optional(text({ expects: "must be a string (a directory)", example: '"dist/batchflow"' })),
    defaultTimeout: optional(durationShape),
    lockTable: optional(text({ example: '"batchflow-locks"' })),
    local: optional(localRunOptionsShape),
  },
  {
    expects: "must be an object",
    example: '{ cluster: "batch" }',
    elsewhere: {
      timeout: 'the timeout of jobs that set none is defaultTimeout: "1h"',
      schedule: "schedules belong to workflows: workflow(name, { schedule: cron(...) }, body)",
    },
  },
);
