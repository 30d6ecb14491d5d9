import { fargate, job, parallel, sequence, workflow } from "@batchflow/core";
import { describe, expect, it } from "vitest";
import type { State, StateMachineBranch } from "../asl/asl-types.js";
import { compile } from "../compile.js";

const options = {
  cluster: "batch",
  network: { subnets: ["subnet-a"] },
  defaults: { task: fargate({ image: "img" }), command: ["run"] },
  notify: { slack: { webhook: "https://hooks.slack.com/services/T/B/X" } },
};

/** Every state of a definition, depth first (the order `stateRoles` lists them). */
function states(branch: StateMachineBranch): Array<[string, State]> {
  return Object.entries(branch.States).flatMap(([name, state]) => [
    [name, state] as [string, State],
    ...(state.Type === "Parallel" ? state.Branches.flatMap(states) : []),
  ]);
}

describe("stateRoles", () => {
  const compiled = compile(
    workflow(
      "w",
      { ...options, lock: { name: "nightly", onBusy: "skip" } },
      sequence(
        job("a", { lock: { name: "db", wait: "5m" } }),
        parallel(job("b"), job("c")).timeout("1h"),
      ).catch("States.ALL", job("cleanup")),
    ),
  );
  const roles = compiled.stateRoles;
  const all = states(compiled.stateMachine);

  it("names every state of the definition, in definition order, and nothing else", () => {
    expect(Object.keys(roles)).toEqual(all.map(([name]) => name));
    expect(compiled.manifest.stateRoles).toEqual(roles);
  });

  it("says which states are jobs: exactly the ECS Task states", () => {
    const jobs = Object.entries(roles).filter(([, r]) => r.kind === "job");
    expect(jobs.map(([name]) => name)).toEqual(["a", "b", "c", "cleanup"]);
    for (const [name] of jobs) {
      const state = all.find(([n]) => n === name)![1];
      expect(state.Type === "Task" && state.Resource).toMatch(/ecs:runTask/);
    }
  });

  it("describes each lock's acquire state: the lock, its table, what busy does, its tries and the guarded jobs", () => {
    expect(roles["a-lock-acquire"]).toEqual({
      kind: "lock-acquire",
      lock: "db",
      table: "batchflow-locks",
      onBusy: "fail",
      tries: 60,
      pollSeconds: 5,
      held: "a-lock-held",
      jobs: ["a"],
    });
    expect(roles["lock-nightly-acquire"]).toMatchObject({
      kind: "lock-acquire",
      lock: "nightly",
      onBusy: "skip",
      tries: 0,
      jobs: ["a", "b", "c", "cleanup"],
    });
  });

  it("marks a group's budget as a budget, never as a pause (a lock's polls are in its lock machine)", () => {
    const waits = all.filter(([, s]) => s.Type === "Wait").map(([name]) => [name, roles[name]]);
    expect(waits).toEqual([
      [expect.stringMatching(/budget$/), expect.objectContaining({ kind: "group-budget", seconds: 3600 })],
    ]);
  });

  it("names each lock's check and the state a busy lock enters, with their acquire state", () => {
    expect(roles["a-lock-check"]).toEqual({ kind: "lock-check", lock: "db", acquire: "a-lock-acquire" });
    expect(roles["a-lock-busy"]).toEqual({
      kind: "lock-busy",
      lock: "db",
      acquire: "a-lock-acquire",
      action: "fail",
    });
    expect(roles["lock-nightly-busy"]).toMatchObject({ kind: "lock-busy", action: "skip-workflow" });
  });

  it("gives the notify machine's states their steps", () => {
    const notifyRoles = Object.values(compiled.notifyMachine!.stateRoles);
    expect(notifyRoles.map((r) => r.kind === "notify" && r.step)).toEqual(
      expect.arrayContaining(["describe", "classify", "slack"]),
    );
  });

  it("gives every Task state that is no job a machinery role", () => {
    const tasks = all.filter(([, s]) => s.Type === "Task").map(([name]) => roles[name]!.kind);
    expect(new Set(tasks)).toEqual(new Set(["job", "lock-acquire", "lock-release"]));
  });

  it("names a rethrowing catch's check, rename and raise", () => {
    const reraising = compile(
      workflow("r", options, job("a").catch("States.ALL", job("alert"), { rethrow: true })),
    ).stateRoles;
    expect(reraising).toEqual({
      a: { kind: "job", job: "a" },
      alert: { kind: "job", job: "alert" },
      "alert-rethrow": { kind: "reraise-check" },
      "alert-rethrow-rename": { kind: "reraise-rename" },
      "alert-rethrow-raise": { kind: "reraise" },
    });
  });

  it("names a finally's group, its check and the states that raise the failure again", () => {
    const finallyRoles = compile(workflow("f", options, job("a").finally(job("cleanup")))).stateRoles;
    expect(finallyRoles).toEqual({
      "finally-a": { kind: "group" },
      a: { kind: "job", job: "a" },
      cleanup: { kind: "job", job: "cleanup" },
      "cleanup-finally": { kind: "finally-check" },
      "cleanup-finally-rethrow": { kind: "reraise-check" },
      "cleanup-finally-rethrow-rename": { kind: "reraise-rename" },
      "cleanup-finally-rethrow-raise": { kind: "reraise" },
      "cleanup-finally-end": { kind: "end" },
    });
  });
});
