import type { SeriesParallel } from "../dag/series-parallel.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { DiagnosticSink } from "../diagnostics/diagnostic-sink.js";
import { brand } from "../ir/brand.js";
import type { BatchflowConfigInput } from "../ir/config.js";
import { allErrors, infrastructureErrors } from "../ir/error-name.js";
import { assertNever, type CatchPolicyNode, type DagNode, type FlowNode } from "../ir/flow-node.js";
import type { RetryPolicyInput, RetryPolicyNode } from "../ir/retry-policy.js";
import type { WorkflowNode } from "../ir/workflow-node.js";
import { checkShape } from "../validate/check-shape.js";
import { configShape } from "../validate/shapes/config-shape.js";
import { checkDependencies } from "./check-dependencies.js";
import { checkMapItems } from "./check-map-items.js";
import { checkCycles, dagGraph, dagOrder } from "./dag-order.js";
import { durationField } from "./duration-field.js";
import { outputKey, placeJob } from "./map-paths.js";
import { nameProblem } from "./names.js";
import { defaultTimeoutSeconds, type JobContext, type JobRetriers, resolveJob } from "./resolve-job.js";
import { defaultLockTable, resolveLock } from "./resolve-lock.js";
import { resolveMap } from "./resolve-map.js";
import { resolveNotify } from "./resolve-notify.js";
import { resolvePlacement } from "./resolve-placement.js";
import { orderRetriers, resolveRetrier } from "./resolve-retry.js";
import { resolveSchedules } from "./resolve-schedules.js";
import type {
  ResolvedCatch,
  ResolvedFlow,
  ResolvedJob,
  ResolvedRetrier,
  ResolvedWorkflow,
} from "./resolved-workflow.js";

/** Fargate capacity and throttling errors are routine; retry them unless the user says otherwise. */
export const defaultInfrastructureRetry: RetryPolicyInput = Object.freeze({
  on: infrastructureErrors,
  interval: "10s",
  maxAttempts: 3,
  backoff: 2,
});

export interface ResolveResult {
  readonly workflow?: ResolvedWorkflow;
  readonly diagnostics: ReadonlyArray<Diagnostic>;
}

interface Scope extends JobContext {
  /** A group's retry is checked once, not once per job inside. */
  readonly retries: Map<ReadonlyArray<RetryPolicyNode>, JobRetriers>;
  readonly jobs: ResolvedJob[];
  readonly seen: Map<string, FlowNode>;
  readonly lockTable: string;
  /** How many maps the flow being resolved is inside. */
  readonly mapDepth: number;
  /** The job of each `$.batchflowOutput` key, so that two results never share one. */
  readonly outputs: Map<string, string>;
}

/**
 * Checks a workflow and applies every default: the project config under the workflow's
 * options, job defaults under jobs, group retries onto the jobs inside. Collects all problems.
 */
export function resolveWorkflow(node: WorkflowNode, config: BatchflowConfigInput = {}): ResolveResult {
  const sink = new DiagnosticSink(typeof node.name === "string" ? node.name : undefined);
  // defineConfig() checked its options at the call; a plain object (`export default { ... }`,
  // or `compile(w, { config })` in a test) is checked here, and nothing is resolved on a bad one.
  const configProblems = checkShape(withoutBrand(config), configShape, "the project config");
  if (configProblems.length > 0) {
    for (const { code, message, hint } of configProblems) sink.report({ code, message, hint });
    return { diagnostics: sink.items };
  }
  const { options } = node;
  const problem = nameProblem(node.name);
  if (problem) {
    sink.report({
      code: "BF1201",
      message: `workflow name "${node.name}" ${problem}`,
      hint: "rename the workflow; the name becomes the state machine, rule and log group name",
      site: node.site,
    });
  }

  const placement = resolvePlacement(options, config, sink, node.site);

  const presetInput = options.infrastructureRetry ?? config.infrastructureRetry ?? defaultInfrastructureRetry;
  const preset = presetInput === false ? undefined : resolvePreset(presetInput, sink, node);
  const scope: Scope = {
    sink,
    defaults: [options.defaults ?? {}, config.defaults ?? {}],
    defaultTimeoutSeconds: defaultTimeoutSeconds(
      [
        ["defaults.timeout", options.defaults?.timeout],
        ["the project config's defaults.timeout", config.defaults?.timeout],
        ["the project config's defaultTimeout", config.defaultTimeout],
      ],
      sink,
      node.site,
    ),
    preset,
    retries: new Map(),
    jobs: [],
    seen: new Map(),
    lockTable: config.lockTable ?? defaultLockTable,
    mapDepth: 0,
    outputs: new Map(),
  };
  const body = resolveFlow(node.body, [], scope);
  checkDependencies(node.body, sink);
  checkMapItems(node.body, sink);
  const lock =
    options.lock === undefined || !body
      ? undefined
      : resolveLock(options.lock, scope.lockTable, sink, { site: node.site });
  const schedules = resolveSchedules(options.schedule, sink, { workflow: node.name, lock });
  if (lock && body) checkNestedLocks(lock.name, body, sink);
  const notify = options.notify === undefined ? undefined : resolveNotify(options.notify, sink, node.site);

  if (sink.errorCount > 0 || !body || !placement || !schedules) return { diagnostics: sink.items };
  return {
    diagnostics: sink.items,
    workflow: {
      name: node.name,
      ...(options.description === undefined ? {} : { description: options.description }),
      cluster: placement.cluster,
      network: placement.network,
      schedules,
      input: options.input ?? {},
      roles: { ...config.roles, ...options.roles },
      body,
      ...(lock === undefined ? {} : { lock }),
      ...(notify === undefined ? {} : { notify }),
      jobs: scope.jobs,
      site: node.site,
    },
  };
}

