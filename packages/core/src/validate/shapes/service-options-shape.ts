import type { ServiceOptions } from "../../ir/service-options.js";
import { numeric, objectOf, optional, text } from "../shape-builders.js";
import { networkOptionsShape } from "./shared-options-shape.js";
import { spotShape } from "./spot-shape.js";
import { commandShape, envShape, taskShape } from "./value-shapes.js";

/** `service(name, {...})`; counts, percentages and names are checked when compiling (BF1230-BF1236). */
export const serviceOptionsShape = objectOf<ServiceOptions>(
  "a service",
  {
    task: taskShape,
    desiredCount: numeric({ expects: "must be a number of tasks", example: "2" }),
    command: optional(commandShape),
    env: optional(envShape),
    cluster: optional(text({ expects: "must be a string (a cluster name or ARN)", example: '"batch"' })),
    network: optional(networkOptionsShape),
    minimumHealthyPercent: optional(numeric({ expects: "must be a percentage", example: "50" })),
    maximumPercent: optional(numeric({ expects: "must be a percentage", example: "200" })),
    spot: optional(spotShape),
  },
  {
    elsewhere: {
      name: 'the name is service()\'s first argument: service("name", { ... })',
      count: "the number of tasks is desiredCount",
      tasks: "the number of tasks is desiredCount",
      schedule: "a service runs all the time; a job on a schedule is a workflow",
      defaults: "a service has one container: set it with task: fargate({ ... }), command and env",
      image: "the image belongs to the container: task: fargate({ image: ... })",
      cpu: "set the size on the container: task: fargate({ image, cpu, memory })",
      memory: "set the size on the container: task: fargate({ image, cpu, memory })",
      timeout: "a service has no time limit; its tasks run until the service is scaled down",
      roles: "roles belong to the container: fargate({ executionRole, taskRole })",
      deploymentConfiguration: "write minimumHealthyPercent and maximumPercent on the service itself",
      launchType: "a service runs on Fargate; spot: true (or { base, weight }) runs it on Fargate Spot",
      capacityProviderStrategy:
        "batchflow writes the capacity providers: spot: { base, weight } is the FARGATE_SPOT item",
    },
  },
);
