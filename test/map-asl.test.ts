// map(): the compiled inline Map and Distributed Map states, validated by asl-validator and executed
// by aws-local-stepfunctions, every ECS Task served in-process; file snapshots of what they compile to.
import { setTimeout as delay } from "node:timers/promises";
import { fargate, input, job, map, s3Items, tryCompile } from "@batchflow/batchflow";
import { describe, expect, it } from "vitest";
import {
  compileValid,
  containerOverride,
  environmentOf,
  stateNamed,
  testWorkflow,
} from "./support/flow-fixtures.js";
import { runAsl, type TaskCall, TaskFailure, type TaskHandler } from "./support/run-asl.js";

/** Records every call; each job's result is `results[job]` (or `{}`), and an item listed in `fail` fails. */
function recorder(
  results: Readonly<Record<string, unknown>> = {},
  fail: (call: TaskCall) => boolean = () => false,
): { readonly calls: TaskCall[]; readonly handler: TaskHandler; readonly maxInFlight: () => number } {
  const calls: TaskCall[] = [];
  let inFlight = 0;
  let most = 0;
  return {
    calls,
    maxInFlight: () => most,
    handler: async (call) => {
      calls.push(call);
      inFlight++;
      most = Math.max(most, inFlight);
      // Long enough that items started together overlap; what is measured is the count, not the time.
      await delay(5);
      inFlight--;
      if (fail(call)) throw new TaskFailure("States.TaskFailed", `${call.state} failed`);
      return results[call.state] ?? {};
    },
  };
}

const partitions = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `p${i + 1}` }));

