import type { DiagnosticSink } from "../diagnostics/diagnostic-sink.js";
import type { SpotInput } from "../ir/spot-options.js";
import type { SourceSite } from "../source/source-site.js";
import { showValue } from "../validate/describe-value.js";
import type { ResolvedRetrier, ResolvedSpot } from "./resolved-workflow.js";

/** ECS's bounds on a capacity-provider strategy item. */
const maxBase = 100_000;
const maxWeight = 1000;

export interface SpotContext {
  readonly sink: DiagnosticSink;
  /** The job whose spot this is; none for a service, whose sink names the service. */
  readonly job?: string | undefined;
  readonly site?: SourceSite | undefined;
  /** The user's retriers of the job (the preset left out): the Spot run's own retries. None for a service. */
  readonly retry?: ReadonlyArray<ResolvedRetrier>;
  /** The infrastructure retry preset, which retries interrupted runs. ECS itself replaces a service's. */
  readonly preset?: ResolvedRetrier | undefined;
}

/**
 * The Spot settings of one job or service, from what the job, the defaults or its container said:
 * undefined for regular Fargate, `null` when `base` or `weight` is out of range (reported, BF1240).
 */
export function resolveSpot(input: SpotInput | undefined, ctx: SpotContext): ResolvedSpot | undefined | null {
  if (input === undefined || input === false) return undefined;
  const mixed = input !== true;
  const { base = 0, weight = 1 } = input === true ? {} : input;
  const where = { ...(ctx.job === undefined ? {} : { job: ctx.job }), site: ctx.site };
  const [placed, runs] = ctx.job === undefined ? ["a task of the service", "tasks"] : ["the job", "runs"];
  let ok = true;
  for (const [field, value, max] of [
    ["base", base, maxBase],
    ["weight", weight, maxWeight],
  ] as const) {
    if (Number.isInteger(value) && value >= 0 && value <= max) continue;
    ok = false;
    ctx.sink.report({
      code: "BF1240",
      message: `spot ${field} must be a whole number from 0 to ${max}, got ${showValue(value)}`,
      hint: `${field} is ECS's ${field} of the FARGATE_SPOT item of the capacity-provider strategy; write spot: { ${field}: ${field === "base" ? 0 : 3} }, or spot: true`,
      ...where,
    });
  }
  if (ok && base === 0 && weight === 0) {
    ctx.sink.report({
      code: "BF1240",
      message: `spot { base: 0, weight: 0 } never places ${placed} on Spot`,
      hint: `give Spot a weight (spot: { weight: 3 } runs about three ${runs} in four on Spot), or write spot: false`,
      ...where,
    });
    ok = false;
  }
  if (!ok) return null;
  return {
    base,
    weight,
    mixed,
    retry: ctx.retry ?? [],
    ...(ctx.preset === undefined || ctx.preset.maxAttempts === 0 ? {} : { interruptionRetry: ctx.preset }),
  };
}
