import type { BundleWorkflow } from "../bundle/bundle.js";
import { type DeployProblem, deployErrorCode } from "../errors.js";
import { fillConnectionArn } from "../resolve/connection-arn.js";
import { resolvePlaceholders } from "../resolve/placeholders.js";
import { type AslValidation, validateAsl } from "./validate-asl.js";

// Placeholders resolve to well-formed values, so ARN checks see what AWS will see.
const sampleEnvironment = { partition: "aws", region: "us-east-1", accountId: "000000000000", callerArn: "" };
const sampleConnectionArn =
  "arn:aws:events:us-east-1:000000000000:connection/sample-notify/00000000-0000-0000-0000-000000000000";

/**
 * A definition as the compiler writes it (with `${AWS::Partition}` and the other placeholders),
 * validated as AWS will see it once deploy filled them in.
 */
export function validateCompiledAsl(definition: unknown): AslValidation {
  return validateAsl(
    fillConnectionArn(resolvePlaceholders(definition, sampleEnvironment), sampleConnectionArn),
  );
}

/**
 * Checks every workflow's ASL (its state machine's, its lock and notify machines') with asl-validator
 * before deploy makes any AWS call: emulators validate nothing, and AWS would only reject a bad
 * definition after the task definitions and roles were already changed.
 */
export function checkBundleAsl(bundle: ReadonlyArray<BundleWorkflow>): DeployProblem[] {
  return bundle.flatMap((w) => [
    ...problems(w.name, "state machine", w.stateMachine),
    ...(w.lockMachine ? problems(w.name, "lock machine", w.lockMachine) : []),
    ...(w.notifyMachine ? problems(w.name, "notify machine", w.notifyMachine) : []),
  ]);
}

function problems(workflow: string, what: string, definition: unknown): DeployProblem[] {
  const validation = validateCompiledAsl(definition);
  return validation.valid
    ? []
    : [
        {
          code: deployErrorCode.invalidAsl,
          message: `the ${what} definition is not valid ASL:\n    ${validation.errors.join("\n    ")}`,
          hint: "nothing was sent to AWS; recompile with batchflow compile (a hand-edited or corrupted definition?) and report it if compile produced it",
          workflow,
        },
      ];
}