/** The config's own keys: what defineConfig() adds to mark it is not an option. */
function withoutBrand(config: BatchflowConfigInput): unknown {
  if (typeof config !== "object" || config === null) return config;
  const { [brand]: _brand, ...options } = config as BatchflowConfigInput & { [brand]?: unknown };
  return options;
}

function resolveFlow(
  node: FlowNode,
  inherited: ReadonlyArray<RetryPolicyNode>,
  scope: Scope,
): ResolvedFlow | undefined {
  switch (node.kind) {
    case "job": {
      checkJobName(node, scope);
      const policies = node.retry.length > 0 ? node.retry : inherited;
      const retry = resolveRetriers(policies, scope, node.retry.length > 0 ? node.name : undefined);
      const plain = resolveJob(node, retry, scope);
      const resolved = plain && placeJob(plain, node, scope.mapDepth, scope.sink);
      if (resolved) scope.jobs.push(resolved);
      if (resolved?.output) checkOutputKey(resolved.name, node.site, scope);
      if (resolved?.output && resolved.spot) {
        // A job that sends its own result (waitForTaskToken) is not watched by Step Functions: an
        // interrupted Spot task would leave its state waiting until its timeout.
        scope.sink.report({
          code: "BF1258",
          message: "has output: true and runs on Fargate Spot, whose interruption its state would not see",
          hint: "run the job that sends the map's items on regular Fargate: job(name, { output: true, spot: false })",
          job: resolved.name,
          site: node.site,
        });
      }
      // A catch handler of a job runs inside the job's group, so it inherits the group's retry.
      const catchers = resolveCatchers(node.catch, inherited, scope, node.name);
      if (!resolved || !catchers) return undefined;
      const step: ResolvedFlow = { kind: "job", job: resolved, catch: catchers };
      if (node.options.lock === undefined) return step;
      const lock = resolveLock(node.options.lock, scope.lockTable, scope.sink, {
        job: node.name,
        site: node.site,
      });
      return lock ? { ...step, lock } : undefined;
    }
    case "sequence":
    case "parallel": {
      const children = node.kind === "sequence" ? node.steps : node.branches;
      if (children.length === 0) reportEmpty(node, scope);
      const own = node.retry.length > 0 ? node.retry : inherited;
      const resolvedChildren = children.map((child) => resolveFlow(child, own, scope));
      const group = resolveGroupPolicies(node, inherited, scope);
      if (!group || resolvedChildren.some((c) => c === undefined)) return undefined;
      return node.kind === "sequence"
        ? { kind: "sequence", steps: resolvedChildren as ResolvedFlow[], ...group }
        : { kind: "parallel", branches: resolvedChildren as ResolvedFlow[], ...group };
    }
    case "dag":
      return resolveDag(node, inherited, scope);
    case "map": {
      // A map's retry is the default of the jobs in its body, as a group's is.
      const own = node.retry.length > 0 ? node.retry : inherited;
      const body = resolveFlow(node.body, own, { ...scope, mapDepth: scope.mapDepth + 1 });
      const group = resolveGroupPolicies(node, inherited, scope);
      const map = body && resolveMap(node, body, scope.mapDepth, scope.sink);
      return map && group ? { ...map, ...group } : undefined;
    }
    default:
      return assertNever(node);
  }
}

