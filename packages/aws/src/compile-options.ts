import {
  type BatchflowConfigInput,
  checkedByBuilder,
  type Diagnostic,
  objectOf,
  optional,
  optionDiagnostics,
} from "@batchflow/core";

export interface CompileOptions {
  /** Project config (`batchflow.config.ts`): defaults under the workflow's own options. */
  readonly config?: BatchflowConfigInput;
}

const compileOptionsShape = objectOf<CompileOptions>(
  "compile options",
  // The config's own keys are checked when the workflow resolves ("the project config: ...").
  { config: optional(checkedByBuilder()) },
  {
    expects: "must be an object like { config }",
    example: "{ config }",
    elsewhere: {
      stepLimit: "stepLimit is an option of simulate(), not of compile()",
    },
  },
);

/**
 * What is wrong with the options of a compile call (`compile()`, `compileTask()`, …, named by
 * `call`): a key it does not take (BF1011, with the key meant) or not an object (BF1012), at the
 * user's call. A misspelt `config` would otherwise compile without the project config and blame
 * the workflow for the cluster and subnets it lacks.
 */
export function compileOptionProblems(options: unknown, call: string): Diagnostic[] {
  return optionDiagnostics(options, compileOptionsShape, `${call} options`);
}
