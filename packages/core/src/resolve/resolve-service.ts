import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { DiagnosticSink } from "../diagnostics/diagnostic-sink.js";
import { isBranded } from "../ir/brand.js";
import type { BatchflowConfigInput } from "../ir/config.js";
import type { FargateOptions } from "../ir/container-spec.js";
import type { ServiceNode } from "../ir/service-node.js";
import { stableJson } from "../util/stable-json.js";
import { showValue } from "../validate/describe-value.js";
import { resolvePlacement } from "./resolve-placement.js";
import { resolveSpot } from "./resolve-spot.js";
import type { ResolvedService } from "./resolved-service.js";

export interface ResolveServiceResult {
  readonly service?: ResolvedService;
  readonly diagnostics: ReadonlyArray<Diagnostic>;
}

// ECS CreateService's serviceName: "Up to 255 letters (uppercase and lowercase), numbers,
// underscores, and hyphens are allowed."
const serviceNamePattern = /^[A-Za-z0-9_-]{1,255}$/;
/** The "Tasks per service" quota of ECS (Service Quotas: L-9EF96962), which CreateService enforces. */
export const maxDesiredCount = 5000;
// What a shell and `docker run -e` take as a name, as for jobs.
const envName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Checks a service and applies the project config's cluster and network: every problem is
 * collected with the service's name and the user's line.
 */
export function resolveService(node: ServiceNode, config: BatchflowConfigInput = {}): ResolveServiceResult {
  const sink = DiagnosticSink.forService(node.name);
  const { options, site } = node;
  if (!serviceNamePattern.test(node.name)) {
    const bad = [...new Set(node.name.replace(/[A-Za-z0-9_-]/g, ""))].map((c) => JSON.stringify(c));
    sink.report({
      code: "BF1231",
      message:
        node.name.length === 0 || node.name.length > 255
          ? `service name "${node.name}" is ${node.name.length} characters long; ECS takes 1 to 255`
          : `service name "${node.name}" contains ${bad.join(", ")}; ECS takes letters, digits, "-" and "_"`,
      hint: "rename the service; the name is the ECS service's, and names its task definition family and log group",
      site,
    });
  }
  checkCount(options.desiredCount, sink, site);
  const min = percent("minimumHealthyPercent", options.minimumHealthyPercent, [0, 100], sink, site);
  const max = percent("maximumPercent", options.maximumPercent, [100, 200], sink, site);
  // Rolling updates replace tasks within [min, max]: with max <= min no task can be stopped or started.
  if (min !== undefined && max !== undefined && max <= min) {
    sink.report({
      code: "BF1233",
      message: `maximumPercent ${max} is not above minimumHealthyPercent ${min}`,
      hint: "a deployment needs room to start or stop a task: keep maximumPercent above minimumHealthyPercent, e.g. 50 and 200",
      site,
    });
  }
  const env = checkEnv(options.task.options.env, options.env, sink, site);
  const command = options.command ?? options.task.options.command;
  if (command !== undefined && (typeof command === "string" ? command.trim() === "" : command.length === 0)) {
    sink.report({
      code: "BF1235",
      message: "has an empty command",
      hint: 'give the command as argv, e.g. ["make", "worker"], or leave it out to run the image\'s own CMD',
      site,
    });
  }
  const placement = resolvePlacement(options, config, sink, site, "service");
  // The service's own choice, then its task's, as for the command.
  const spot = resolveSpot(options.spot ?? options.task.options.spot, {
    sink,
    site: options.spot === undefined ? (options.task.site ?? site) : site,
  });
  if (sink.errorCount > 0 || !placement || !env || spot === null) return { diagnostics: sink.items };
  // Where the tasks run is the service's, not its task definition's.
  const { spot: _spot, ...taskOptions } = options.task.options;
  const containerOptions: FargateOptions = {
    ...taskOptions,
    ...(command === undefined ? {} : { command }),
    ...(Object.keys(env).length === 0 ? {} : { env }),
  };
  return {
    diagnostics: sink.items,
    service: {
      name: node.name,
      cluster: placement.cluster,
      network: placement.network,
      container: { key: stableJson(containerOptions), options: containerOptions, site: options.task.site },
      desiredCount: options.desiredCount,
      ...(min === undefined ? {} : { minimumHealthyPercent: min }),
      ...(max === undefined ? {} : { maximumPercent: max }),
      ...(spot === undefined ? {} : { spot: { base: spot.base, weight: spot.weight, mixed: spot.mixed } }),
      site,
    },
  };
}

function checkCount(count: number, sink: DiagnosticSink, site: ServiceNode["site"]): void {
  if (Number.isInteger(count) && count >= 0 && count <= maxDesiredCount) return;
  sink.report({
    code: "BF1232",
    message: `desiredCount ${showValue(count)} is not a whole number of tasks from 0 to ${maxDesiredCount}`,
    hint: `write desiredCount: 2; 0 keeps the service with no task running, and ECS runs at most ${maxDesiredCount} tasks per service`,
    site,
  });
}

function percent(
  field: string,
  value: number | undefined,
  [low, high]: readonly [number, number],
  sink: DiagnosticSink,
  site: ServiceNode["site"],
): number | undefined {
  if (value === undefined) return undefined;
  if (Number.isInteger(value) && value >= low && value <= high) return value;
  sink.report({
    code: "BF1233",
    message: `${field} ${showValue(value)} is not a whole percentage from ${low} to ${high}`,
    hint: `write ${field}: ${field === "maximumPercent" ? 200 : 50}, or leave it out for ECS's default (${field === "maximumPercent" ? 200 : 100})`,
    site,
  });
  return undefined;
}

/**
 * The task's env with the service's over it. A service has no execution input, so `input()` has
 * nothing to read; secrets become `secrets[].valueFrom` of the task definition.
 */
function checkEnv(
  fromTask: FargateOptions["env"],
  own: FargateOptions["env"],
  sink: DiagnosticSink,
  site: ServiceNode["site"],
): FargateOptions["env"] | undefined {
  const merged = { ...fromTask, ...own };
  let ok = true;
  for (const [name, value] of Object.entries(merged)) {
    const problem = !envName.test(name)
      ? {
          message: `env ${JSON.stringify(name)} is not an environment variable name`,
          hint: "name it with letters, digits and _, not starting with a digit, e.g. QUEUE_URL",
        }
      : isBranded(value, "input")
        ? {
            message: `env ${name} reads the execution input, which a service does not have`,
            hint: `a service starts no execution: give ${name} a string, or secret("arn:...") for a secret`,
          }
        : typeof value === "string" || isBranded(value, "secret")
          ? undefined
          : {
              message: `env ${name} is ${showValue(value)}; environment values are strings`,
              hint: `write ${name}: "...", or secret("arn:...")`,
            };
    if (problem) {
      ok = false;
      sink.report({ code: "BF1234", ...problem, site });
    }
  }
  return ok ? merged : undefined;
}