describe("map over input()", () => {
  const wf = testWorkflow(
    map(
      input("$.partitions"),
      (item) =>
        job("process", {
          command: ["process", item("$.id"), "--date", input("date"), "it's {literal}"],
          env: { PART: item("$.id"), DATE: input("date") },
        }),
      { concurrency: 3 },
    ),
    {},
    "map-input",
  );

  it("is an inline Map: ItemsPath, an ItemSelector with the item and the input, MaxConcurrency", async () => {
    const { stateMachine, files } = compileValid(wf);
    const map = stateNamed(stateMachine, "map-process");
    expect(map).toMatchObject({
      Type: "Map",
      ItemsPath: "$.partitions",
      ItemSelector: { "batchflowItem.$": "$$.Map.Item.Value", "batchflowInput.$": "$" },
      ItemProcessor: { ProcessorConfig: { Mode: "INLINE" }, StartAt: "process" },
      MaxConcurrency: 3,
      ResultPath: null,
      End: true,
    });
    const overrides = (stateNamed(stateMachine, "process").Parameters as { Overrides: unknown }).Overrides;
    expect(overrides).toMatchObject({
      ContainerOverrides: [
        {
          "Command.$":
            "States.Array('process', States.Format('{}', $.batchflowItem.id), '--date', $.batchflowInput.date, States.Format('it\\'s \\{literal\\}'))",
          Environment: [
            { Name: "DATE", "Value.$": "$.batchflowInput.date" },
            { Name: "PART", "Value.$": "States.Format('{}', $.batchflowItem.id)" },
          ],
        },
      ],
    });
    const machine = files.find((f) => f.path === "state-machine.asl.json")!;
    await expect(machine.contents).toMatchFileSnapshot("__snapshots__/map/map-input/state-machine.asl.json");
  });

  it("runs the body once per item with the item's values, never more than 3 at once", async () => {
    const { stateMachine } = compileValid(wf);
    const items = [...partitions(9), { id: 42 }];
    const r = recorder();
    const run = await runAsl(stateMachine, {
      input: { date: "2024-01-02", partitions: items },
      task: r.handler,
    });
    expect(run.status).toBe("SUCCEEDED");
    expect(r.calls.map((c) => containerOverride(c).Command[1]).sort()).toEqual(
      items.map((i) => String(i.id)).sort(),
    );
    expect(containerOverride(r.calls[0]!).Command).toEqual([
      "process",
      expect.any(String),
      "--date",
      "2024-01-02",
      "it's {literal}",
    ]);
    expect(r.calls.map((c) => environmentOf(c).DATE)).toEqual(items.map(() => "2024-01-02"));
    expect(r.maxInFlight()).toBe(3);
  });

  it("fails when an item fails; a catch on the map takes the failure, and the run goes on", async () => {
    const caught = testWorkflow(
      map(input("$.partitions"), (item) => job("process", { env: { PART: item("$.id") } }))
        .catch(["States.TaskFailed"], job("alert"))
        .then(job("after")),
    );
    const { stateMachine } = compileValid(caught);
    const r = recorder({}, (call) => call.state === "process" && environmentOf(call).PART === "p2");
    const run = await runAsl(stateMachine, { input: { partitions: partitions(3) }, task: r.handler });
    expect(run.status).toBe("SUCCEEDED");
    expect(r.calls.filter((c) => c.state !== "process").map((c) => c.state)).toEqual(["alert", "after"]);

    const uncaught = compileValid(
      testWorkflow(map(input("$.partitions"), (item) => job("process", { env: { PART: item("$.id") } }))),
    );
    const failed = await runAsl(uncaught.stateMachine, {
      input: { partitions: partitions(3) },
      task: recorder({}, (call) => environmentOf(call).PART === "p3").handler,
    });
    expect(failed).toMatchObject({ status: "FAILED", error: "States.TaskFailed" });
  });

  it("a retry on the map retries the failed item's job only; a catch inside the body handles one item", async () => {
    const wf = testWorkflow(
      map(input("$.partitions"), (item) =>
        job("process", { env: { PART: item("$.id") } }).catch(["States.ALL"], job("skip-item")),
      ).retry({ on: ["States.TaskFailed"], interval: 1, maxAttempts: 1 }),
    );
    const { stateMachine } = compileValid(wf);
    const failOnce = new Set<string>();
    const r = recorder({}, (call) => {
      const part = String(environmentOf(call).PART);
      if (call.state !== "process") return false;
      if (part === "p1" && !failOnce.has(part)) {
        failOnce.add(part);
        return true;
      }
      return part === "p2";
    });
    const run = await runAsl(stateMachine, {
      input: { partitions: partitions(3) },
      task: r.handler,
      noRetryDelay: true,
    });
    expect(run.status).toBe("SUCCEEDED");
    const byPart = (part: string) =>
      r.calls.filter((c) => c.state === "process" && environmentOf(c).PART === part).length;
    expect([byPart("p1"), byPart("p2"), byPart("p3")]).toEqual([2, 2, 1]);
    expect(r.calls.filter((c) => c.state === "skip-item")).toHaveLength(1);
  });

  it("a timeout on the map is a budget for all its items (the group race), matched by States.Timeout", () => {
    const { stateMachine } = compileValid(
      testWorkflow(
        map(input("$.partitions"), () => job("process"))
          .timeout("10m")
          .catch(["States.Timeout"], job("late")),
      ),
    );
    const group = stateNamed(stateMachine, "group-process");
    expect(group).toMatchObject({ Type: "Parallel" });
    expect(JSON.stringify(group)).toContain('"Type":"Map"');
    expect(JSON.stringify(group.Catch)).toContain("Batchflow.GroupTimeout");
  });

  it("nests: an inner map over a list in the outer item, input() still read from the execution input", async () => {
    const wf = testWorkflow(
      map(input("$.days"), (day) =>
        map(day("$.files"), (file) => job("load", { command: ["load", file(), input("bucket")] })),
      ),
    );
    const { stateMachine } = compileValid(wf);
    const inner = stateNamed(stateMachine, innerMapName(stateMachine));
    expect(inner).toMatchObject({
      ItemsPath: "$.batchflowItem.files",
      ItemSelector: { "batchflowInput.$": "$.batchflowInput" },
    });
    const r = recorder();
    const run = await runAsl(stateMachine, {
      input: { bucket: "b", days: [{ files: ["a", "b"] }, { files: ["c"] }] },
      task: r.handler,
    });
    expect(run.status).toBe("SUCCEEDED");
    expect(r.calls.map((c) => containerOverride(c).Command.slice(1)).sort()).toEqual([
      ["a", "b"],
      ["b", "b"],
      ["c", "b"],
    ]);
  });
});

