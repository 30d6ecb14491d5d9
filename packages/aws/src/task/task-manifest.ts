import type { ManifestRole, ManifestSchedule } from "../bundle/manifest.js";

/**
 * What deploy reads first in the folder of a scheduled task (`<out>/<task>/manifest.json`). Its
 * `kind` tells it from a workflow's manifest, which has none, and a service's.
 */
export interface TaskManifest {
  readonly format: 1;
  readonly kind: "task";
  readonly task: string;
  /** The task's one task definition family. */
  readonly taskDefinition: { readonly family: string; readonly file: string };
  /** The cluster the targets run the task on (name or ARN, as given). */
  readonly cluster: string;
  /** One rule or Scheduler schedule per schedule entry, in order (`<task>`, `<task>.2`, ...). */
  readonly schedules: ReadonlyArray<ManifestSchedule & { readonly name: string }>;
  /** The execution role of the task and the role the rules or schedules assume. */
  readonly roles: ReadonlyArray<ManifestRole>;
  /** Placeholders the files contain, for deploy to fill in. */
  readonly placeholders: ReadonlyArray<string>;
  /** sha256 of each file's bytes, by path relative to the task's directory. */
  readonly files: Readonly<Record<string, string>>;
  /** sha256 over all file hashes: equal bundles have equal hashes. */
  readonly bundleHash: string;
}

/** True for the manifest of a scheduled task. */
export function isTaskManifest(manifest: unknown): manifest is TaskManifest {
  return (
    typeof manifest === "object" && manifest !== null && (manifest as { kind?: unknown }).kind === "task"
  );
}
