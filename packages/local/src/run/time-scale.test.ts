import { describe, expect, it } from "vitest";
import { scaleTime } from "./time-scale.js";

const definition = {
  StartAt: "group",
  States: {
    group: {
      Type: "Parallel",
      Branches: [
        {
          StartAt: "job",
          States: {
            job: {
              Type: "Task",
              Resource: "arn:${AWS::Partition}:states:::ecs:runTask.sync",
              Retry: [
                {
                  ErrorEquals: ["States.TaskFailed"],
                  IntervalSeconds: 10,
                  MaxDelaySeconds: 60,
                  BackoffRate: 2,
                },
              ],
              Next: "pause",
            },
            pause: { Type: "Wait", Seconds: 30, End: true },
          },
        },
        {
          StartAt: "group-budget",
          States: {
            "group-budget": { Type: "Wait", Seconds: 600, Next: "group-expired" },
            "group-expired": { Type: "Fail", Error: "Batchflow.GroupTimeout", Cause: "over budget" },
          },
        },
      ],
      End: true,
    },
  },
};

describe("scaleTime", () => {
  it("leaves the definition alone at scale 1", () => {
    expect(scaleTime(definition, 1)).toEqual({ definition, waitTimeOverrides: {}, noRetryDelay: false });
  });

  it("removes retry pauses and waits at scale 0, but not a group's time budget", () => {
    const scaled = scaleTime(definition, 0);
    expect(scaled.noRetryDelay).toBe(true);
    expect(scaled.waitTimeOverrides).toEqual({ pause: 0 });
  });

  it("multiplies retry intervals and max delays (so every backoff step) and waits, on a copy", () => {
    const scaled = scaleTime(definition, 0.1);
    const job = (scaled.definition as typeof definition).States.group.Branches[0]!.States as Record<
      string,
      { Retry?: unknown }
    >;
    expect(job.job!.Retry).toEqual([
      { ErrorEquals: ["States.TaskFailed"], IntervalSeconds: 1, MaxDelaySeconds: 6, BackoffRate: 2 },
    ]);
    expect(scaled.waitTimeOverrides).toEqual({ pause: 3000 });
    expect(JSON.stringify(definition)).toContain('"IntervalSeconds":10,');
  });

  it("rejects a negative or non-finite scale", () => {
    expect(() => scaleTime(definition, -1)).toThrow(RangeError);
    expect(() => scaleTime(definition, Number.NaN)).toThrow(RangeError);
  });
});

describe("scaleTime and locks", () => {
  it("leaves the pause between tries at a busy lock alone: it waits for another run, in real time", () => {
    const locked = {
      StartAt: "lock-acquire",
      States: {
        "lock-acquire": {
          Type: "Parallel",
          Branches: [
            {
              StartAt: "lock-take",
              States: {
                "lock-take": {
                  Type: "Task",
                  Resource: "arn:${AWS::Partition}:states:::dynamodb:updateItem",
                  Catch: [{ ErrorEquals: ["DynamoDB.ConditionalCheckFailedException"], Next: "lock-poll" }],
                  End: true,
                },
                "lock-poll": { Type: "Wait", Seconds: 5, Next: "lock-take" },
              },
            },
          ],
          Next: "pause",
        },
        pause: { Type: "Wait", Seconds: 30, End: true },
      },
    };
    expect(scaleTime(locked, 0).waitTimeOverrides).toEqual({ pause: 0 });
    expect(scaleTime(locked, 0.1).waitTimeOverrides).toEqual({ pause: 3000 });
  });
});
