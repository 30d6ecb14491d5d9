import type { ValidationCode } from "./validation-code.js";

/** One way an option object differs from its type; the message already names the object. */
export interface OptionProblem {
  readonly code: ValidationCode;
  /** Where in the object, e.g. `network.subnets` or `on[1]`; `""` for the object itself. */
  readonly path: string;
  readonly message: string;
  readonly hint: string;
}