/** Two jobs whose names differ only in "-" and "_" would put their results at one key. */
function checkOutputKey(job: string, site: FlowNode["site"], scope: Scope): void {
  const key = outputKey(job);
  const other = scope.outputs.get(key);
  if (other === undefined) {
    scope.outputs.set(key, job);
    return;
  }
  scope.sink.report({
    code: "BF1256",
    message: `jobs "${other}" and "${job}" both have output: true and their results would share $.batchflowOutput.${key}`,
    hint: `rename one of them so that the names differ in more than "-" and "_"`,
    job,
    site,
  });
}

/**
 * A dag becomes the sequences and parallels of its series-parallel form (docs/design/dag-lowering.md),
 * so lowering never sees one. Its policies go on the outermost group, as for any group.
 */
function resolveDag(
  node: DagNode,
  inherited: ReadonlyArray<RetryPolicyNode>,
  scope: Scope,
): ResolvedFlow | undefined {
  if (node.jobs.length === 0) reportEmpty(node, scope);
  const own = node.retry.length > 0 ? node.retry : inherited;
  const members = node.jobs.map((member) => resolveFlow(member, own, scope));
  const group = resolveGroupPolicies(node, inherited, scope);
  const graph = dagGraph(node);
  const acyclic = checkCycles(node, graph, scope.sink);
  if (!group || !acyclic || node.jobs.length === 0 || members.some((m) => m === undefined)) return undefined;
  const steps = members as Array<ResolvedFlow & { kind: "job" }>;
  const order = dagOrder(
    graph,
    steps.map((m) => m.job.timeoutSeconds),
  );
  const build = (tree: SeriesParallel): ResolvedFlow => {
    switch (tree.kind) {
      case "node":
        return steps[tree.node]!;
      case "series":
        return { kind: "sequence", steps: tree.parts.map(build), catch: [] };
      case "parallel":
        return { kind: "parallel", branches: tree.parts.map(build), catch: [] };
      default:
        return assertNever(tree);
    }
  };
  const body = build(order);
  if (group.catch.length === 0 && group.timeoutSeconds === undefined) return body;
  // A one-job dag still gets a group around it: its timeout is a budget, its catch the group's.
  if (body.kind === "parallel") return { ...body, ...group };
  return { kind: "sequence", steps: body.kind === "sequence" ? body.steps : [body], ...group };
}

/**
 * A job lock named like the workflow's own would be taken again by the same execution and then
 * released early, while the workflow still runs.
 */
function checkNestedLocks(name: string, flow: ResolvedFlow, sink: DiagnosticSink): void {
  const visit = (f: ResolvedFlow): void => {
    if (f.kind === "job" && f.lock?.name === name) {
      sink.report({
        code: "BF1223",
        message: `job lock "${name}" is also the workflow's lock`,
        hint: "the workflow already holds it for every job; remove the job's lock, or give it another name",
        job: f.job.name,
        site: f.lock.site,
      });
    }
    for (const c of f.catch) visit(c.handler);
    if (f.kind === "sequence") f.steps.forEach(visit);
    if (f.kind === "parallel") f.branches.forEach(visit);
    if (f.kind === "map") visit(f.body);
  };
  visit(flow);
}

function reportEmpty(node: FlowNode, scope: Scope): void {
  scope.sink.report({
    code: "BF1210",
    message: `an empty ${node.kind}() has nothing to run`,
    hint: `give ${node.kind}() at least one job, or remove it`,
    site: node.site,
  });
}

const noCatchers: ReadonlyArray<ResolvedCatch> = Object.freeze([]);

/** A group's catch handlers and time budget; undefined when either is invalid (reported). */
function resolveGroupPolicies(
  node: FlowNode,
  inherited: ReadonlyArray<RetryPolicyNode>,
  scope: Scope,
): { catch: ReadonlyArray<ResolvedCatch>; timeoutSeconds?: number } | undefined {
  const catchers = resolveCatchers(node.catch, inherited, scope);
  const timeoutSeconds =
    node.timeout === undefined
      ? undefined
      : durationField(
          node.timeout.duration,
          `${node.kind} timeout`,
          scope.sink,
          { site: node.timeout.site },
          { min: 1 },
        );
  if (!catchers || (node.timeout && timeoutSeconds === undefined)) return undefined;
  return { catch: catchers, ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }) };
}

