import type {
  CompiledWorkflow,
  Manifest,
  PolicyDocument,
  RegisterTaskDefinitionInput,
  ScheduleArtefact,
  StateMachine,
} from "@batchflow/aws";
import {
  bundleResources,
  type LockTableInput,
  type NotifyConnectionInput,
  type NotifyRuleInput,
} from "./bundle-resources.js";

export {
  type BundleEntry,
  type BundleService,
  bundleFromCompiledServices,
  isBundleService,
  splitBundle,
} from "./bundle-service.js";
export { type BundleTask, bundleFromCompiledTasks, isBundleTask } from "./bundle-task.js";

/** One compiled workflow as deploy reads it: from `dist/batchflow/<workflow>/` or from `compile()`. */
export interface BundleWorkflow {
  readonly name: string;
  readonly manifest: Manifest;
  readonly stateMachine: StateMachine;
  /** `RegisterTaskDefinition` inputs by family. */
  readonly taskDefinitions: Readonly<Record<string, RegisterTaskDefinitionInput>>;
  /** Its rules and Scheduler schedules (`schedule.json`, `schedule-2.json`, ...); empty without. */
  readonly schedules: ReadonlyArray<ScheduleArtefact>;
  /** Role policy documents by their path in the bundle (`iam/state-machine-role.json`). */
  readonly policies: Readonly<Record<string, PolicyDocument>>;
  /** The lock table the workflow's locks live in (`lock-table.json`), when it uses locks. */
  readonly lockTable?: LockTableInput | undefined;
  /** The definition of its lock machine (`lock-machine.asl.json`), which its lock states call. */
  readonly lockMachine?: StateMachine | undefined;
  /** The EventBridge connection its Slack notifications post through (`notify-connection.json`). */
  readonly notifyConnection?: NotifyConnectionInput | undefined;
  /** The definition of its notify machine (`notify-machine.asl.json`), which sends its notifications. */
  readonly notifyMachine?: StateMachine | undefined;
  /** The rule that starts the notify machine when a run ends (`notify-rule.json`). */
  readonly notifyRule?: NotifyRuleInput | undefined;
}

/** The workflows `compile()` returned, as a bundle. */
export function bundleFromCompiled(compiled: ReadonlyArray<CompiledWorkflow>): BundleWorkflow[] {
  return compiled.map((c) => {
    const files = new Map(c.files.map((f) => [f.path, f.contents]));
    return {
      name: c.name,
      manifest: c.manifest,
      stateMachine: c.stateMachine,
      taskDefinitions: c.taskDefinitions,
      schedules: c.schedules,
      policies: Object.fromEntries(Object.entries(c.iam).map(([name, doc]) => [`iam/${name}.json`, doc])),
      // Read from the files, like readBundle does, so both paths give the same bundle.
      ...bundleResources(c.name, c.manifest, (path) => files.get(path)),
    };
  });
}
