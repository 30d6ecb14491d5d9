import type { MapOptions } from "../../ir/map-items.js";
import { anyOf, flag, numeric, objectOf, optional, text } from "../shape-builders.js";

/** `map(items, body, {...})`; ranges and the percentage's form are checked by map() itself (BF1252). */
export const mapOptionsShape = objectOf<MapOptions>(
  "map() options",
  {
    concurrency: optional(numeric({ expects: "must be a number of items at once", example: "3" })),
    distributed: optional(flag()),
    toleratedFailure: optional(
      anyOf([numeric(), text()], {
        expects: 'must be a count of items, or a percentage like "10%"',
        example: '"10%"',
      }),
    ),
  },
  {
    expects: "must be an object like { concurrency: 3 }",
    example: "{ concurrency: 3 }",
    elsewhere: {
      maxConcurrency: "how many items run at once is concurrency: 3",
      parallelism: "how many items run at once is concurrency: 3",
      mode: "a Distributed Map is distributed: true",
      toleratedFailurePercentage: 'a percentage is toleratedFailure: "10%"',
      toleratedFailureCount: "a count is toleratedFailure: 5",
    },
  },
);
