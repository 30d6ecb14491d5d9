import type { StateMachine } from "@batchflow/aws";

const ecsRunTask = /^arn:[a-z-]+:states:::ecs:runTask/;

interface EcsTaskState {
  readonly Type: "Task";
  readonly Resource: string;
  readonly Parameters: { readonly TaskDefinition?: unknown; readonly Cluster?: unknown };
}

/**
 * A copy of the ASL whose ECS Task states name `family:revision` instead of the bare family, so
 * an execution (and its retries) keeps running the revision it started with when a later deploy
 * registers a new one. `revisionOf` returns the revision to pin, or undefined to leave it as is.
 */
export function pinTaskDefinitions(
  definition: StateMachine,
  revisionOf: (family: string) => string | undefined,
): StateMachine {
  return walk(definition, (state) => {
    const family = state.Parameters.TaskDefinition;
    if (typeof family !== "string") return state;
    const revision = revisionOf(family);
    return revision === undefined
      ? state
      : { ...state, Parameters: { ...state.Parameters, TaskDefinition: `${family}:${revision}` } };
  }) as StateMachine;
}

/** Every ECS cluster (name or ARN) the ASL runs tasks on. */
export function ecsClusters(definition: StateMachine): string[] {
  const clusters = new Set<string>();
  walk(definition, (state) => {
    if (typeof state.Parameters.Cluster === "string") clusters.add(state.Parameters.Cluster);
    return state;
  });
  return [...clusters].sort();
}

function walk(value: unknown, visit: (state: EcsTaskState) => EcsTaskState): unknown {
  if (Array.isArray(value)) return value.map((v) => walk(v, visit));
  if (value === null || typeof value !== "object") return value;
  const node = value as Record<string, unknown>;
  if (isEcsTask(node)) return visit(node);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = walk(v, visit);
  return out;
}

function isEcsTask(node: Record<string, unknown>): node is Record<string, unknown> & EcsTaskState {
  return (
    node.Type === "Task" &&
    typeof node.Resource === "string" &&
    ecsRunTask.test(node.Resource) &&
    typeof node.Parameters === "object" &&
    node.Parameters !== null
  );
}
