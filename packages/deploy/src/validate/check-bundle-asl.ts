import type { BundleWorkflow } from "../bundle/bundle.js";
import { type DeployProblem, deployErrorCode } from "../errors.js";
import { resolvePlaceholders } from "../resolve/placeholders.js";
import { validateAsl } from "./validate-asl.js";

// Placeholders resolve to well-formed values, so ARN checks see what AWS will see.
const sampleEnvironment = { partition: "aws", region: "us-east-1", accountId: "000000000000", callerArn: "" };

/**
 * Checks every workflow's ASL with asl-validator before deploy makes any AWS call: emulators
 * validate nothing, and AWS would only reject a bad definition after the task definitions and
 * roles were already changed.
 */
export function checkBundleAsl(bundle: ReadonlyArray<BundleWorkflow>): DeployProblem[] {
  return bundle.flatMap((w) => {
    const validation = validateAsl(resolvePlaceholders(w.stateMachine, sampleEnvironment));
    return validation.valid
      ? []
      : [
          {
            code: deployErrorCode.invalidAsl,
            message: `the state machine definition is not valid ASL:\n    ${validation.errors.join("\n    ")}`,
            hint: "nothing was sent to AWS; recompile with batchflow compile (a hand-edited or corrupted definition?) and report it if compile produced it",
            workflow: w.name,
          },
        ];
  });
}
