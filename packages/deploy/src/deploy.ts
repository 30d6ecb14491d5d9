import { type AppliedChange, type ApplyOptions, applyPlan } from "./apply/apply.js";
import type { AwsCall } from "./aws/clients.js";
import { plan as makePlan, type PlanOptions } from "./plan/plan.js";
import type { Plan } from "./plan/plan-types.js";

export interface DeployOptions
  extends PlanOptions,
    Omit<ApplyOptions, "clients" | "concurrency" | "onEvent"> {
  /** A plan made moments ago by `plan()` with the same options (the CLI shows it first); default: plan now. */
  readonly plan?: Plan | undefined;
}

export interface DeployResult {
  readonly plan: Plan;
  /** What deploy changed, in order; empty when everything was up to date. */
  readonly applied: ReadonlyArray<AppliedChange>;
  /** The AWS calls of this deploy (the plan's reads included unless a plan was given). */
  readonly calls: ReadonlyArray<AwsCall>;
  readonly ms: number;
}

/**
 * Plans, then applies: idempotent and convergent. A second deploy of the same bundle reads and
 * changes nothing; a deploy that failed anywhere is completed by running it again.
 */
export async function deploy(options: DeployOptions): Promise<DeployResult> {
  const started = performance.now();
  const firstCall = options.clients.calls.length;
  const plan = options.plan ?? (await makePlan(options));
  const applied = await applyPlan(plan, options);
  return { plan, applied, calls: options.clients.calls.slice(firstCall), ms: performance.now() - started };
}
