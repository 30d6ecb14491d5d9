import type { JobOptions } from "../../ir/job-options.js";
import { checkedByBuilder, flag, objectOf, optional } from "../shape-builders.js";
import { lockOptionsShape } from "./lock-options-shape.js";
import { spotShape } from "./spot-shape.js";
import { commandShape, cpuShape, durationShape, envShape, memoryShape, taskShape } from "./value-shapes.js";

/** `job(name, {...})`; `after:` is checked by job() itself (BF1010, BF1001). */
export const jobOptionsShape = objectOf<JobOptions>(
  "a job",
  {
    task: optional(taskShape),
    command: optional(commandShape),
    env: optional(envShape),
    cpu: optional(cpuShape),
    memory: optional(memoryShape),
    timeout: optional(durationShape),
    after: optional(checkedByBuilder()),
    output: optional(flag()),
    lock: optional(lockOptionsShape),
    spot: optional(spotShape),
  },
  {
    elsewhere: {
      name: 'the name is job()\'s first argument: job("name", { ... })',
      retry: 'retry is a method: job("a").retry({ maxAttempts: 2 })',
      catch: 'catch is a method: job("a").catch(["States.ALL"], job("cleanup"))',
      image: 'the image belongs to the container: task: fargate({ image: "..." })',
      dependsOn: "dependencies are after: [a, b], with the flows job() returned",
    },
  },
);