describe("map(): limits", () => {
  it("counts a command's intrinsic calls: States.Array and one States.Format per item() value, at most 10 (BF1312)", () => {
    const args = (n: number) => (item: typeof import("@batchflow/batchflow").item) =>
      job("p", { command: ["p", ...Array.from({ length: n }, (_, i) => item(`$.f${i}`))] });
    expect(tryCompile(testWorkflow(map(input("xs"), args(9)))).diagnostics).toEqual([]);
    expect(tryCompile(testWorkflow(map(input("xs"), args(10)))).diagnostics.map((d) => d.code)).toEqual([
      "BF1312",
    ]);
  });

  it("refuses a backslash in a command that reads run-time values (BF1340)", () => {
    const result = tryCompile(
      testWorkflow(map(input("xs"), (item) => job("p", { command: ["a\\b", item()] }))),
    );
    expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      "BF1340 command[0] holds a backslash, and the command reads item() or input(), which makes it an intrinsic function where a backslash is an escape",
    ]);
  });
});

describe("map over a job's output", () => {
  const list = job("list-parts", { output: true });
  const wf = testWorkflow(
    list.then(map(list, (item) => job("process", { command: ["process", item()] }), { concurrency: 2 })),
    {
      defaults: {
        task: fargate({ image: "img", taskRole: "arn:aws:iam::000000000000:role/batch-task" }),
        command: (name) => ["make", "run", name],
      },
    },
    "map-output",
  );

  it("runs the job as runTask.waitForTaskToken with its token in the environment; its result feeds the Map", async () => {
    const { stateMachine, files } = compileValid(wf);
    expect(stateNamed(stateMachine, "list-parts")).toMatchObject({
      Resource: "arn:${AWS::Partition}:states:::ecs:runTask.waitForTaskToken",
      ResultPath: "$.batchflowOutput.list_parts",
    });
    expect(environmentEntries(stateNamed(stateMachine, "list-parts"))).toContainEqual({
      Name: "BATCHFLOW_TASK_TOKEN",
      "Value.$": "$$.Task.Token",
    });
    expect(stateNamed(stateMachine, "map-process")).toMatchObject({
      ItemsPath: "$.batchflowOutput.list_parts",
    });
    for (const file of files.filter((f) => f.path === "state-machine.asl.json")) {
      await expect(file.contents).toMatchFileSnapshot(`__snapshots__/map/map-output/${file.path}`);
    }

    const r = recorder({ "list-parts": ["2024-01", "2024-02", 2024] });
    const run = await runAsl(stateMachine, { task: r.handler });
    expect(run.status).toBe("SUCCEEDED");
    expect(
      r.calls
        .filter((c) => c.state === "process")
        .map((c) => containerOverride(c).Command[1])
        .sort(),
    ).toEqual(["2024", "2024-01", "2024-02"]);
    expect(r.maxInFlight()).toBeLessThanOrEqual(2);
  });
});

describe("a job with output: true", () => {
  it("has every States.TaskFailed retry and catch also match the Batchflow.TaskFailed it reports", () => {
    const list = job("list", { output: true })
      .retry({ on: ["States.TaskFailed"], maxAttempts: 1 })
      .catch(["States.TaskFailed"], job("alert"));
    const { stateMachine } = compileValid(testWorkflow(list));
    const state = stateNamed(stateMachine, "list") as {
      Retry: Array<{ ErrorEquals: string[] }>;
      Catch: unknown[];
    };
    expect(state.Retry.map((r) => r.ErrorEquals)).toContainEqual([
      "States.TaskFailed",
      "Batchflow.TaskFailed",
    ]);
    expect(state.Catch).toEqual([
      { ErrorEquals: ["States.TaskFailed", "Batchflow.TaskFailed"], ResultPath: "$.error", Next: "alert" },
    ]);
  });
});

