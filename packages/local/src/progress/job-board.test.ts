import { describe, expect, it } from "vitest";
import type { RunEvent } from "../run/run-events.js";
import { JobBoard } from "./job-board.js";

type Ended = Extract<RunEvent, { type: "JobEnded" }>;

const started = (attempt: number, item?: number): RunEvent => ({
  type: "JobStarted",
  time: 0,
  job: "process",
  attempt,
  ...(item === undefined ? {} : { item }),
  pid: 1,
  command: [],
});
const ended = (attempt: number, item: number | undefined, how: Partial<Ended>): RunEvent => ({
  type: "JobEnded",
  time: 1,
  job: "process",
  attempt,
  ...(item === undefined ? {} : { item }),
  outcome: "succeeded",
  durationMs: 1,
  exitCode: 0,
  signal: null,
  ...how,
});
const failed = { outcome: "failed", exitCode: 3, error: "States.TaskFailed" } as const;
const stopped = {
  outcome: "stopped",
  exitCode: null,
  signal: "SIGTERM",
  error: "States.TaskFailed",
  stoppedBy: "aborted",
} as const;

function board(events: ReadonlyArray<RunEvent>) {
  const b = new JobBoard(["process"]);
  for (const e of events) b.apply(e);
  b.finish();
  return b.get("process");
}

describe("JobBoard, a job inside a map()", () => {
  it("counts the attempts of every item, retries included", () => {
    const job = board([
      started(1, 0),
      started(1, 1),
      ended(1, 0, failed),
      started(2, 0),
      ended(1, 1, {}),
      ended(2, 0, {}),
    ]);
    expect(job).toMatchObject({ status: "succeeded", attempts: 3, exitCode: 0 });
    expect(job?.items?.size).toBe(2);
    expect(job?.failedItem).toBeUndefined();
  });

  it("is failed with the failed item's exit code when the others were stopped after it", () => {
    const job = board([
      started(1, 0),
      started(1, 1),
      started(1, 2),
      ended(1, 2, failed),
      ended(1, 0, stopped),
      ended(1, 1, stopped),
    ]);
    expect(job).toMatchObject({ status: "failed", attempts: 3, exitCode: 3, signal: null, failedItem: 2 });
  });

  it("is still running while an item runs, though another succeeded, or failed once and is retried", () => {
    const b = new JobBoard(["process"]);
    for (const e of [started(1, 0), started(1, 1), ended(1, 0, {})]) b.apply(e);
    expect(b.get("process")?.status).toBe("running");
    const retried = new JobBoard(["process"]);
    for (const e of [started(1, 0), started(1, 1), ended(1, 0, failed), started(2, 0), ended(1, 1, {})]) {
      retried.apply(e);
    }
    expect(retried.get("process")?.status).toBe("running");
  });

  it("is failed, with no attempt, when its state failed before starting one", () => {
    const job = board([
      {
        type: "StateFailed",
        time: 0,
        state: "process",
        stateType: "Task",
        error: "States.Runtime",
        cause: "no $.date",
      },
    ]);
    expect(job).toMatchObject({ status: "failed", attempts: 0, error: "States.Runtime" });
  });

  it("keeps a job outside a map as its last attempt", () => {
    const job = board([started(1), ended(1, undefined, failed), started(2), ended(2, undefined, {})]);
    expect(job).toMatchObject({ status: "succeeded", attempts: 2, exitCode: 0 });
    expect(job?.items).toBeUndefined();
  });
});
