import { brand } from "../ir/brand.js";
import type { ContainerSpec, FargateOptions } from "../ir/container-spec.js";
import { InputRef, SecretRef } from "../ir/env-value.js";
import { SourceSite } from "../source/source-site.js";
import { assertOptions } from "../validate/assert-options.js";
import { showValue } from "../validate/describe-value.js";
import { fargateOptionsShape } from "../validate/shapes/fargate-options-shape.js";
import { definitionError } from "./definition-error.js";

/**
 * A Fargate container and task size; jobs that share one share a task definition family.
 *
 * @example
 * const batch = fargate({ image: "000000000000.dkr.ecr.ap-northeast-1.amazonaws.com/batch:production", cpu: 512, memory: 2048 });
 */
export function fargate(options: FargateOptions): ContainerSpec {
  if (typeof options !== "object" || options === null) {
    throw definitionError(
      "BF1006",
      "fargate() takes an options object",
      'write fargate({ image: "...", cpu: 512, memory: 2048 })',
    );
  }
  assertOptions(options, fargateOptionsShape, "fargate() options");
  return Object.freeze({
    [brand]: "container" as const,
    kind: "fargate" as const,
    options: Object.freeze({ ...options }),
    site: SourceSite.capture(),
  });
}

// `arn:<partition>:secretsmanager:<region>:<account>:secret:<name>[:<json key>:<stage>:<version>]`
// (the form ECS's valueFrom takes) and `arn:<partition>:ssm:<region>:<account>:parameter/<name>`.
const secretsManagerArn =
  /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+(:[^:]*:[^:]*:[^:]*)?$/;
const parameterArn = /^arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter\/[\w/.-]+$/;

/**
 * A secret the container reads at start; only the ARN is written to the task definition
 * (`secrets[].valueFrom`), never the value.
 *
 * @example
 * env: { SLACK_WEBHOOK: secret("arn:aws:secretsmanager:ap-northeast-1:000000000000:secret:slack") }
 */
export function secret(arn: string): SecretRef {
  if (typeof arn !== "string" || !(secretsManagerArn.test(arn) || parameterArn.test(arn))) {
    throw definitionError(
      "BF1007",
      `secret() takes a Secrets Manager or SSM parameter ARN, not ${showValue(arn)}`,
      'write secret("arn:aws:secretsmanager:<region>:<account>:secret:<name>")',
    );
  }
  return SecretRef.create(arn);
}

/**
 * A value from the execution input, read when the job starts.
 *
 * @example
 * env: { DATE: input("date") } // ASL: { "Name": "DATE", "Value.$": "$.date" }
 */
export function input(path: string): InputRef {
  if (typeof path !== "string" || !/^(\$\.)?[A-Za-z_][\w]*(\.[A-Za-z_][\w]*|\[\d+\])*$/.test(path)) {
    throw definitionError(
      "BF1008",
      `input() takes a field path like "date" or "params.day", not ${showValue(path)}`,
      "name a field of the execution input, with dots for nested fields",
    );
  }
  return InputRef.create(path.startsWith("$.") ? path : `$.${path}`);
}
