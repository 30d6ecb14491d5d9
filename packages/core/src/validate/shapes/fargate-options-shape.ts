import type { FargateOptions } from "../../ir/container-spec.js";
import { anyOf, numeric, objectOf, oneOf, optional, text } from "../shape-builders.js";
import { spotShape } from "./spot-shape.js";
import {
  architectureShape,
  containerCommandShape,
  cpuShape,
  durationShape,
  envShape,
  memoryShape,
} from "./value-shapes.js";

/** `fargate({...})`; sizes, names and ranges are checked when compiling (BF13xx). */
export const fargateOptionsShape = objectOf<FargateOptions>(
  "fargate()",
  {
    image: text({
      expects: "must be a string (the container image)",
      example: '"<account>.dkr.ecr.<region>.amazonaws.com/batch:production"',
    }),
    cpu: optional(cpuShape),
    memory: optional(memoryShape),
    architecture: optional(architectureShape),
    ephemeralStorage: optional(numeric({ expects: "must be a number of GiB", example: "50" })),
    command: optional(containerCommandShape),
    env: optional(envShape),
    family: optional(text({ example: '"batch"' })),
    container: optional(text({ example: '"main"' })),
    executionRole: optional(
      text({ expects: "must be a string (a role ARN)", example: '"arn:aws:iam::<account>:role/<name>"' }),
    ),
    taskRole: optional(
      text({ expects: "must be a string (a role ARN)", example: '"arn:aws:iam::<account>:role/<name>"' }),
    ),
    logGroup: optional(
      anyOf([text(), oneOf([false])], {
        expects: "must be a log group name, or false for no log configuration",
        example: '"/batchflow/batch"',
        hint: () => 'write logGroup: "/batchflow/batch", or logGroup: false for no log configuration',
      }),
    ),
    stopTimeout: optional(durationShape),
    spot: optional(spotShape),
  },
  {
    elsewhere: {
      timeout: 'a time limit belongs to the job: job("a", { timeout: "30m" }), or defaults.timeout',
      vcpu: "CPU is in CPU units: cpu: 1024 is one vCPU",
      storage: "ephemeral storage is ephemeralStorage, in GiB",
      environment: 'the environment is env: { NAME: "value" }',
    },
  },
);
