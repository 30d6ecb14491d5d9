import type {
  DiagnosticSink,
  ResolvedContainer,
  ResolvedJob,
  ResolvedWorkflow,
  SourceSite,
} from "@batchflow/core";
import { checkClusterName, checkContainerNames, checkEcsNames } from "./resource-names.js";

/** A task definition family: one per distinct container spec in a workflow. */
export interface Family {
  readonly name: string;
  /** The container's name inside the task definition. */
  readonly container: string;
  readonly spec: ResolvedContainer;
  /** Jobs that run it, in definition order. */
  readonly jobs: ReadonlyArray<string>;
}

export const defaultContainerName = "main";

/**
 * Groups jobs by container spec. A family is named by the spec's `family`, else after the
 * workflow when it has one spec, else after the workflow and the first job that uses it: names
 * that survive image and size changes, so deploys add revisions rather than families. A spec a
 * job's own env changed (its own secrets, or a plain value in place of a default's secret) is that
 * job's variant: `<family>-<job>`, or `<workflow>-<job>` without a `family`.
 */
export function assignFamilies(workflow: ResolvedWorkflow): Family[] {
  const byKey = new Map<string, { spec: ResolvedContainer; jobs: string[] }>();
  for (const job of workflow.jobs) {
    const entry = byKey.get(job.container.key);
    if (entry) entry.jobs.push(job.name);
    else byKey.set(job.container.key, { spec: job.container, jobs: [job.name] });
  }
  // A job's variant is named after the job: it neither counts against the one spec that names
  // its family after the workflow, nor takes that name, so adding one renames no other family.
  const single = [...byKey.values()].filter(({ spec }) => spec.extendedBy === undefined).length <= 1;
  return [...byKey.values()].map(({ spec, jobs }) => ({
    name: familyName(spec, jobs, workflow.name, single),
    container: spec.options.container ?? defaultContainerName,
    spec,
    jobs,
  }));
}

export function familyLookup(families: ReadonlyArray<Family>): (job: ResolvedJob) => Family {
  const byKey = new Map(families.map((f) => [f.spec.key, f]));
  return (job) => byKey.get(job.container.key)!;
}

function familyName(
  spec: ResolvedContainer,
  jobs: ReadonlyArray<string>,
  workflow: string,
  single: boolean,
): string {
  if (spec.options.family !== undefined) {
    return spec.extendedBy === undefined ? spec.options.family : `${spec.options.family}-${spec.extendedBy}`;
  }
  if (spec.extendedBy !== undefined) return `${workflow}-${spec.extendedBy}`;
  return single ? workflow : `${workflow}-${jobs[0]}`;
}

/**
 * The one family of a service or a scheduled task (no jobs): named after it unless its container
 * says otherwise, with the names ECS takes and the cluster it runs on checked.
 */
export function standaloneFamily(
  owner: {
    readonly name: string;
    readonly cluster: string;
    readonly container: ResolvedContainer;
    readonly site?: SourceSite | undefined;
  },
  kind: "service" | "task",
  sink: DiagnosticSink,
): Family {
  const { container } = owner;
  const family: Family = {
    name: container.options.family ?? owner.name,
    container: container.options.container ?? defaultContainerName,
    spec: container,
    jobs: [],
  };
  checkEcsNames(family.name, family.container, sink, { site: container.site });
  checkClusterName(owner.cluster, sink, owner.site, kind);
  checkContainerNames(container, sink, { site: container.site });
  return family;
}
