import { compile } from "@batchflow/aws";
import { fargate, job, sequence, workflow } from "@batchflow/core";
import { describe, expect, it } from "vitest";
import { collectStates } from "../interpreter/execute-asl.js";
import { scaleTime } from "./time-scale.js";

// The hand-written definition's roles, as compile() would give them.
const roles = {
  group: { kind: "group" },
  job: { kind: "job", job: "job" },
  "group-budget": { kind: "group-budget", group: "group", seconds: 600 },
  "group-expired": { kind: "group-end", group: "group", outcome: "expired" },
} as const;

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
    expect(scaleTime(definition, roles, 1)).toEqual({
      definition,
      waitTimeOverrides: {},
      noRetryDelay: false,
    });
  });

  it("removes retry pauses and waits at scale 0, but not a group's time budget", () => {
    const scaled = scaleTime(definition, roles, 0);
    expect(scaled.noRetryDelay).toBe(true);
    expect(scaled.waitTimeOverrides).toEqual({ pause: 0 });
  });

  it("multiplies retry intervals and max delays (so every backoff step) and waits, on a copy", () => {
    const scaled = scaleTime(definition, roles, 0.1);
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
    expect(() => scaleTime(definition, roles, -1)).toThrow(RangeError);
    expect(() => scaleTime(definition, roles, Number.NaN)).toThrow(RangeError);
  });
});

describe("scaleTime of compiled workflows", () => {
  const options = {
    cluster: "batch",
    network: { subnets: ["subnet-a"] },
    defaults: { task: fargate({ image: "img" }), command: ["run"] },
  };
  const waitsOf = (definition: object) =>
    collectStates(definition)
      .filter(({ state }) => state.Type === "Wait")
      .map(({ name }) => name);

  it("leaves the pause between tries at a busy lock alone: it is in the lock machine, which runs as it is", () => {
    const compiled = compile(workflow("w", options, job("a", { lock: { name: "l", wait: "1m" } })));
    expect(waitsOf(compiled.stateMachine)).toEqual([]);
    expect(waitsOf(compiled.lockMachine!)).toEqual(["poll"]);
    expect(scaleTime(compiled.stateMachine, compiled.stateRoles, 0).waitTimeOverrides).toEqual({});
  });

  it("leaves a group's time budget alone: it is a timeout", () => {
    const compiled = compile(workflow("w", options, sequence(job("a"), job("b")).timeout("10m")));
    expect(waitsOf(compiled.stateMachine)).toHaveLength(1);
    expect(scaleTime(compiled.stateMachine, compiled.stateRoles, 0).waitTimeOverrides).toEqual({});
  });
});
