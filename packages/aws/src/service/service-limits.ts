import type { DiagnosticSink, ResolvedService } from "@batchflow/core";
import { awsvpcOverflows, nameLimits } from "../limits/aws-limits.js";
import { nameProblem } from "../limits/name-checks.js";
import { roleNameOf } from "../naming.js";
import type { ServiceManifest } from "./service-manifest.js";

/**
 * The AWS limits of a service that its options alone do not show: the role name batchflow makes
 * from the service's name (BF1325) and the size of its awsvpc network (BF1326), shown at the
 * service() call.
 */
export function checkServiceLimits(
  service: ResolvedService,
  manifest: ServiceManifest,
  sink: DiagnosticSink,
): void {
  for (const role of manifest.roles) {
    if (role.policy === undefined) continue;
    const problem = nameProblem(roleNameOf(role.arn), nameLimits.role);
    if (problem) {
      sink.report({
        code: "BF1325",
        message: `the execution role name "${roleNameOf(role.arn)}" batchflow would use ${problem}`,
        hint: `shorten the service name to ${nameLimits.role.max - "-execution".length} characters or fewer, or name an existing role with fargate({ executionRole })`,
        site: service.site,
      });
    }
  }
  for (const { field, noun, count, max } of awsvpcOverflows(service.network)) {
    sink.report({
      code: "BF1326",
      message: `network.${field} lists ${count}; ECS takes at most ${max} per service`,
      hint: `keep at most ${max} ${noun} in the service's network`,
      site: service.site,
    });
  }
}
