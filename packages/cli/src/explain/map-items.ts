import type { CompiledWorkflow, StateMachineBranch } from "@batchflow/aws";
import { assertNever, type ResolvedFlow, type ResolvedMap } from "@batchflow/core";

/** A `map()` of a workflow, by its Map state's name, with the item count explain assumes for it. */
export interface MapItems {
  /** The Map state's name in the ASL (`map-process`): what a durations file names it by. */
  readonly map: string;
  readonly distributed: boolean;
  /** `MaxConcurrency`; absent: as many as Step Functions allows. */
  readonly concurrency?: number;
  /** Items per run the figures count: from the durations file, else 1. */
  readonly items: number;
  /** `durations`: the durations file gave it; `assumed`: 1, the figures are per item. */
  readonly itemsFrom: "durations" | "assumed";
}

/** A workflow's maps: the resolved map (which jobs run per item) and its Map state. */
export interface WorkflowMaps {
  readonly list: ReadonlyArray<MapItems>;
  /** Items per run of the Map state named so (1 when unknown). */
  readonly itemsOfState: (state: string) => number;
  /** Items per run of a resolved map. */
  readonly itemsOf: (map: ResolvedMap) => number;
}

/**
 * Pairs each `map()` of the resolved flow with its Map state in the compiled ASL (by the jobs each
 * holds and how deeply it is nested: names are only given at lowering), and takes its item count
 * from `items` (by state name), else 1: the count is only known at run time.
 */
export function workflowMaps(
  body: ResolvedFlow,
  compiled: CompiledWorkflow,
  items: ReadonlyMap<string, number> | undefined,
): WorkflowMaps {
  const states = new Map<string, string>();
  const visitBranch = (branch: StateMachineBranch, depth: number): void => {
    for (const [name, state] of Object.entries(branch.States)) {
      if (state.Type === "Parallel") for (const b of state.Branches) visitBranch(b, depth);
      if (state.Type === "Map") {
        states.set(key(jobsInBranch(state.ItemProcessor, compiled), depth), name);
        visitBranch(state.ItemProcessor, depth + 1);
      }
    }
  };
  visitBranch(compiled.stateMachine, 0);
  const byMap = new Map<ResolvedMap, MapItems>();
  const visitFlow = (flow: ResolvedFlow, depth: number): void => {
    for (const c of flow.catch) visitFlow(c.handler, depth);
    switch (flow.kind) {
      case "job":
        return;
      case "sequence":
        for (const s of flow.steps) visitFlow(s, depth);
        return;
      case "parallel":
        for (const b of flow.branches) visitFlow(b, depth);
        return;
      case "map": {
        const name = states.get(key(jobsInFlow(flow.body), depth));
        if (name !== undefined) {
          const given = items?.get(name);
          byMap.set(flow, {
            map: name,
            distributed: flow.distributed,
            ...(flow.concurrency === undefined ? {} : { concurrency: flow.concurrency }),
            items: given ?? 1,
            itemsFrom: given === undefined ? "assumed" : "durations",
          });
        }
        visitFlow(flow.body, depth + 1);
        return;
      }
      default:
        assertNever(flow);
    }
  };
  visitFlow(body, 0);
  const list = [...byMap.values()];
  return {
    list,
    itemsOfState: (state) => list.find((m) => m.map === state)?.items ?? 1,
    itemsOf: (map) => byMap.get(map)?.items ?? 1,
  };
}

function key(jobs: ReadonlyArray<string>, depth: number): string {
  return `${depth}\u0000${[...jobs].sort().join("\u0000")}`;
}

function jobsInBranch(branch: StateMachineBranch, compiled: CompiledWorkflow): string[] {
  return Object.entries(branch.States).flatMap(([name, state]) => {
    const role = compiled.stateRoles[name];
    const own = role?.kind === "job" ? [role.job] : [];
    if (state.Type === "Parallel")
      return [...own, ...state.Branches.flatMap((b) => jobsInBranch(b, compiled))];
    if (state.Type === "Map") return [...own, ...jobsInBranch(state.ItemProcessor, compiled)];
    return own;
  });
}

function jobsInFlow(flow: ResolvedFlow): string[] {
  const handlers = flow.catch.flatMap((c) => jobsInFlow(c.handler));
  switch (flow.kind) {
    case "job":
      return [flow.job.name, ...handlers];
    case "sequence":
      return [...flow.steps.flatMap(jobsInFlow), ...handlers];
    case "parallel":
      return [...flow.branches.flatMap(jobsInFlow), ...handlers];
    case "map":
      return [...jobsInFlow(flow.body), ...handlers];
    default:
      return assertNever(flow);
  }
}
