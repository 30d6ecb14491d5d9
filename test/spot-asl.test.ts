// The ASL of Spot jobs: a file snapshot of a workflow that has every form (spot: true on the
// container, spot: { base, weight } on a job, spot: false, a catch and a group around Spot jobs),
// valid for asl-validator, and the matchers around them.
import { compile } from "@batchflow/aws";
import { fargate, job, parallel, workflow } from "@batchflow/batchflow";
import { describe, expect, it } from "vitest";
import { validateAsl } from "./support/validate-asl.js";

const base = {
  cluster: "batch",
  network: { subnets: ["subnet-1"] },
  defaults: {
    task: fargate({ image: "batch:latest", spot: true }),
    command: (n: string) => ["make", "run", n],
  },
};

const nightly = workflow(
  "spot-nightly",
  base,
  job("extract")
    .catch(["States.TaskFailed"], job("alert", { spot: false }))
    .then(
      parallel(job("transform", { spot: { base: 1, weight: 3 } }), job("index", { spot: false })).catch(
        ["States.TaskFailed"],
        job("cleanup"),
      ),
    ),
);

describe("the ASL of Spot jobs", () => {
  const compiled = compile(nightly);
  const states = compiled.stateMachine.States;

  it("is what the snapshot shows, and valid ASL", async () => {
    expect(validateAsl(compiled.stateMachine)).toEqual({ valid: true, errors: [] });
    await expect(`${JSON.stringify(compiled.stateMachine, null, 2)}\n`).toMatchFileSnapshot(
      "__snapshots__/spot/spot-nightly.asl.json",
    );
  });

  it("runs a Spot job in a Parallel whose Retry is the preset, for interruptions only", () => {
    expect(states["extract-spot"]).toMatchObject({
      Type: "Parallel",
      Retry: [
        { ErrorEquals: ["Batchflow.SpotInterrupted"], IntervalSeconds: 10, MaxAttempts: 3, BackoffRate: 2 },
      ],
      Catch: [
        {
          ErrorEquals: ["States.TaskFailed", "Batchflow.TaskFailed", "Batchflow.SpotInterrupted"],
          ResultPath: "$.error",
          Next: "alert",
        },
      ],
    });
  });

  it("places a job with CapacityProviderStrategy, never with LaunchType too", () => {
    const branch =
      states["extract-spot"]?.Type === "Parallel" ? states["extract-spot"].Branches[0]! : undefined;
    const onSpot = branch?.States.extract;
    expect(onSpot?.Type === "Task" && onSpot.Parameters).toMatchObject({
      CapacityProviderStrategy: [{ CapacityProvider: "FARGATE_SPOT", Weight: 1 }],
    });
    expect(onSpot?.Type === "Task" && onSpot.Parameters).not.toHaveProperty("LaunchType");
    const fallback = branch?.States["extract-on-demand"];
    expect(fallback?.Type === "Task" && fallback.Parameters).toMatchObject({ LaunchType: "FARGATE" });
    expect(fallback?.Type === "Task" && fallback.Parameters).not.toHaveProperty("CapacityProviderStrategy");
  });

  it("names FARGATE beside FARGATE_SPOT for spot: { base, weight }", () => {
    const text = JSON.stringify(compiled.stateMachine);
    expect(text).toContain(
      '"CapacityProviderStrategy":[{"CapacityProvider":"FARGATE_SPOT","Base":1,"Weight":3},{"CapacityProvider":"FARGATE","Weight":1}]',
    );
  });

  it("lets a group's catch match what its Spot jobs raise", () => {
    const group = Object.values(states).find(
      (s) => s.Type === "Parallel" && s.Catch?.[0]?.Next === "cleanup-spot",
    );
    expect(group?.Type === "Parallel" && group.Catch?.[0]?.ErrorEquals).toEqual([
      "States.TaskFailed",
      "Batchflow.TaskFailed",
      "Batchflow.SpotInterrupted",
    ]);
  });

  it("says what each Spot state is for", () => {
    expect(compiled.stateRoles).toMatchObject({
      "extract-spot": { kind: "spot-run", job: "extract" },
      extract: { kind: "job", job: "extract" },
      "extract-on-demand": { kind: "spot-fallback", job: "extract" },
      "extract-spot-check": { kind: "spot-check", job: "extract" },
      "extract-spot-interrupted": { kind: "spot-interrupted", job: "extract" },
      "extract-spot-failed": { kind: "spot-failed", job: "extract" },
      alert: { kind: "job", job: "alert" },
      index: { kind: "job", job: "index" },
    });
  });

  it("keeps a job without spot exactly as before: LaunchType, no Spot states", () => {
    const plain = compile(
      workflow("plain", { ...base, defaults: { ...base.defaults, spot: false } }, job("a")),
    );
    expect(Object.keys(plain.stateMachine.States)).toEqual(["a"]);
    expect(JSON.stringify(plain.stateMachine)).toContain('"LaunchType":"FARGATE"');
    expect(JSON.stringify(plain.stateMachine)).not.toContain("Spot");
  });
});
