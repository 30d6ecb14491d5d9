import type {
  CompiledTask,
  PolicyDocument,
  RegisterTaskDefinitionInput,
  TaskManifest,
  TaskScheduleArtefact,
} from "@batchflow/aws";
import { manifestFiles } from "./manifest-files.js";

/** One compiled scheduled task as deploy reads it: from `dist/batchflow/<task>/` or from `compileTask()`. */
export interface BundleTask {
  readonly kind: "task";
  readonly name: string;
  readonly manifest: TaskManifest;
  /** Its one `RegisterTaskDefinition` input, by family. */
  readonly taskDefinitions: Readonly<Record<string, RegisterTaskDefinitionInput>>;
  /** Its rules and Scheduler schedules (`schedule.json`, `schedule-2.json`, ...). */
  readonly schedules: ReadonlyArray<TaskScheduleArtefact>;
  /** Role policy documents by their path in the bundle (`iam/schedule-role.json`). */
  readonly policies: Readonly<Record<string, PolicyDocument>>;
}

export function isBundleTask(entry: { readonly name: string }): entry is BundleTask {
  return (entry as Partial<BundleTask>).kind === "task";
}

/** The tasks `compileTask()` returned, as bundle entries. */
export function bundleFromCompiledTasks(compiled: ReadonlyArray<CompiledTask>): BundleTask[] {
  return compiled.map((c) =>
    taskFromFiles(c.name, c.manifest, (path) => c.files.find((f) => f.path === path)?.contents),
  );
}

/**
 * A task from its manifest and the bundle's files, read by `read(path)`: each schedule file must
 * be the rule or schedule the manifest names, running the manifest's family, so what plan shows
 * under a name is what deploy creates under it.
 */
export function taskFromFiles(
  name: string,
  manifest: TaskManifest,
  read: (path: string) => string | undefined,
): BundleTask {
  const { bad, json } = manifestFiles("task", name, read);
  if (manifest.task !== name) throw bad(`the manifest is for task "${manifest.task}"`);
  const { family, file } = manifest.taskDefinition;
  const taskDefinition = json<RegisterTaskDefinitionInput>(file);
  if (taskDefinition?.family !== family) throw bad(`${file} is not of family "${family}"`);
  const schedules = manifest.schedules.map((entry) => {
    const s = json<TaskScheduleArtefact>(entry.file);
    const [named, arn] =
      s?.type === "rule"
        ? [s.rule.Name, s.targets.Targets[0]?.EcsParameters?.TaskDefinitionArn]
        : [s?.schedule?.Name, s?.schedule?.Target?.EcsParameters?.TaskDefinitionArn];
    if (s?.type !== entry.type || named !== entry.name)
      throw bad(`${entry.file} is not the ${entry.type} ${entry.name}`);
    if (typeof arn !== "string" || !arn.endsWith(`:task-definition/${family}`))
      throw bad(`${entry.file} runs another task definition than family "${family}"`);
    return s;
  });
  const policies: Record<string, PolicyDocument> = {};
  for (const role of manifest.roles) if (role.policy !== undefined) policies[role.policy] = json(role.policy);
  return { kind: "task", name, manifest, taskDefinitions: { [family]: taskDefinition }, schedules, policies };
}
