import type { DurationInput } from "../duration/duration.js";
import { type Branded, brand, isBranded } from "../ir/brand.js";
import type { ErrorName, KnownErrorNames } from "../ir/error-name.js";
import { type CatchOptions, FlowNode, hasFinally, ParallelNode, SequenceNode } from "../ir/flow-node.js";
import type { RetryPolicyInput } from "../ir/retry-policy.js";
import { SourceSite } from "../source/source-site.js";
import { assertOptions } from "../validate/assert-options.js";
import { showValue } from "../validate/describe-value.js";
import { catchOptionsShape } from "../validate/shapes/catch-options-shape.js";
import { retryPolicyShape } from "../validate/shapes/retry-policy-shape.js";
import { durationShape, errorNamesShape } from "../validate/shapes/value-shapes.js";
import { definitionError } from "./definition-error.js";

const nodeKey = Symbol.for("batchflow.flow-node");
declare const jobNames: unique symbol;

/**
 * A piece of a job graph: a job, or a group of them. Immutable: every method returns a new
 * flow, so one chain can be reused in several places. `J` is the union of the job names inside.
 */
export class Flow<J extends string = string> implements Branded<"flow"> {
  readonly [brand] = "flow" as const;
  readonly [nodeKey]: FlowNode;
  declare readonly [jobNames]: J;

  /** @internal Use `job()`, `sequence()` or `parallel()`. */
  constructor(node: FlowNode) {
    this[nodeKey] = node;
    Object.freeze(this);
  }

  /** The flow IR this builder stands for. */
  toNode(): FlowNode {
    return this[nodeKey];
  }

  /**
   * Runs `next` after this flow succeeded; an array fans out into parallel branches.
   *
   * @example
   * job("hoge").then(job("fuga"))          // hoge, then fuga
   * job("hoge").then([job("fuga"), job("foo")]) // hoge, then fuga and foo at once
   *
   * ASL: the states of `next` follow this flow's last state via `Next`; an array becomes a
   * `Parallel` state with one branch per element.
   */
  // biome-ignore lint/suspicious/noThenProperty: `.then` is the public API; awaiting a flow is refused below.
  then<K extends string>(next: Flow<K> | ReadonlyArray<Flow<K>>): Flow<J | K> {
    // biome-ignore lint/complexity/noArguments: a promise passes its reject callback second.
    if (typeof next === "function") return refuseAwait(arguments[1], this[nodeKey].site);
    const site = SourceSite.capture();
    const nextNode = Array.isArray(next)
      ? ParallelNode.create(
          next.map((n, i) => toFlowNode(n, `then([...])[${i}]`)),
          site,
        )
      : toFlowNode(next, "then()");
    const head = this[nodeKey];
    const steps = SequenceNode.isPlain(head) ? [...head.steps, nextNode] : [head, nextNode];
    return new Flow(SequenceNode.create(steps, head.kind === "sequence" ? head.site : site));
  }

  /**
   * Retries failed attempts. On a job: that job's ASL `Retry`. On a group: the retry of every
   * job inside that has none of its own; a failed step is retried, succeeded steps are not re-run.
   * Several calls keep their order.
   *
   * @example
   * job("hoge").retry({ on: ["States.Timeout"], interval: "3s", maxAttempts: 2, backoff: 1.5 })
   * // "Retry": [{ "ErrorEquals": ["States.Timeout"], "IntervalSeconds": 3, "MaxAttempts": 2, "BackoffRate": 1.5 }]
   */
  retry<const E extends ErrorName = never>(given?: RetryPolicyInput<E> & KnownErrorNames<E>): Flow<J> {
    const policy: RetryPolicyInput = given === undefined ? {} : given;
    if (typeof policy !== "object" || policy === null) {
      throw definitionError(
        "BF1002",
        `retry() takes a policy object, not ${showValue(policy)}`,
        'pass e.g. { on: ["States.TaskFailed"], interval: "3s", maxAttempts: 2 }',
      );
    }
    assertOptions(policy, retryPolicyShape, "retry() policy");
    return new Flow(FlowNode.withRetry(this[nodeKey], { ...policy, site: SourceSite.capture() }));
  }

