import type { DiagnosticSink, ResolvedWorkflow, SourceSite } from "@batchflow/core";
import type { Manifest } from "../bundle/manifest.js";
import type { PolicyDocument } from "../iam/policy-document.js";
import type { ScheduleArtefact } from "../schedule/schedule-emitter.js";
import { awsvpcOverflows } from "./aws-limits.js";
import { checkGeneratedNames } from "./name-checks.js";
import { checkNotifySubjects } from "./notify-limits.js";
import { checkPolicySizes } from "./policy-size.js";
import { checkScheduleLimits } from "./schedule-limits.js";

/** What a compile produced, as deploy will send it. */
export interface LimitedArtefacts {
  readonly manifest: Manifest;
  readonly schedules: ReadonlyArray<ScheduleArtefact>;
  readonly iam: Readonly<Record<string, PolicyDocument>>;
  readonly files: ReadonlyArray<{ readonly path: string; readonly contents: string }>;
}

/**
 * The AWS limits a compiled workflow can pass that depend on the workflow as a whole (names made
 * from its name, its schedule, its notification subject, its roles' policies, the network its
 * jobs' RunTask calls name), checked on the artefacts once they exist, so what is measured is
 * what deploy sends. Each problem is shown at the workflow() call. Cost: a few string lengths and
 * one pass over the policy files.
 */
export function checkAwsLimits(
  workflow: ResolvedWorkflow,
  artefacts: LimitedArtefacts,
  sink: DiagnosticSink,
  site: SourceSite | undefined,
): void {
  checkGeneratedNames(artefacts, sink, site);
  checkScheduleLimits(artefacts.schedules, sink, site);
  checkNotifySubjects(workflow, sink, site);
  const textOf = (path: string) => artefacts.files.find((f) => f.path === path)?.contents;
  checkPolicySizes(artefacts.iam, textOf, sink, site);
  // Every job's RunTask carries the workflow's network as its awsvpcConfiguration: over ECS's
  // limits, each run's first job fails to start.
  for (const { field, noun, count, max } of awsvpcOverflows(workflow.network)) {
    sink.report({
      code: "BF1327",
      message: `network.${field} lists ${count}; ECS takes at most ${max} for a task, and every job's RunTask names them all`,
      hint: `keep at most ${max} ${noun} in the workflow's network (or in batchflow.config.ts's)`,
      site,
    });
  }
}
