import { parseArgs } from "node:util";
import { diagnostic } from "@batchflow/core";
import type { RoleOverrides } from "@batchflow/deploy";
import { CliError, exitCode } from "../cli-error.js";

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
  /** Bundle directory; default: the config's `out`, else `dist/batchflow`. */
  readonly out?: string | undefined;
  /** plan: machine-readable output. */
  readonly json: boolean;
  /** deploy: apply without asking. */
  readonly yes: boolean;
}

const common = {
  region: { type: "string" },
  profile: { type: "string" },
  "endpoint-url": { type: "string" },
  "state-machine-role-arn": { type: "string" },
  "execution-role-arn": { type: "string" },
  "task-role-arn": { type: "string" },
  "schedule-role-arn": { type: "string" },
  "create-roles": { type: "boolean", default: false },
  prune: { type: "boolean", default: false },
  "no-compile": { type: "boolean", default: false },
  out: { type: "string", short: "o" },
} as const;

const awsOptions =
  "[--region R] [--profile P] [--endpoint-url URL] [--create-roles] [--prune] [--no-compile] [--out DIR]\n" +
  "      [--state-machine-role-arn ARN] [--execution-role-arn ARN] [--task-role-arn ARN] [--schedule-role-arn ARN]";

export const planUsage = `usage: batchflow plan [workflow ...] [--json] ${awsOptions}`;
export const deployUsage = `usage: batchflow deploy [workflow ...] [--yes] ${awsOptions}`;

export function parseDeployArgs(command: "plan" | "deploy", args: ReadonlyArray<string>): DeployArgs {
  const usage = command === "plan" ? planUsage : deployUsage;
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      options:
        command === "plan"
          ? { ...common, json: { type: "boolean", default: false } }
          : { ...common, yes: { type: "boolean", short: "y", default: false } },
    });
    const v = values as Record<string, string | boolean | undefined>;
    const str = (key: string) => (typeof v[key] === "string" ? (v[key] as string) : undefined);
    const endpointUrl = str("endpoint-url");
    if (endpointUrl !== undefined && !/^https?:\/\/[^/]+/.test(endpointUrl)) {
      throw new Error(`--endpoint-url must be an http(s) URL, got "${endpointUrl}"`);
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
      },
      createRoles: v["create-roles"] === true,
      prune: v.prune === true,
      compile: v["no-compile"] !== true,
      out: str("out"),
      json: v.json === true,
      yes: v.yes === true,
    };
  } catch (error) {
    // plan's exit codes are 0 (no changes), 2 (changes pending) and 1 (anything else), so a
    // usage error of plan exits 1, not 2.
    throw new CliError(
      [diagnostic({ code: "BF1400", message: (error as Error).message, hint: usage })],
      command === "plan" ? exitCode.failed : exitCode.usage,
    );
  }
}
