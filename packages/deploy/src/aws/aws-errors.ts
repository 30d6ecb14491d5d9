import { statementAllowing } from "../deployer-policy.js";
import { DeployError, type DeployProblem, deployErrorCode } from "../errors.js";

/** What deploy was doing when a call failed: for the error message. */
export interface CallContext {
  /** IAM action, e.g. `ecs:RegisterTaskDefinition`. */
  readonly action: string;
  /** What the call was about, e.g. `task definition ads-hourly`. */
  readonly resource: string;
  readonly workflow?: string | undefined;
  /** The call sends a definition the service may reject (create, register, put, update). */
  readonly write?: boolean;
}

interface SdkError {
  readonly name?: string;
  readonly message?: string;
  readonly code?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly $fault?: "client" | "server";
}

const credentialErrors = new Set([
  "UnrecognizedClientException",
  "InvalidClientTokenId",
  "ExpiredToken",
  "ExpiredTokenException",
  "InvalidSignatureException",
  "SignatureDoesNotMatch",
  "IncompleteSignature",
  "InvalidAccessKeyId",
]);
const accessDeniedErrors = new Set([
  "AccessDenied",
  "AccessDeniedException",
  "UnauthorizedOperation",
  "AuthorizationError",
  "UnauthorizedException",
]);
const throttlingErrors = new Set([
  "Throttling",
  "ThrottlingException",
  "ThrottledException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "ServiceUnavailable",
  "ServiceUnavailableException",
  "InternalServerError",
  "InternalServerException",
  "InternalFailure",
  "ServerException",
]);
/**
 * The errors a write gets when someone else changed the same resource at the same moment (two
 * deploys of one project, say): it appeared after the plan read it as missing, or another change is
 * in progress. By the IAM service prefix of the action; each is an error shape of that service's
 * API model (aws-errors.test.ts checks them against botocore's models).
 */
export const concurrentChangeErrors: Readonly<Record<string, ReadonlyArray<string>>> = {
  iam: ["EntityAlreadyExistsException", "ConcurrentModificationException", "DeleteConflictException"],
  states: ["StateMachineAlreadyExists", "ConflictException", "StateMachineDeleting"],
  events: ["ResourceAlreadyExistsException", "ConcurrentModificationException"],
  scheduler: ["ConflictException"],
  dynamodb: ["ResourceInUseException", "TransactionConflictException"],
  ecs: ["ConflictException", "ResourceInUseException"],
};

const networkCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "ETIMEDOUT", "EAI_AGAIN", "EPIPE"]);

/** The error's service name, e.g. `ResourceNotFoundException`. */
export function errorName(error: unknown): string {
  return (error as SdkError | undefined)?.name ?? "";
}

/** Turns any error of an AWS call into a DeployError that says what to do. */
export function toDeployError(error: unknown, ctx: CallContext): DeployError {
  if (error instanceof DeployError) return error;
  return new DeployError(describeAwsError(error, ctx), { cause: error });
}