describe("distributed map", () => {
  it("is a Distributed Map with child executions and a tolerated failure; it runs every item here too", async () => {
    const wf = testWorkflow(
      map(input("$.partitions"), (item) => job("process", { env: { PART: item("$.id") } }), {
        distributed: true,
        concurrency: 500,
        toleratedFailure: "10%",
      }),
      {},
      "map-distributed",
    );
    const { stateMachine, files } = compileValid(wf);
    expect(stateNamed(stateMachine, "map-process")).toMatchObject({
      ItemProcessor: { ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" } },
      MaxConcurrency: 500,
      ToleratedFailurePercentage: 10,
    });
    for (const file of files.filter(
      (f) => f.path === "state-machine.asl.json" || f.path.startsWith("iam/"),
    )) {
      await expect(file.contents).toMatchFileSnapshot(`__snapshots__/map/map-distributed/${file.path}`);
    }
    const r = recorder();
    const run = await runAsl(stateMachine, { input: { partitions: partitions(50) }, task: r.handler });
    expect(run.status).toBe("SUCCEEDED");
    expect(r.calls).toHaveLength(50);
  });

  it("has a catch around it also match States.ExceedToleratedFailureThreshold, its failure on AWS", async () => {
    const wf = testWorkflow(
      map(input("$.partitions"), (item) => job("process", { env: { PART: item("$.id") } }), {
        distributed: true,
      })
        .catch(["States.TaskFailed"], job("alert"))
        .then(job("after")),
    );
    const { stateMachine } = compileValid(wf);
    expect(stateNamed(stateMachine, "map-process").Catch).toEqual([
      {
        ErrorEquals: ["States.TaskFailed", "States.ExceedToleratedFailureThreshold"],
        ResultPath: "$.error",
        Next: "alert",
      },
    ]);
    // Here the interpreter raises the item's own error, which the catch matches as well.
    const r = recorder({}, (call) => call.state === "process" && environmentOf(call).PART === "p2");
    const run = await runAsl(stateMachine, { input: { partitions: partitions(3) }, task: r.handler });
    expect(run.status).toBe("SUCCEEDED");
    expect(r.calls.filter((c) => c.state !== "process").map((c) => c.state)).toEqual(["alert", "after"]);
  });

  it("reads an S3 listing with an ItemReader, and may list only that bucket and prefix", async () => {
    const wf = testWorkflow(
      map(
        s3Items({ bucket: "raw-logs", prefix: "2024/" }),
        (item) => job("parse", { env: { KEY: item("$.Key") } }),
        {
          distributed: true,
          toleratedFailure: 5,
        },
      ),
      {},
      "map-s3",
    );
    const { stateMachine, files } = compileValid(wf);
    expect(stateNamed(stateMachine, "map-parse")).toMatchObject({
      ItemReader: {
        Resource: "arn:${AWS::Partition}:states:::s3:listObjectsV2",
        Parameters: { Bucket: "raw-logs", Prefix: "2024/" },
      },
      ToleratedFailureCount: 5,
    });
    const manifest = JSON.parse(files.find((f) => f.path === "manifest.json")!.contents) as {
      stateRoles: Record<string, unknown>;
    };
    expect(manifest.stateRoles["map-parse"]).toEqual({ kind: "map", distributed: true, items: "s3" });
    const role = JSON.parse(files.find((f) => f.path === "iam/state-machine-role.json")!.contents) as {
      Statement: Array<{ Sid: string }>;
    };
    expect(role.Statement.find((s) => s.Sid === "MapItemsBucket1")).toEqual({
      Sid: "MapItemsBucket1",
      Effect: "Allow",
      Action: ["s3:ListBucket"],
      Resource: ["arn:${AWS::Partition}:s3:::raw-logs"],
      Condition: { StringLike: { "s3:prefix": "2024/*" } },
    });
    expect(role.Statement.map((s) => s.Sid)).toEqual(
      expect.arrayContaining(["MapChildExecutions", "MapChildExecutionsWatch"]),
    );
  });
});

/** The name of the Map state inside another Map's processor. */
function innerMapName(definition: { States: object }): string {
  const outer = Object.values(definition.States).find((s) => s.Type === "Map") as {
    ItemProcessor: { States: Record<string, { Type: string }> };
  };
  return Object.entries(outer.ItemProcessor.States).find(([, s]) => s.Type === "Map")![0];
}

function environmentEntries(state: Record<string, unknown>): unknown[] {
  const parameters = state.Parameters as {
    Overrides: { ContainerOverrides: Array<{ Environment?: unknown[] }> };
  };
  return parameters.Overrides.ContainerOverrides[0]?.Environment ?? [];
}
