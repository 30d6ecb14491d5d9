import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { TaskFailure } from "../interpreter/execute-asl.js";

/** The file a job with `output: true` writes its JSON result to in a local run. */
export const outputFileVariable = "BATCHFLOW_OUTPUT_FILE";

/** Step Functions' limit on a `SendTaskSuccess` output, and on any state's payload. */
export const maxOutputBytes = 262_144;

/** Errors a job with `output: true` reports itself (the `batchflow-output` helper on AWS). */
export const outputErrors = {
  failed: "Batchflow.TaskFailed",
  notSent: "Batchflow.OutputNotSent",
} as const;

/** Where one attempt of a job writes its result: in the run's log directory, unique per attempt. */
export function outputFilePath(logDir: string, job: string, token: string): string {
  return join(logDir, `${job}.${token}.output.json`);
}

/**
 * The result a job that exited 0 left in its output file. No file, a file that is not JSON, or one
 * over 256 KiB fails the job at once with `Batchflow.OutputNotSent` (on AWS the helper reports the
 * last two so; a job that sends nothing would wait there for its timeout).
 */
export function readJobOutput(job: string, path: string): unknown {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new TaskFailure(
      outputErrors.notSent,
      `job "${job}" has output: true and exited 0 without writing its result to $${outputFileVariable}; run its command through batchflow-output, or write the JSON there`,
    );
  }
  if (size > maxOutputBytes) {
    throw new TaskFailure(
      outputErrors.notSent,
      `job "${job}" wrote a result of ${size} bytes; Step Functions takes at most ${maxOutputBytes} (256 KiB): write large lists to S3 and map over s3Items()`,
    );
  }
  const text = readFileSync(path, "utf8");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new TaskFailure(
      outputErrors.notSent,
      `job "${job}" wrote a result that is not JSON (${(error as Error).message}): ${JSON.stringify(text.slice(0, 80))}`,
    );
  }
}

/** A failure of a job with `output: true`, named as the job reports it itself on AWS. */
export function reportedFailure(failure: Error): Error {
  if (failure.name !== "States.TaskFailed") return failure;
  return new TaskFailure(outputErrors.failed, failure.message);
}
