// The requests deploy sends, checked against the AWS API models (botocore's service models) by
// test/support/aws-models.py: one Python process for a whole batch, since each start costs CPU.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type AwsCall, isReadCall } from "@batchflow/deploy";
import { python } from "./moto.js";

/** One API request: `service` is the IAM prefix deploy's clients log (`ecs`, `states`, ...). */
export interface ModelRequest {
  readonly id: string;
  readonly service: string;
  readonly operation: string;
  readonly input: unknown;
}

/** What a request breaks: `rule` is `required`, `unknown-member`, `max-length`, `enum`, `iam-wildcard`, ... */
export interface ModelFinding {
  readonly request: string;
  readonly path: string;
  readonly rule: string;
  readonly message: string;
}

export interface ModelReport {
  readonly findings: ReadonlyArray<ModelFinding>;
  /** Model patterns that could not be translated to Python's `re`, so were not applied. */
  readonly uncheckedPatterns: ReadonlyArray<{ shape: string; pattern: string; reason: string }>;
  /** Integrations that have no AWS API model (Step Functions' own HTTP task), by number of states. */
  readonly modelless: Readonly<Record<string, number>>;
  readonly counts: { requests: number; values: number; taskStates: number; policies: number };
}

const script = fileURLToPath(new URL("./aws-models.py", import.meta.url));
const installHint =
  "the AWS API model check needs botocore's service models: pip install boto3 (or botocore) for the python3 on PATH";

/** The writes among deploy's calls, as requests named `<label> #<call> <service>:<operation>`. */
export function writeRequests(label: string, calls: ReadonlyArray<AwsCall>): ModelRequest[] {
  return calls
    .filter((c) => !isReadCall(c))
    .map((c) => ({
      id: `${label} #${c.index} ${c.service}:${c.operation}`,
      service: c.service,
      operation: c.operation,
      // The SDK's input as deploy built it; JSON drops the members left undefined, as the SDK does.
      input: JSON.parse(JSON.stringify(c.input)) as unknown,
    }));
}

/** Validates every request in one run of aws-models.py. */
export function validateRequests(requests: ReadonlyArray<ModelRequest>): ModelReport {
  const run = spawnSync(python(), [script], {
    input: JSON.stringify({ requests }),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) throw new Error(`${installHint} (${run.error.message})`);
  if (run.status === 3) throw new Error(`${installHint}: ${run.stdout.trim()}`);
  if (run.status !== 0) throw new Error(`aws-models.py exited with ${run.status}:\n${run.stderr}`);
  return JSON.parse(run.stdout) as ModelReport;
}
