import type { RoleOverrides } from "@batchflow/deploy";
import { defineCommand, type OptionSpec } from "../args/command-spec.js";
import type { ParsedCommand } from "../args/parse-command-args.js";
import { usageError } from "../args/usage-error.js";
import { cliCode } from "../cli-codes.js";

/** What `batchflow plan` and `batchflow deploy` share. */
export interface DeployArgs {
  readonly workflows: ReadonlyArray<string>;
  readonly region?: string | undefined;
  readonly profile?: string | undefined;
  readonly endpointUrl?: string | undefined;
  readonly roles: RoleOverrides;
  readonly createRoles: boolean;
  readonly prune: boolean;
  readonly compile: boolean;
  /** Bundle directory, absolute; default: the config's `out`, else `dist/batchflow`. */
  readonly out?: string | undefined;
  /** plan: machine-readable output. */
  readonly json: boolean;
  /** plan: exit 2 when changes are pending (terraform's -detailed-exitcode). */
  readonly detailedExitcode: boolean;
  /** deploy: apply without asking. */
  readonly yes: boolean;
}

const workflows = {
  name: "workflow",
  description: "only these workflows (default: every workflow of the project)",
  variadic: true,
} as const;

const common = {
  "create-roles": {
    type: "boolean",
    description:
      "create the IAM roles batchflow names (<workflow>-sfn, -execution, -schedule, -notify) from iam/*.json",
  },
  prune: {
    type: "boolean",
    description: "also delete what this project owns and its workflows no longer define",
  },
  "no-compile": {
    type: "boolean",
    description: "use the bundle in the output directory as it is instead of compiling first",
  },
  out: {
    type: "string",
    short: "o",
    value: "DIR",
    path: true,
    description: "the bundle directory (default: out in batchflow.config.ts, else dist/batchflow)",
  },
  region: {
    type: "string",
    value: "REGION",
    description: "AWS region (default: AWS_REGION, else the profile's)",
  },
  profile: {
    type: "string",
    value: "NAME",
    description: "AWS profile of ~/.aws/config (default: AWS_PROFILE, else the default profile)",
  },
  "endpoint-url": {
    type: "string",
    value: "URL",
    description: "send every AWS call to this endpoint (an emulator such as moto or LocalStack)",
  },
  "state-machine-role-arn": {
    type: "string",
    value: "ARN",
    description: "the role every state machine runs as, instead of <workflow>-sfn",
  },
  "execution-role-arn": {
    type: "string",
    value: "ARN",
    description: "the ECS task execution role of every task definition, instead of <workflow>-execution",
  },
  "task-role-arn": {
    type: "string",
    value: "ARN",
    description: "the task role of task definitions that name none",
  },
  "schedule-role-arn": {
    type: "string",
    value: "ARN",
    description: "the role every schedule starts its state machine with, instead of <workflow>-schedule",
  },
  "notify-role-arn": {
    type: "string",
    value: "ARN",
    description: "the role every notify rule starts its notify machine with, instead of <workflow>-notify",
  },
} as const satisfies Readonly<Record<string, OptionSpec>>;

export const planSpec = defineCommand({
  name: "plan",
  summary: "show what deploy would create, update, leave alone or delete on AWS",
  description: [
    "Compiles the project in memory (or reads the bundle, with --no-compile), reads the live state",
    "of every resource it defines and prints, per resource, create / update / unchanged / delete /",
    "conflict with a diff of each change. Changes nothing on AWS and writes nothing.",
  ],
  positionals: [workflows],
  options: {
    json: { type: "boolean", description: "print the plan as JSON" },
    "detailed-exitcode": {
      type: "boolean",
      description: "exit 0 when nothing would change, 2 when changes are pending, 1 on errors",
    },
    ...common,
  },
  exitCodes: [
    [0, "planned (with --detailed-exitcode: and nothing would change)"],
    [
      1,
      "an error, or a resource in conflict: deploy would refuse to run (also usage errors with --detailed-exitcode)",
    ],
    [2, "usage error; with --detailed-exitcode: planned, and changes are pending"],
  ],
});

export const deploySpec = defineCommand({
  name: "deploy",
  summary: "compile, then create or update the project's workflows on AWS",
  description: [
    "Compiles the project and writes the bundle as batchflow compile does (or, with --no-compile,",
    "reads it), plans, shows the plan, asks (unless --yes), then applies it. Idempotent: a second",
    "deploy of the same bundle changes nothing, and running it again finishes an interrupted one.",
  ],
  positionals: [workflows],
  options: {
    yes: { type: "boolean", short: "y", description: "apply without asking (in CI, always pass it)" },
    ...common,
  },
  exitCodes: [
    [0, "deployed, or nothing to deploy"],
    [1, "an error (nothing changed before the plan was complete; run again to finish a failed deploy)"],
    [2, "usage error"],
  ],
});

type Parsed = Extract<ParsedCommand<typeof planSpec.options | typeof deploySpec.options>, { help: false }>;

export function deployArgs({ values, positionals }: Parsed): DeployArgs {
  const v = values as Readonly<Record<string, string | boolean | undefined>>;
  const str = (key: string) => (typeof v[key] === "string" ? (v[key] as string) : undefined);
  const endpointUrl = str("endpoint-url");
  if (endpointUrl !== undefined && !/^https?:\/\/[^/]+/.test(endpointUrl)) {
    throw usageError(
      cliCode.invalidOption,
      `--endpoint-url must be an http(s) URL, not "${endpointUrl}"`,
      "give the emulator's address, e.g. --endpoint-url http://127.0.0.1:5000",
    );
  }
  return {
    workflows: positionals,
    region: str("region"),
    profile: str("profile"),
    endpointUrl,
    roles: {
      stateMachine: str("state-machine-role-arn"),
      execution: str("execution-role-arn"),
      task: str("task-role-arn"),
      schedule: str("schedule-role-arn"),
      notify: str("notify-role-arn"),
    },
    createRoles: v["create-roles"] === true,
    prune: v.prune === true,
    compile: v["no-compile"] !== true,
    out: str("out"),
    json: v.json === true,
    detailedExitcode: v["detailed-exitcode"] === true,
    yes: v.yes === true,
  };
}
