import type { LockOptions } from "../../ir/lock-options.js";
import { objectOf, oneOf, optional, text } from "../shape-builders.js";
import { durationShape } from "./value-shapes.js";

/** `lock:` on a workflow or a job; the name's characters and the durations are checked when compiling (BF1220). */
export const lockOptionsShape = objectOf<LockOptions>(
  "a lock",
  {
    name: text({ expects: "must be a string (the lock's name)", example: '"fuga.lock"' }),
    wait: optional(durationShape),
    onBusy: optional(oneOf(["skip", "fail"])),
    poll: optional(durationShape),
  },
  {
    expects: 'must be a lock like { name: "fuga.lock", wait: "10m" }',
    example: '{ name: "fuga.lock" }',
    hint: (value, key) =>
      typeof value === "string" ? `write ${key}: { name: ${JSON.stringify(value)} }` : undefined,
    elsewhere: {
      timeout: 'how long to wait for a busy lock is wait: "10m"',
      lease:
        "a lock has no lease: it is taken over as soon as its holder's run has ended, however it ended, and never while that run lives; remove lease",
    },
  },
);