  /**
   * When this flow fails with one of `errors` (after its retries), runs `handler` with the error
   * at `$.error`, then continues after this flow; with `{ rethrow: true }`, fails again with the
   * caught error after the handler (a handler that reports and still fails).
   *
   * @example
   * job("report").catch(["States.ALL"], job("cleanup"))
   * // "Catch": [{ "ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "cleanup" }]
   * // On a group, the group is wrapped in a one-branch Parallel state that carries the Catch.
   * job("load").catch(["States.ALL"], job("alert"), { rethrow: true })
   * // after "alert": a Fail raising the caught error again (States.X as Batchflow.X)
   */
  catch<K extends string, const E extends ErrorName>(
    errors: (E | ReadonlyArray<E>) & KnownErrorNames<E>,
    handler: Flow<K>,
    options: CatchOptions = {},
  ): Flow<J | K> {
    const list = typeof errors === "string" ? [errors] : errors;
    if (!Array.isArray(list) || list.some((e) => typeof e !== "string")) {
      throw definitionError(
        "BF1003",
        `catch() takes error names as strings, not ${showValue(errors)}`,
        'pass e.g. ["States.TaskFailed"] or "States.ALL"',
      );
    }
    assertOptions(list, errorNamesShape, "catch() errors");
    assertOptions(options, catchOptionsShape, "catch() options");
    const site = SourceSite.capture();
    const node = FlowNode.withCatch(this.#closed(), {
      errors: list,
      handler: toFlowNode(handler, "catch()"),
      ...(options.rethrow === true ? { rethrow: true } : {}),
      site,
    });
    return new Flow(node);
  }

  /**
   * Runs `handler` after this flow, whether it succeeded or failed; then the flow's own outcome
   * stands: after a success the flow goes on, after a failure it fails again with the same error
   * (a `States.X` as `Batchflow.X`, which every catch and retry batchflow writes for `States.X`
   * also matches). The handler's own failure fails the flow with the handler's error.
   *
   * @example
   * sequence(job("extract"), job("load")).finally(job("cleanup")).then(job("report"))
   * // a one-branch Parallel around extract and load, caught (States.ALL) to cleanup, and cleanup
   * // after a success too; then a Choice: the caught error raised again, or on to report
   */
  finally<K extends string>(handler: Flow<K>): Flow<J | K> {
    const site = SourceSite.capture();
    const node = FlowNode.withCatch(this.#closed(), {
      errors: ["States.ALL"],
      handler: toFlowNode(handler, "finally()"),
      rethrow: true,
      finally: true,
      site,
    });
    return new Flow(node);
  }

  /**
   * This flow's node, wrapped in a group when it has a finally: a catch, a timeout or another
   * finally added after a finally acts on the flow with its finally, not inside it.
   */
  #closed(): FlowNode {
    const node = this[nodeKey];
    return hasFinally(node) ? SequenceNode.create([node], node.site) : node;
  }

  /**
   * Limits how long this flow may run. On a job: ASL `TimeoutSeconds` of each attempt. On a
   * group: a budget for the whole group (a race in a Parallel state, see docs/dsl.md); running
   * jobs are stopped and the group fails with `Batchflow.GroupTimeout`, which a
   * `.catch(["States.Timeout"], ...)` on this or any enclosing group also matches.
   *
   * @example
   * job("hoge").timeout("30m") // "TimeoutSeconds": 1800
   */
  timeout(duration: DurationInput): Flow<J> {
    assertOptions(duration, durationShape, "timeout()'s argument");
    return new Flow(FlowNode.withTimeout(this.#closed(), { duration, site: SourceSite.capture() }));
  }
}

/*
 * A flow has a `then` method, so `await`ing one (or returning one from an async function) would
 * call it with promise callbacks. Reject that promise with an explanation instead of hanging.
 */
function refuseAwait(reject: unknown, built: SourceSite | undefined): never {
  // A promise job calls `then` with no user code on the stack: then the flow's own call says where.
  const error = definitionError(
    "BF1009",
    "a flow was awaited or returned from an async function; flows are not promises",
    "build flows synchronously and pass them to workflow(); do not await job(...) or a chain",
    built,
  );
  if (typeof reject === "function") reject(error);
  throw error;
}

/** True for any batchflow flow, whichever copy of the package made it. */
export function isFlow(value: unknown): value is Flow {
  return isBranded(value, "flow") && typeof (value as Partial<Flow>).toNode === "function";
}

/** The flow IR of a builder, or a DefinitionError naming the call that got something else. */
export function toFlowNode(value: unknown, where: string): FlowNode {
  if (isFlow(value)) return value.toNode();
  throw definitionError(
    "BF1001",
    `${where} takes a flow, not ${describe(value)}`,
    "pass job(...), sequence(...), parallel(...) or a chain of them",
  );
}

function describe(value: unknown): string {
  if (typeof value === "string") return `the string "${value}"`;
  if (Array.isArray(value)) return "an array";
  return value === null ? "null" : typeof value;
}
