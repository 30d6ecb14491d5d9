import {
  lockMachineName,
  type lockTableDefinition,
  type Manifest,
  type notifyConnectionDefinition,
  type StateMachine,
} from "@batchflow/aws";
import { DeployError, deployErrorCode } from "../errors.js";

/** `CreateTable` input of a lock table, as `lock-table.json` holds it. */
export type LockTableInput = ReturnType<typeof lockTableDefinition>;

/** `CreateConnection` input of a workflow's notification connection (`notify-connection.json`). */
export type NotifyConnectionInput = ReturnType<typeof notifyConnectionDefinition>;

/** A manifest entry naming a resource and the bundle file that defines it. */
export interface ManifestResource {
  readonly name: string;
  readonly file: string;
}

/** The manifest entry of a workflow's lock machine (`<workflow>-locks`, `lock-machine.asl.json`). */
export type ManifestLockMachine = NonNullable<Manifest["lockMachine"]>;

/**
 * The manifest fields of the lock table, the lock machine and the notification connection.
 * Bundles compiled before locks, lock machines or notifications existed lack the field: a
 * missing field means none (null).
 */
interface ManifestResources {
  readonly lockTable?: ManifestResource | null | undefined;
  readonly lockMachine?: ManifestLockMachine | null | undefined;
  readonly notifyConnection?: ManifestResource | null | undefined;
}

export function manifestResources(manifest: Manifest): {
  lockTable: ManifestResource | null;
  lockMachine: ManifestLockMachine | null;
  notifyConnection: ManifestResource | null;
} {
  const m = manifest as Manifest & ManifestResources;
  return {
    lockTable: m.lockTable ?? null,
    lockMachine: m.lockMachine ?? null,
    notifyConnection: m.notifyConnection ?? null,
  };
}

/**
 * The lock table, lock machine and connection a workflow's manifest names, parsed from the
 * bundle's files by `read(path)`. Each file must define the resource its manifest entry names,
 * and the lock machine must have the name the state machine calls, so that what plan shows under
 * a name is what deploy creates under it, and what runs finds it.
 */
export function bundleResources(
  workflow: string,
  manifest: Manifest,
  read: (path: string) => string | undefined,
): { lockTable?: LockTableInput; lockMachine?: StateMachine; notifyConnection?: NotifyConnectionInput } {
  const { lockTable, lockMachine, notifyConnection } = manifestResources(manifest);
  const bad = (message: string) =>
    new DeployError({
      code: deployErrorCode.badBundle,
      message: `the manifest of workflow "${workflow}": ${message}`,
      hint: "recompile (batchflow compile) instead of editing files in the bundle",
      workflow,
    });
  const json = <T>(file: string): T => {
    const text = read(file);
    if (text === undefined) throw bad(`${file} is not in the bundle`);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw bad(`${file} is not JSON`);
    }
  };
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
  };
}
