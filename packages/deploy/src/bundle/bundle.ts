import type {
  CompiledWorkflow,
  Manifest,
  PolicyDocument,
  RegisterTaskDefinitionInput,
  ScheduleArtefact,
  StateMachine,
} from "@batchflow/aws";

/** One compiled workflow as deploy reads it: from `dist/batchflow/<workflow>/` or from `compile()`. */
export interface BundleWorkflow {
  readonly name: string;
  readonly manifest: Manifest;
  readonly stateMachine: StateMachine;
  /** `RegisterTaskDefinition` inputs by family. */
  readonly taskDefinitions: Readonly<Record<string, RegisterTaskDefinitionInput>>;
  readonly schedule?: ScheduleArtefact | undefined;
  /** Role policy documents by their path in the bundle (`iam/state-machine-role.json`). */
  readonly policies: Readonly<Record<string, PolicyDocument>>;
}

/** The workflows `compile()` returned, as a bundle. */
export function bundleFromCompiled(compiled: ReadonlyArray<CompiledWorkflow>): BundleWorkflow[] {
  return compiled.map((c) => ({
    name: c.name,
    manifest: c.manifest,
    stateMachine: c.stateMachine,
    taskDefinitions: c.taskDefinitions,
    schedule: c.schedule,
    policies: Object.fromEntries(Object.entries(c.iam).map(([name, doc]) => [`iam/${name}.json`, doc])),
  }));
}