export function describeAwsError(error: unknown, ctx: CallContext): DeployProblem {
  const e = (error ?? {}) as SdkError;
  const name = e.name ?? "Error";
  const message = (e.message ?? String(error)).trim();
  const status = e.$metadata?.httpStatusCode;
  const workflow = ctx.workflow;
  const during = `${ctx.action} (${ctx.resource})`;
  if (name === "CredentialsProviderError" || /could not load credentials/i.test(message)) {
    return {
      code: deployErrorCode.noCredentials,
      message: `no AWS credentials found for ${during}: ${message}`,
      hint: "configure credentials the AWS SDK finds: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE or --profile, SSO (aws sso login), or a CI role (web identity, ECS/EC2 role)",
      workflow,
    };
  }
  if (credentialErrors.has(name)) {
    return {
      code: deployErrorCode.badCredentials,
      message: `AWS rejected the credentials for ${during}: ${name}: ${message}`,
      hint: "the access key is unknown, expired or mistyped; refresh the session (aws sso login, new STS credentials) or check AWS_PROFILE",
      workflow,
    };
  }
  if (/region is missing|region not accepted/i.test(message)) {
    return {
      code: deployErrorCode.noRegion,
      message: "no AWS region is configured",
      hint: "pass --region ap-northeast-1 (or set AWS_REGION, or a region in the profile)",
      workflow,
    };
  }
  if (accessDeniedErrors.has(name) || /not authorized to perform/i.test(message)) {
    const denied = /perform:? ([a-z0-9-]+:[A-Za-z0-9]+)/.exec(message)?.[1] ?? ctx.action;
    const resource = /on resource:? (\S+)/.exec(message)?.[1]?.replace(/[.,]$/, "") ?? ctx.resource;
    const statement = statementAllowing(denied);
    return {
      code: deployErrorCode.accessDenied,
      message: `access denied: ${denied} on ${resource} (for ${ctx.resource}): ${message}`,
      hint: statement
        ? `allow ${denied} to the identity that deploys; statement "${statement.Sid}" of the deployer policy in docs/deploy.md does: ${JSON.stringify(statement)}`
        : `allow ${denied} on ${resource} to the identity that deploys (see the deployer policy in docs/deploy.md)`,
      workflow,
    };
  }
  const code = e.code ?? (e as { cause?: { code?: string } }).cause?.code;
  if ((code !== undefined && networkCodes.has(code)) || name === "TimeoutError") {
    return {
      code: deployErrorCode.unreachable,
      message: `the AWS endpoint did not answer ${during}: ${code ?? name} ${message}`,
      hint: "check the network, the region and --endpoint-url; run the command again: deploy resumes where it stopped",
      workflow,
    };
  }
  // An answer the SDK cannot read as the API's: a web page or another server at the endpoint.
  if (/Deserialization error|XML parse error|is not valid JSON|Unexpected token/.test(message)) {
    const first = message.split("\n")[0]?.replace(/^Error: /, "") ?? message;
    return {
      code: deployErrorCode.unreachable,
      message: `the AWS endpoint answered ${during} with something that is not an AWS API response${status === undefined ? "" : ` (HTTP ${status})`}: ${first}`,
      hint: "check --endpoint-url (an emulator's address, without a path such as /moto-api) and --region; no change was made by this call",
      workflow,
    };
  }
  if (throttlingErrors.has(name) || status === 429 || (status !== undefined && status >= 500)) {
    return {
      code: deployErrorCode.throttled,
      message: `${during} still failed after the SDK's retries: ${name}: ${message}`,
      hint: "AWS throttled the call or was unavailable; run the command again: deploy resumes where it stopped and creates nothing twice",
      workflow,
    };
  }
  const service = ctx.action.slice(0, ctx.action.indexOf(":"));
  if (ctx.write && concurrentChangeErrors[service]?.includes(name)) {
    return {
      code: deployErrorCode.concurrentChange,
      message: `${during} collided with another change of the same resource: ${name}: ${message}`,
      hint: "another deploy (or someone) changed it at the same moment; nothing is wrong with the workflow. Run deploy again once the other has finished: it reads the account afresh and converges. In CI, let one deploy of a project run at a time (a concurrency group)",
      workflow,
    };
  }
  if (ctx.write && e.$fault === "client") {
    return {
      code: deployErrorCode.rejected,
      message: `AWS rejected ${during}: ${name}: ${message}`,
      hint: "the definition batchflow sent was refused; check the message, fix the workflow (or the role, cluster or ARN it names) and deploy again",
      workflow,
    };
  }
  return {
    code: deployErrorCode.awsError,
    message: `${during} failed: ${name}: ${message}`,
    hint: "run the command again; deploy resumes where it stopped. If it keeps failing, set BATCHFLOW_DEBUG=1 and report it",
    workflow,
  };
}
