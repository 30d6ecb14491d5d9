import type { DurationInput } from "../duration/duration.js";
import type { SourceSite } from "../source/source-site.js";
import type { ErrorName } from "./error-name.js";
import type { JobOptions } from "./job-options.js";
import type { MapItemsNode, MapOptions } from "./map-items.js";
import type { RetryPolicyNode } from "./retry-policy.js";

/** What `.catch(errors, handler, options)` takes after the handler. */
export interface CatchOptions {
  /**
   * After the handler, fail again with the caught error (a `States.X` error as `Batchflow.X`,
   * which every catch and retry batchflow writes for `States.X` also matches). Default false: the
   * flow goes on after the handler.
   */
  readonly rethrow?: boolean;
}

export interface CatchPolicyNode {
  readonly errors: ReadonlyArray<ErrorName>;
  readonly handler: FlowNode;
  readonly rethrow?: boolean;
  /**
   * `.finally(handler)`: the handler also runs when the flow succeeds. Always the last catch of its
   * node, with `["States.ALL"]` and `rethrow` (the builder wraps a flow in a group before it takes
   * a catch, a timeout or another finally after one).
   */
  readonly finally?: boolean;
  readonly site?: SourceSite | undefined;
}

export interface TimeoutPolicyNode {
  readonly duration: DurationInput;
  readonly site?: SourceSite | undefined;
}

/** Policies any node can carry; what they mean depends on the node (see docs/dsl.md). */
export interface Policies {
  readonly retry: ReadonlyArray<RetryPolicyNode>;
  readonly catch: ReadonlyArray<CatchPolicyNode>;
  readonly timeout?: TimeoutPolicyNode | undefined;
}

interface NodeBase extends Policies {
  readonly site?: SourceSite | undefined;
}

/** A job that another runs after, by name: names are unique in a workflow, so they identify jobs. */
export interface DependencyRef {
  readonly name: string;
  /** Where that job was defined. */
  readonly site?: SourceSite | undefined;
}

/** One container run: an ECS `runTask.sync` Task state. */
export interface JobNode extends NodeBase {
  readonly kind: "job";
  readonly name: string;
  readonly options: Omit<JobOptions, "after">;
  /** The jobs this one runs after (`after:`), in the order given, without repeats. */
  readonly after: ReadonlyArray<DependencyRef>;
}

/** Steps run one after another; each starts when the one before succeeded. */
export interface SequenceNode extends NodeBase {
  readonly kind: "sequence";
  readonly steps: ReadonlyArray<FlowNode>;
}

/** Branches run at once; the group fails when one fails. */
export interface ParallelNode extends NodeBase {
  readonly kind: "parallel";
  readonly branches: ReadonlyArray<FlowNode>;
}

/**
 * Jobs ordered only by their `after:` dependencies, listed in any order. Resolve turns it into
 * sequences and parallels (see docs/design/dag-lowering.md).
 */
export interface DagNode extends NodeBase {
  readonly kind: "dag";
  readonly jobs: ReadonlyArray<JobNode>;
}

/** `body` once per item of `items`, up to `options.concurrency` at once; fails when an item fails. */
export interface MapNode extends NodeBase {
  readonly kind: "map";
  readonly items: MapItemsNode;
  readonly body: FlowNode;
  readonly options: MapOptions;
}

export type FlowNode = JobNode | SequenceNode | ParallelNode | DagNode | MapNode;
export type FlowKind = FlowNode["kind"];

const noPolicies: Policies = Object.freeze({ retry: Object.freeze([]), catch: Object.freeze([]) });

export const JobNode = {
  create(
    name: string,
    options: JobOptions,
    site?: SourceSite,
    after: ReadonlyArray<DependencyRef> = [],
  ): JobNode {
    const { after: _refs, ...rest } = options;
    const unique = after.filter((ref, i) => after.findIndex((r) => r.name === ref.name) === i);
    return Object.freeze({
      kind: "job",
      name,
      options: Object.freeze(rest),
      after: Object.freeze(unique.map((ref) => Object.freeze({ ...ref }))),
      ...noPolicies,
      site,
    });
  },
};

export const SequenceNode = {
  create(steps: ReadonlyArray<FlowNode>, site?: SourceSite): SequenceNode {
    return Object.freeze({ kind: "sequence", steps: Object.freeze([...steps]), ...noPolicies, site });
  },
  /** A sequence that can take more steps in place: no policy of its own would change meaning. */
  isPlain(node: FlowNode): node is SequenceNode {
    return node.kind === "sequence" && !hasPolicies(node);
  },
};

export const ParallelNode = {
  create(branches: ReadonlyArray<FlowNode>, site?: SourceSite): ParallelNode {
    return Object.freeze({ kind: "parallel", branches: Object.freeze([...branches]), ...noPolicies, site });
  },
};

export const DagNode = {
  create(jobs: ReadonlyArray<JobNode>, site?: SourceSite): DagNode {
    return Object.freeze({ kind: "dag", jobs: Object.freeze([...jobs]), ...noPolicies, site });
  },
};

export const MapNode = {
  create(items: MapItemsNode, body: FlowNode, options: MapOptions, site?: SourceSite): MapNode {
    return Object.freeze({
      kind: "map",
      items: Object.freeze({ ...items }),
      body,
      options: Object.freeze({ ...options }),
      ...noPolicies,
      site,
    });
  },
};

export const FlowNode = {
  withRetry<N extends FlowNode>(node: N, policy: RetryPolicyNode): N {
    return clone(node, { retry: Object.freeze([...node.retry, Object.freeze({ ...policy })]) });
  },
  withCatch<N extends FlowNode>(node: N, policy: CatchPolicyNode): N {
    return clone(node, { catch: Object.freeze([...node.catch, Object.freeze({ ...policy })]) });
  },
  withTimeout<N extends FlowNode>(node: N, timeout: TimeoutPolicyNode): N {
    return clone(node, { timeout: Object.freeze({ ...timeout }) });
  },
  /** Every job in the flow, catch handlers included, in definition order. */
  jobs(node: FlowNode): JobNode[] {
    const out: JobNode[] = [];
    visitJobs(node, out);
    return out;
  },
};

function clone<N extends FlowNode>(node: N, change: Partial<Policies>): N {
  const copy: N = { ...node, ...change };
  return Object.freeze(copy);
}

function visitJobs(node: FlowNode, out: JobNode[]): void {
  switch (node.kind) {
    case "job":
      out.push(node);
      break;
    case "sequence":
      for (const step of node.steps) visitJobs(step, out);
      break;
    case "parallel":
      for (const branch of node.branches) visitJobs(branch, out);
      break;
    case "dag":
      for (const member of node.jobs) visitJobs(member, out);
      break;
    case "map":
      visitJobs(node.body, out);
      break;
    default:
      assertNever(node);
  }
  for (const c of node.catch) visitJobs(c.handler, out);
}

/** Whether the node's last catch is a `.finally()`. */
export function hasFinally(node: Policies): boolean {
  return node.catch.at(-1)?.finally === true;
}

export function hasPolicies(node: Policies): boolean {
  return node.retry.length > 0 || node.catch.length > 0 || node.timeout !== undefined;
}

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
