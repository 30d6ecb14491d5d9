/**
 * An ECS-shaped cause (the stopped task's description, as `runTask.sync` fails with it) in a
 * line: ` (job <name>, exit code <n>)`, or the container's reason; undefined for any other cause.
 */
export function taskCause(cause: string | undefined): string | undefined {
  if (cause === undefined || !cause.startsWith("{")) return undefined;
  try {
    const task = JSON.parse(cause) as {
      Tags?: Array<{ Key: string; Value: string }>;
      Containers?: Array<{ ExitCode?: number; Reason?: string }>;
    };
    const job = task.Tags?.find((t) => t.Key === "batchflow:job")?.Value;
    const container = task.Containers?.[0];
    if (job === undefined || container === undefined) return undefined;
    const how =
      container.Reason ?? (container.ExitCode === undefined ? "" : `exit code ${container.ExitCode}`);
    return ` (job ${job}${how === "" ? "" : `, ${how}`})`;
  } catch {
    return undefined;
  }
}
