import {
  lockMachineName,
  type lockTableDefinition,
  type Manifest,
  type NotifyRule,
  type notifyConnectionDefinition,
  notifyMachineName,
  type StateMachine,
  stateMachineArn,
} from "@batchflow/aws";
import type { DeployError } from "../errors.js";
import { manifestFiles } from "./manifest-files.js";

/** `CreateTable` input of a lock table, as `lock-table.json` holds it. */
export type LockTableInput = ReturnType<typeof lockTableDefinition>;

/** `CreateConnection` input of a workflow's notification connection (`notify-connection.json`). */
export type NotifyConnectionInput = ReturnType<typeof notifyConnectionDefinition>;

/**
 * `PutRule` and `PutTargets` inputs of the rule that starts a workflow's notify machine
 * (`notify-rule.json`): an event pattern instead of a schedule, and no `Input` (the event is the
 * notify machine's input).
 */
export type NotifyRuleInput = NotifyRule;

/** A manifest entry naming a resource and the bundle file that defines it. */
export interface ManifestResource {
  readonly name: string;
  readonly file: string;
}

/** The manifest entry of one of a workflow's own small state machines: its lock or notify machine. */
export type ManifestMachine = NonNullable<Manifest["lockMachine"]>;

/** The manifest entry of a workflow's lock machine (`<workflow>-locks`, `lock-machine.asl.json`). */
export type ManifestLockMachine = ManifestMachine;

/**
 * The manifest fields of the lock table, the lock machine, the notification connection, the
 * notify machine and its rule. Bundles compiled before locks, lock machines, notifications or
 * notify machines existed lack the field: a missing field means none (null).
 */
interface ManifestResources {
  readonly lockTable?: ManifestResource | null | undefined;
  readonly lockMachine?: ManifestLockMachine | null | undefined;
  readonly notifyConnection?: ManifestResource | null | undefined;
  readonly notifyMachine?: ManifestMachine | null | undefined;
  readonly notifyRule?: ManifestResource | null | undefined;
}

export function manifestResources(manifest: Manifest): {
  lockTable: ManifestResource | null;
  lockMachine: ManifestLockMachine | null;
  notifyConnection: ManifestResource | null;
  notifyMachine: ManifestMachine | null;
  notifyRule: ManifestResource | null;
} {
  const m = manifest as Manifest & ManifestResources;
  return {
    lockTable: m.lockTable ?? null,
    lockMachine: m.lockMachine ?? null,
    notifyConnection: m.notifyConnection ?? null,
    notifyMachine: m.notifyMachine ?? null,
    notifyRule: m.notifyRule ?? null,
  };
}

/** What a workflow's manifest names besides its state machine, task definitions and policies. */
export interface BundleResources {
  lockTable?: LockTableInput;
  lockMachine?: StateMachine;
  notifyConnection?: NotifyConnectionInput;
  notifyMachine?: StateMachine;
  notifyRule?: NotifyRuleInput;
}

/**
 * The lock table, lock machine, connection, notify machine and notify rule a workflow's manifest
 * names, parsed from the bundle's files by `read(path)`. Each file must define the resource its
 * manifest entry names, the lock machine must have the name the state machine calls, and the
 * notify rule must start the notify machine, so that what plan shows under a name is what deploy
 * creates under it, and what runs finds it.
 */
export function bundleResources(
  workflow: string,
  manifest: Manifest,
  read: (path: string) => string | undefined,
): BundleResources {
  const { lockTable, lockMachine, notifyConnection, notifyMachine, notifyRule } = manifestResources(manifest);
  const { bad, json } = manifestFiles("workflow", workflow, read);
  const named = <T>(ref: ManifestResource, nameOf: (value: T) => unknown): T => {
    const value = json<T>(ref.file);
    const name = nameOf(value);
    if (name !== ref.name) throw bad(`${ref.file} defines ${JSON.stringify(name)}, not "${ref.name}"`);
    return value;
  };
  // The lock states call `<their state machine's name>-locks`, an ARN they compute at run time.
  const called = lockMachineName(manifest.stateMachine.name);
  if (lockMachine && lockMachine.name !== called) {
    throw bad(`lockMachine is named "${lockMachine.name}", but the state machine calls "${called}"`);
  }
  return {
    ...(lockTable ? { lockTable: named<LockTableInput>(lockTable, (t) => t?.TableName) } : {}),
    ...(lockMachine ? { lockMachine: json<StateMachine>(lockMachine.definition) } : {}),
    ...(notifyConnection
      ? { notifyConnection: named<NotifyConnectionInput>(notifyConnection, (c) => c?.Name) }
      : {}),
    ...notifyResources(notifyMachineName(workflow), notifyMachine, notifyRule, json, named, bad),
  };
}

/**
 * The notify machine and the rule that starts it come together, both named `<workflow>-notify`
 * (the name deploy looks for once the workflow stops notifying): a rule without its machine, or
 * one that starts another state machine, would start nothing, or the wrong thing, at every run's
 * end. Its event pattern must be JSON, or EventBridge refuses it half-way through the deploy.
 */
function notifyResources(
  name: string,
  machine: ManifestMachine | null,
  ruleRef: ManifestResource | null,
  json: <T>(file: string) => T,
  named: <T>(ref: ManifestResource, nameOf: (value: T) => unknown) => T,
  bad: (message: string) => DeployError,
): Pick<BundleResources, "notifyMachine" | "notifyRule"> {
  if (!machine && !ruleRef) return {};
  if (!machine || !ruleRef) {
    throw bad(
      machine ? "notifyMachine has no notifyRule to start it" : "notifyRule has no notifyMachine to start",
    );
  }
  for (const [key, ref] of [
    ["notifyMachine", machine],
    ["notifyRule", ruleRef],
  ] as const) {
    if (ref.name !== name) throw bad(`${key} is named "${ref.name}", not "${name}"`);
  }
  const rule = named<NotifyRuleInput>(ruleRef, (r) => r?.rule?.Name);
  const targets = rule.targets?.Targets ?? [];
  const wanted = stateMachineArn(machine.name);
  if (rule.targets?.Rule !== ruleRef.name || targets.length !== 1 || targets[0]?.Arn !== wanted) {
    throw bad(`${ruleRef.file} must have one target on rule "${ruleRef.name}", the notify machine ${wanted}`);
  }
  if (!isJsonObject(rule.rule.EventPattern)) {
    throw bad(`${ruleRef.file}: the rule's EventPattern is not the JSON text of an object`);
  }
  return { notifyMachine: json<StateMachine>(machine.definition), notifyRule: rule };
}

function isJsonObject(text: unknown): boolean {
  if (typeof text !== "string") return false;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}
