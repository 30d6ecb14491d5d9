import type { lockTableDefinition, Manifest, notifyConnectionDefinition } from "@batchflow/aws";
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

/**
 * The manifest fields of the lock table and the notification connection. Bundles compiled before
 * locks and notifications existed have neither field: a missing field means none (null).
 */
interface ManifestResources {
  readonly lockTable?: ManifestResource | null | undefined;
  readonly notifyConnection?: ManifestResource | null | undefined;
}

export function manifestResources(manifest: Manifest): {
  lockTable: ManifestResource | null;
  notifyConnection: ManifestResource | null;
} {
  const m = manifest as Manifest & ManifestResources;
  return { lockTable: m.lockTable ?? null, notifyConnection: m.notifyConnection ?? null };
}

/**
 * The lock table and connection a workflow's manifest names, parsed from the bundle's files by
 * `read(path)`. Each file must define the resource its manifest entry names, so that what plan
 * shows under a name is what deploy creates under it.
 */
export function bundleResources(
  workflow: string,
  manifest: Manifest,
  read: (path: string) => string | undefined,
): { lockTable?: LockTableInput; notifyConnection?: NotifyConnectionInput } {
  const { lockTable, notifyConnection } = manifestResources(manifest);
  const parse = <T>(ref: ManifestResource, nameOf: (value: T) => unknown): T => {
    const bad = (message: string) =>
      new DeployError({
        code: deployErrorCode.badBundle,
        message: `the manifest of workflow "${workflow}": ${message}`,
        hint: "recompile (batchflow compile) instead of editing files in the bundle",
        workflow,
      });
    const text = read(ref.file);
    if (text === undefined) throw bad(`${ref.file} is not in the bundle`);
    let value: T;
    try {
      value = JSON.parse(text) as T;
    } catch {
      throw bad(`${ref.file} is not JSON`);
    }
    const name = nameOf(value);
    if (name !== ref.name) throw bad(`${ref.file} defines ${JSON.stringify(name)}, not "${ref.name}"`);
    return value;
  };
  return {
    ...(lockTable ? { lockTable: parse<LockTableInput>(lockTable, (t) => t?.TableName) } : {}),
    ...(notifyConnection
      ? { notifyConnection: parse<NotifyConnectionInput>(notifyConnection, (c) => c?.Name) }
      : {}),
  };
}
