import type { CatchOptions } from "../../ir/flow-node.js";
import { flag, objectOf, optional } from "../shape-builders.js";

/** What `.catch(errors, handler, options)` takes after the handler. */
export const catchOptionsShape = objectOf<CatchOptions>(
  "catch() options",
  { rethrow: optional(flag()) },
  {
    expects: "must be an object like { rethrow: true }",
    example: "{ rethrow: true }",
    elsewhere: {
      throw: "a handler that fails the flow again is { rethrow: true }",
      reraise: "a handler that fails the flow again is { rethrow: true }",
      retry: "retry the flow itself: .retry({ ... }) before .catch(...)",
    },
  },
);
