import { type DiagnosticSink, type EnvValue, parseDuration } from "@batchflow/core";
import type { Family } from "../ecs/families.js";
import { fargateSizeProblem } from "../ecs/fargate-sizes.js";
import type { ContainerDefinition, RegisterTaskDefinitionInput } from "../ecs/task-definition-types.js";
import { containerSize } from "../ecs/task-size.js";
import { defaultLogGroup, placeholder } from "../naming.js";

export interface TaskDefinitionContext {
  readonly workflow: string;
  readonly executionRoleArn: string;
  readonly sink: DiagnosticSink;
}

/** One family's RegisterTaskDefinition input; problems with the spec go to the sink. */
export function emitTaskDefinition(family: Family, ctx: TaskDefinitionContext): RegisterTaskDefinitionInput {
  const { options } = family.spec;
  const where = { job: family.jobs[0], site: family.spec.site };
  const report = (code: string, message: string, hint: string): void =>
    ctx.sink.report({ code, message: `task definition "${family.name}": ${message}`, hint, ...where });

  const { cpu, memory } = containerSize(family.spec);
  const size = fargateSizeProblem(cpu, memory);
  if (size) report("BF1301", size.message, size.hint);

  if (
    options.ephemeralStorage !== undefined &&
    (!Number.isInteger(options.ephemeralStorage) ||
      options.ephemeralStorage < 21 ||
      options.ephemeralStorage > 200)
  ) {
    report(
      "BF1302",
      `ephemeralStorage ${options.ephemeralStorage} GiB is out of range`,
      "Fargate takes 21 to 200 GiB; leave it out for the default 20 GiB",
    );
  }
  if (
    options.architecture !== undefined &&
    options.architecture !== "x86_64" &&
    options.architecture !== "arm64"
  ) {
    report(
      "BF1303",
      `architecture ${JSON.stringify(options.architecture)} is not supported`,
      'use "x86_64" or "arm64"',
    );
  }

  let stopTimeout: number | undefined;
  if (options.stopTimeout !== undefined) {
    const parsed = parseDuration(options.stopTimeout);
    if (!parsed.ok || !Number.isInteger(parsed.seconds) || parsed.seconds < 2 || parsed.seconds > 120) {
      report(
        "BF1304",
        `stopTimeout ${JSON.stringify(options.stopTimeout)} is out of range`,
        'Fargate allows 2 to 120 seconds between SIGTERM and SIGKILL, e.g. stopTimeout: "30s"',
      );
    } else {
      stopTimeout = parsed.seconds;
    }
  }

  const environment: { name: string; value: string }[] = [];
  const secrets: { name: string; valueFrom: string }[] = [];
  for (const [name, value] of Object.entries(options.env ?? {}).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  )) {
    const v: EnvValue = value;
    if (typeof v === "string") environment.push({ name, value: v });
    else if (v.kind === "secret") secrets.push({ name, valueFrom: v.arn });
    else {
      report(
        "BF1308",
        `env ${name} reads the execution input, which a task definition cannot`,
        "move input(...) values to the job's env or the workflow's defaults.env; they become container overrides",
      );
    }
  }

  const logGroup = options.logGroup === undefined ? defaultLogGroup(ctx.workflow) : options.logGroup;
  const container: ContainerDefinition = {
    name: family.container,
    image: options.image,
    essential: true,
    ...(options.command === undefined
      ? {}
      : {
          command: typeof options.command === "string" ? ["sh", "-c", options.command] : [...options.command],
        }),
    ...(environment.length > 0 ? { environment } : {}),
    ...(secrets.length > 0 ? { secrets } : {}),
    ...(stopTimeout === undefined ? {} : { stopTimeout }),
    ...(logGroup === false
      ? {}
      : {
          logConfiguration: {
            logDriver: "awslogs" as const,
            options: {
              "awslogs-group": logGroup,
              "awslogs-region": placeholder.region,
              "awslogs-stream-prefix": family.name,
              "awslogs-create-group": "true",
            },
          },
        }),
  };

  return {
    family: family.name,
    requiresCompatibilities: ["FARGATE"],
    networkMode: "awsvpc",
    cpu: String(cpu),
    memory: String(memory),
    runtimePlatform: {
      cpuArchitecture: options.architecture === "arm64" ? "ARM64" : "X86_64",
      operatingSystemFamily: "LINUX",
    },
    ...(options.ephemeralStorage === undefined
      ? {}
      : { ephemeralStorage: { sizeInGiB: options.ephemeralStorage } }),
    executionRoleArn: options.executionRole ?? ctx.executionRoleArn,
    ...(options.taskRole === undefined ? {} : { taskRoleArn: options.taskRole }),
    containerDefinitions: [container],
  };
}
