import { describe, expect, it } from "vitest";
import type { RunEvent } from "../run/run-events.js";
import { plainProgress } from "./plain-progress.js";

const start = { workflow: "wf", runId: "r1", logDir: "/tmp/x", runner: "process" as const, jobs: ["hoge"] };
const ref = { lock: "fuga.lock", table: "batchflow-locks", state: "lock-fuga-lock-take" };
const holder = {
  owner: "arn:aws:states:local:000000000000:execution:other:20261129-000000-000-abcd#lock-fuga-lock-acquire",
  workflow: "other",
  acquiredAt: "2026-11-29T00:00:00.000Z",
  execution: "arn:aws:states:local:000000000000:execution:other:20261129-000000-000-abcd",
};

function lines(events: ReadonlyArray<RunEvent>): string[] {
  const out: string[] = [];
  const progress = plainProgress((line) => out.push(line));
  progress.start(start);
  for (const event of events) progress.event(event);
  return out.slice(1);
}

describe("progress lines of locks and notifications", () => {
  it("shows a wait once, then how long it took; a release only of a lock the run holds", () => {
    expect(
      lines([
        { type: "LockBusy", time: 1000, ...ref, holder, waitSeconds: 600 },
        { type: "LockBusy", time: 2000, ...ref, holder, waitSeconds: 600 },
        { type: "LockAcquired", time: 4500, ...ref },
        { type: "LockReleased", time: 9000, ...ref, held: true },
        // The final clean-up of a lock already released says nothing.
        { type: "LockReleased", time: 9001, ...ref, held: false },
      ]),
    ).toEqual([
      "waiting for lock fuga.lock (held by other, run 20261129-000000-000-abcd, since 2026-11-29T00:00:00Z)",
      "lock fuga.lock acquired after waiting 3.5s",
      "lock fuga.lock released",
    ]);
  });

  it("says when the lock was no longer the run's at its release, and when it stayed busy", () => {
    expect(
      lines([
        { type: "LockAcquired", time: 0, ...ref },
        { type: "LockReleased", time: 9000, ...ref, held: false },
        { type: "LockBusy", time: 9500, ...ref, holder, waitSeconds: 0 },
        {
          type: "LockNotAcquired",
          time: 9500,
          ...ref,
          onBusy: "skip",
          jobs: ["a", "b", "c", "d"],
          cause: 'lock "fuga.lock" is held by another run',
        },
      ]),
    ).toEqual([
      "lock fuga.lock acquired",
      "lock fuga.lock was no longer held when released: its item was changed while the run held it",
      "lock fuga.lock busy (held by other, run 20261129-000000-000-abcd, since 2026-11-29T00:00:00Z): skipped (4 jobs not run)",
    ]);
  });

  it("shows a message once, its retries by their outcome, on one line", () => {
    const base = {
      type: "Notification",
      state: "wf-failure-notify-slack",
      via: "slack",
      channel: "#ops",
    } as const;
    expect(
      lines([
        {
          ...base,
          time: 0,
          text: "line one\nline two",
          attempt: 1,
          delivery: "failed",
          status: 500,
          error: "States.Http.StatusCode.500: x",
        },
        { ...base, time: 1, text: "line one\nline two", attempt: 2, delivery: "posted", status: 200 },
        { type: "Warning", time: 2, code: "BF1533", message: "no webhook" },
        {
          type: "Notification",
          time: 3,
          state: "s",
          via: "sns",
          topicArn: "arn:aws:sns:r:1:alerts",
          text: "t",
          attempt: 1,
          delivery: "local",
        },
      ]),
    ).toEqual([
      "notify slack #ops: line one ↵ line two ✗ not delivered (attempt 1): States.Http.StatusCode.500: x",
      "notify slack #ops: delivered on attempt 2",
      "warning BF1533: no webhook",
      "notify sns alerts: t",
    ]);
  });
});
