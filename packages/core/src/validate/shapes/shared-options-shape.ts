import type { JobDefaults, NetworkOptions, RoleOptions, SharedOptions } from "../../ir/workflow-options.js";
import type { Fields } from "../shape.js";
import { anyOf, callback, flag, listOf, objectOf, oneOf, optional, text } from "../shape-builders.js";
import { retryPolicyShape } from "./retry-policy-shape.js";
import { spotShape } from "./spot-shape.js";
import { commandShape, durationShape, envShape, taskShape } from "./value-shapes.js";

export const networkOptionsShape = objectOf<NetworkOptions>(
  "network",
  {
    subnets: listOf(text({ expects: "must be a string (a subnet id)", example: '"subnet-0abc"' }), {
      expects: "must be a list of subnet ids",
      example: '["subnet-0abc"]',
    }),
    securityGroups: optional(
      listOf(text({ expects: "must be a string (a security group id)", example: '"sg-0abc"' }), {
        expects: "must be a list of security group ids",
        example: '["sg-0abc"]',
      }),
    ),
    assignPublicIp: optional(flag()),
  },
  {
    expects: 'must be an object like { subnets: ["subnet-..."], securityGroups: ["sg-..."] }',
    example: '{ subnets: ["subnet-0abc"] }',
  },
);

export const jobDefaultsShape = objectOf<JobDefaults>(
  "defaults",
  {
    task: optional(taskShape),
    command: optional(
      anyOf([...commandShape.members, callback()], {
        expects: "must be a command (a list of strings or one string), or a function of the job name",
        example: '(name) => ["make", "run", name]',
      }),
    ),
    env: optional(envShape),
    timeout: optional(durationShape),
    spot: optional(spotShape),
  },
  {
    expects: 'must be job defaults like { task: fargate({ ... }), timeout: "30m" }',
    example: '{ timeout: "30m" }',
    elsewhere: {
      cpu: "set the size on the container: task: fargate({ image, cpu, memory }), or per job",
      memory: "set the size on the container: task: fargate({ image, cpu, memory }), or per job",
      retry: "retry the body instead: workflow(name, options, body.retry({ ... }))",
    },
  },
);

export const roleOptionsShape = objectOf<RoleOptions>(
  "roles",
  {
    stateMachine: optional(
      text({ expects: "must be a string (a role ARN)", example: '"arn:aws:iam::<account>:role/<name>"' }),
    ),
    schedule: optional(
      text({ expects: "must be a string (a role ARN)", example: '"arn:aws:iam::<account>:role/<name>"' }),
    ),
    notify: optional(
      text({ expects: "must be a string (a role ARN)", example: '"arn:aws:iam::<account>:role/<name>"' }),
    ),
  },
  {
    expects: 'must be an object like { stateMachine: "arn:aws:iam::..." }',
    example: "{ stateMachine: ... }",
  },
);

/** The fields a workflow and the project config share. */
export const sharedFields: Fields<SharedOptions> = {
  cluster: optional(text({ expects: "must be a string (a cluster name or ARN)", example: '"batch"' })),
  network: optional(networkOptionsShape),
  defaults: optional(jobDefaultsShape),
  infrastructureRetry: optional(
    anyOf([retryPolicyShape, oneOf([false])], {
      expects: "must be a retry policy, or false to turn it off",
      example: "{ maxAttempts: 5 }",
    }),
  ),
  roles: optional(roleOptionsShape),
};