function checkJobName(node: FlowNode & { kind: "job" }, scope: Scope): void {
  const problem = nameProblem(node.name);
  if (problem) {
    scope.sink.report({
      code: "BF1202",
      message: `job name "${node.name}" ${problem}`,
      hint: "rename the job; the name becomes its state name in the state machine",
      job: node.name,
      site: node.site,
    });
  }
  const earlier = scope.seen.get(node.name);
  if (earlier) {
    const at = earlier.site?.location;
    const here = node.site?.location;
    const first = at ? (at.file === here?.file ? `line ${at.line}` : `${at.file}:${at.line}`) : undefined;
    scope.sink.report({
      code: "BF1203",
      message: `the job name "${node.name}" is used twice${first ? ` (first at ${first})` : ""}`,
      hint: "job names are state names and must be unique in a workflow; rename one of them",
      job: node.name,
      site: node.site,
    });
  } else {
    scope.seen.set(node.name, node);
  }
}

function resolveRetriers(
  policies: ReadonlyArray<RetryPolicyNode>,
  scope: Scope,
  job: string | undefined,
): JobRetriers {
  const cached = scope.retries.get(policies);
  if (cached) return cached;
  const resolved: ResolvedRetrier[] = [];
  policies.forEach((policy, i) => {
    const r = resolveRetrier(policy, scope.sink, job);
    if (!r) return;
    if (r.errors.includes(allErrors) && i < policies.length - 1) {
      scope.sink.report({
        code: "BF1208",
        message: 'a retry on "States.ALL" must be the last retry',
        hint: 'move .retry({ on: ["States.ALL"] }) after the retries of specific errors',
        job,
        site: policy.site,
      });
    }
    resolved.push(r);
  });
  const retriers = { all: orderRetriers(resolved, scope.preset), user: resolved };
  scope.retries.set(policies, retriers);
  return retriers;
}

/** The infrastructure preset: the user's fields over the default's, for specific errors only. */
function resolvePreset(
  input: RetryPolicyInput,
  sink: DiagnosticSink,
  node: WorkflowNode,
): ResolvedRetrier | undefined {
  const preset = resolveRetrier({ ...defaultInfrastructureRetry, ...input }, sink);
  if (preset?.errors.includes(allErrors)) {
    sink.report({
      code: "BF1208",
      message: 'infrastructureRetry cannot retry "States.ALL"',
      hint: "it retries Fargate's own errors; retry application errors with .retry() on the jobs or groups",
      site: node.site,
    });
    return undefined;
  }
  return preset;
}

function resolveCatchers(
  catchers: ReadonlyArray<CatchPolicyNode>,
  inherited: ReadonlyArray<RetryPolicyNode>,
  scope: Scope,
  job?: string,
): ReadonlyArray<ResolvedCatch> | undefined {
  // Most steps catch nothing: they share one empty list.
  if (catchers.length === 0) return noCatchers;
  const out: ResolvedCatch[] = [];
  let ok = true;
  // A finally is the node's last catch and catches what the others do not: they come before it.
  const caughtFirst = catchers.filter((c) => c.finally !== true).length;
  catchers.forEach((c, i) => {
    const where = { job, site: c.site };
    if (c.errors.length === 0) {
      scope.sink.report({
        code: "BF1209",
        message: "catch() needs at least one error name",
        hint: 'write .catch(["States.ALL"], handler)',
        ...where,
      });
      ok = false;
    } else if (
      c.finally !== true &&
      c.errors.includes(allErrors) &&
      (c.errors.length > 1 || i < caughtFirst - 1)
    ) {
      scope.sink.report({
        code: "BF1209",
        message: '"States.ALL" in catch() must be alone and in the last catch',
        hint: 'catch specific errors first, then .catch(["States.ALL"], handler) last',
        ...where,
      });
      ok = false;
    }
    const handler = resolveFlow(c.handler, inherited, scope);
    if (!handler) ok = false;
    else
      out.push({ errors: [...c.errors], handler, rethrow: c.rethrow === true, finally: c.finally === true });
  });
  return ok ? out : undefined;
}
