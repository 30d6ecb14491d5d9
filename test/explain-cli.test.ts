// `batchflow explain` end to end, with the built CLI: on the seed example (its output is the one
// docs/cli.md shows), on a zoned schedule across both daylight-saving changes of a year, on a
// workflow with several schedules and one with a map, on a scheduled task, with the durations of a
// file and of a real `batchflow run --json` trace, and its usage errors.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliProject, repoRoot, requireBuild, runCli, workflowFile } from "./support/cli-project.js";

interface FireTime {
  readonly schedule: number;
  readonly utc: string;
  readonly local: string;
  readonly offsetMinutes: number;
  readonly clockChangeDay: boolean;
  readonly repeated: boolean;
}

const seed = join(repoRoot, "examples/seed-migration");

interface TaskJson {
  readonly task: string;
  readonly schedules: ReadonlyArray<{ readonly expression: string; readonly runsIn30Days: number }>;
  readonly next: ReadonlyArray<FireTime>;
  readonly vcpu: number;
  readonly memoryGb: number;
  readonly spot: boolean;
  readonly expectedSeconds: number;
  readonly durations: string;
  readonly cost: {
    readonly perRun: { best: number; worst: number };
    readonly runsPerMonth: number;
    readonly perMonth: { best: number; worst: number };
  };
}

interface ExplainJson {
  readonly estimate: string;
  readonly tasks: ReadonlyArray<TaskJson>;
  readonly services: ReadonlyArray<{
    readonly service: string;
    readonly desiredCount: number;
    readonly cost: { readonly hours: number; readonly perMonth: { best: number; worst: number } };
  }>;
  readonly prices: { readonly region: string; readonly asOf: string };
  readonly workflows: ReadonlyArray<{
    readonly workflow: string;
    readonly schedules: ReadonlyArray<{
      readonly number: number;
      readonly expression: string;
      readonly timezone?: string;
      readonly target: string;
      readonly description: string;
      readonly skipped: ReadonlyArray<string>;
      readonly runsIn30Days: number;
    }>;
    readonly next: ReadonlyArray<FireTime>;
    readonly maps: ReadonlyArray<{
      readonly map: string;
      readonly items: number;
      readonly itemsFrom: string;
    }>;
    readonly longestRunSeconds: number;
    readonly stateTransitions: { readonly best: number; readonly worst: number };
    readonly durations: string;
    readonly jobs: ReadonlyArray<{
      readonly job: string;
      readonly expectedSeconds: number;
      readonly runsPerRun: number;
      readonly best: number;
      readonly worst: number;
    }>;
    readonly cost: {
      readonly runsPerMonth: number;
      readonly sharedMinutes: number;
      readonly perMonth: Record<"stepFunctions" | "fargate" | "total", { best: number; worst: number }>;
    };
  }>;
}

const json = (stdout: string) => JSON.parse(stdout) as ExplainJson;

beforeAll(() => requireBuild());

describe("batchflow explain on the seed example", () => {
  it("prints what docs/cli.md shows", () => {
    const run = runCli(["explain", "--from", "2026-12-06T00:00Z"], seed);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const docs = readFileSync(join(repoRoot, "docs/cli.md"), "utf8");
    const shown =
      /<!-- explain-seed-output -->\n```text\n\$ batchflow explain --from 2026-12-06T00:00Z\n([\s\S]*?)```/.exec(
        docs,
      )?.[1];
    expect(shown).toBe(run.stdout);
  });

  it("says when it runs, how long it can take and what it may cost, as JSON", () => {
    const run = runCli(["explain", "ads-hourly", "--json", "--from", "2026-12-06T00:00Z"], seed);
    expect(run.status).toBe(0);
    const out = json(run.stdout);
    expect(out.estimate).toMatch(/estimate/);
    expect(out.prices.region).toBe("us-east-1");
    expect(out.workflows.map((w) => w.workflow)).toEqual(["ads-hourly"]);
    const [hourly] = out.workflows;
    const [schedule] = hourly?.schedules ?? [];
    expect(schedule).toMatchObject({
      expression: "cron(35 * * * ? *)",
      target: "rule",
      description: "At 35 minutes past the hour",
      runsIn30Days: 720,
    });
    expect(hourly?.next.map((t) => t.utc)).toEqual(
      Array.from({ length: 10 }, (_, h) => `2026-12-06T${String(h).padStart(2, "0")}:35:00.000Z`),
    );
    expect(hourly?.stateTransitions.best).toBe(45);
    expect(hourly?.durations).toBe("timeouts");
    // hoge, then fuga and foo: 6 attempts of 30 minutes each, pauses of 10 s, 20 s, 40 s, 3 s and 4.5 s,
    // and each job's lock wait of 10 minutes.
    expect(hourly?.longestRunSeconds).toBe(2 * (6 * 1800 + 78 + 600));
    for (const part of ["stepFunctions", "fargate", "total"] as const) {
      const range = hourly?.cost.perMonth[part];
      expect(range?.best).toBeGreaterThan(0);
      expect(range?.best).toBeLessThan(range?.worst ?? 0);
    }
  });
});

describe("batchflow explain on a zoned schedule", () => {
  let project: CliProject;
  beforeAll(() => {
    project = new CliProject().write(
      "workflows/zoned.ts",
      workflowFile(`export const spring = workflow("spring", { ...options, schedule: cron("30 2 * * *", { timezone: "America/New_York" }) }, job("a"));
export const autumn = workflow("autumn", { ...options, schedule: cron("30 1 * * *", { timezone: "America/New_York" }) }, job("b"));`),
    );
  });
  afterAll(() => project?.dispose());

  it("does not run at a time the clocks skip, and runs once at a time they repeat", () => {
    const spring = json(project.run("explain", "spring", "--json", "--from", "2027-03-12T00:00Z").stdout);
    const [s] = spring.workflows[0]?.schedules ?? [];
    const springNext = spring.workflows[0]?.next ?? [];
    expect(s?.target).toBe("scheduler");
    // 2027-03-14: the clocks go from 02:00 to 03:00 in New York; 02:30 does not exist and nothing runs.
    expect(s?.skipped).toEqual(["2027-03-14T02:30"]);
    expect(springNext.slice(0, 3).map((t) => [t.local, t.utc, t.clockChangeDay])).toEqual([
      ["2027-03-12T02:30", "2027-03-12T07:30:00.000Z", false],
      ["2027-03-13T02:30", "2027-03-13T07:30:00.000Z", false],
      ["2027-03-15T02:30", "2027-03-15T06:30:00.000Z", false],
    ]);

    const autumn = json(project.run("explain", "autumn", "--json", "--from", "2027-11-06T00:00Z").stdout);
    // 2027-11-07: 01:30 happens twice; Scheduler runs the first (EDT), once.
    expect(
      autumn.workflows[0]?.next.slice(0, 3).map((t) => [t.local, t.utc, t.clockChangeDay, t.repeated]),
    ).toEqual([
      ["2027-11-06T01:30", "2027-11-06T05:30:00.000Z", false, false],
      ["2027-11-07T01:30", "2027-11-07T05:30:00.000Z", true, true],
      ["2027-11-08T01:30", "2027-11-08T06:30:00.000Z", false, false],
    ]);
  });

  it("flags those days in its text", () => {
    const run = project.run("explain", "spring", "autumn", "--from", "2027-03-12T00:00Z");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("At 02:30");
    expect(run.stdout).toContain("UTC                 America/New_York");
    expect(run.stdout).toContain("2027-03-12 07:30    2027-03-12 02:30 (-05:00)");
    expect(run.stdout).toContain("2027-03-14 02:30  skipped: the clocks jump over it");
    expect(run.stdout).toContain("These costs are estimates, not a quote.");
  });
});

describe("batchflow explain on several schedules", () => {
  let project: CliProject;
  beforeAll(() => {
    project = new CliProject().write(
      "workflows/twice.ts",
      workflowFile(
        `export const twice = workflow("twice", { ...options, schedule: [cron("0 9 1-7 * *"), cron("0 18 * * 1", { timezone: "Asia/Tokyo" }), cron("0 9 * * 1")] }, job("a"));`,
      ),
    );
  });
  afterAll(() => project?.dispose());

  it("merges their fire times, says which schedule fires, and counts every execution started", () => {
    const run = project.run("explain", "twice", "--json", "--from", "2027-02-01T00:00Z");
    expect(run.status).toBe(0);
    const [w] = json(run.stdout).workflows;
    expect(w?.schedules.map((s) => [s.number, s.expression, s.timezone, s.target])).toEqual([
      [1, "cron(0 9 1-7 * ? *)", undefined, "rule"],
      [2, "cron(0 18 ? * 2 *)", "Asia/Tokyo", "scheduler"],
      [3, "cron(0 9 ? * 2 *)", undefined, "rule"],
    ]);
    // 2027-02-01 is a Monday: schedules 1 and 3 both fire at 09:00 UTC, Tokyo's 18:00 is 09:00 UTC too.
    expect(w?.next.slice(0, 5).map((t) => [t.utc, t.schedule, t.local])).toEqual([
      ["2027-02-01T09:00:00.000Z", 1, "2027-02-01T09:00"],
      ["2027-02-01T09:00:00.000Z", 2, "2027-02-01T18:00"],
      ["2027-02-01T09:00:00.000Z", 3, "2027-02-01T09:00"],
      ["2027-02-02T09:00:00.000Z", 1, "2027-02-02T09:00"],
      ["2027-02-03T09:00:00.000Z", 1, "2027-02-03T09:00"],
    ]);
    expect(w?.next).toHaveLength(10);
    // In the 30 days from Monday 2027-02-01 (to 2027-03-03): days 1-7 of February and March 1-2 (9),
    // five Mondays for schedules 2 and 3 (02-01, 08, 15, 22, 03-01), which Tokyo's 18:00 and UTC's
    // 09:00 make the same five minutes (two of them schedule 1's too): 19 executions, 5 shared minutes.
    expect(w?.schedules.map((s) => s.runsIn30Days)).toEqual([9, 5, 5]);
    expect(w?.cost.runsPerMonth).toBe(19);
    expect(w?.cost.sharedMinutes).toBe(5);
  });

  it("labels each schedule and each fire time in its text", () => {
    const run = project.run("explain", "twice", "--from", "2027-02-01T00:00Z");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      "  schedule 2   cron(0 18 ? * 2 *)  an EventBridge Scheduler schedule, in Asia/Tokyo",
    );
    expect(run.stdout).toContain("UTC                 local");
    expect(run.stdout).toContain("2027-02-01 09:00    2027-02-01 18:00 (+09:00)  schedule 2");
    expect(run.stdout).toContain("per month: 19 runs in the 30 days from 2027-02-01");
    expect(run.stdout).toContain("(5 of those minutes are shared by two schedules or more");
  });
});

describe("batchflow explain on a map", () => {
  let project: CliProject;
  beforeAll(() => {
    project = new CliProject().write(
      "workflows/mapped.ts",
      workflowFile(
        `import { input, map } from "@batchflow/batchflow";
export const mapped = workflow("mapped", { ...options, schedule: cron("0 3 * * *") }, sequence(job("list"), map(input("$.partitions"), () => job("process", { timeout: "10m" }), { concurrency: 2 })));`,
      ),
    );
  });
  afterAll(() => project?.dispose());

  it("counts one item and says so, or the items the durations file gives", () => {
    const one = json(project.run("explain", "--json", "--from", "2027-02-01T00:00Z").stdout).workflows[0];
    expect(one?.maps).toEqual([
      { map: "map-process", distributed: false, concurrency: 2, items: 1, itemsFrom: "assumed" },
    ]);
    const text = project.run("explain", "--from", "2027-02-01T00:00Z").stdout;
    expect(text).toContain(
      "map-process  items unknown until it runs: 1 counted, so the figures below are per item",
    );

    project.write("items.json", JSON.stringify({ "map-process": { items: 5 } }));
    const five = json(
      project.run("explain", "--json", "--from", "2027-02-01T00:00Z", "--durations", "items.json").stdout,
    ).workflows[0];
    expect(five?.maps[0]).toMatchObject({ items: 5, itemsFrom: "durations" });
    const process = (w: typeof one) => w?.jobs.find((j) => j.job === "process");
    expect(process(five)?.runsPerRun).toBe(5);
    expect(process(five)?.worst).toBeCloseTo(5 * (process(one)?.worst ?? 0), 5);
    // The body's states once per item: 4 more items, each entering the same states again.
    const perItem = (five?.stateTransitions.best ?? 0) - (one?.stateTransitions.best ?? 0);
    expect(perItem % 4).toBe(0);
    expect(perItem).toBeGreaterThan(0);
    // Two at a time: 3 rounds of the body instead of 1, each round every attempt of 10 minutes and
    // the retry pauses (under two minutes in all).
    const round = ((five?.longestRunSeconds ?? 0) - (one?.longestRunSeconds ?? 0)) / 2;
    const attempts = (process(one) as unknown as { attempts: number }).attempts;
    expect(round).toBeGreaterThanOrEqual(attempts * 600);
    expect(round).toBeLessThan(attempts * 600 + 120);

    project.write("bad-items.json", JSON.stringify({ "map-process": { items: "many" } }));
    expect(project.run("explain", "--durations", "bad-items.json").stderr).toContain("BF1433");
    project.write("no-map.json", JSON.stringify({ "map-proces": { items: 3 } }));
    const typo = project.run("explain", "--durations", "no-map.json");
    expect(typo.stderr).toContain("BF1434");
    expect(typo.stderr).toContain('did you mean "map-process"?');
  });
});

describe("batchflow explain on a scheduled task and a service", () => {
  let project: CliProject;
  beforeAll(() => {
    // docs/dsl.md's task() example, sized and on Spot, beside a workflow.
    project = new CliProject()
      .write(
        "workflows/cleanup.ts",
        `import { cron, fargate, secret, task } from "@batchflow/batchflow";

export const cleanup = task("tmp-cleanup", {
  task: fargate({ image: "000000000000.dkr.ecr.ap-northeast-1.amazonaws.com/batch:production", cpu: 512, memory: 1024 }),
  schedule: [cron("0 3 * * *"), cron("30 12 * * 1-5", { timezone: "Asia/Tokyo" })],
  command: ["make", "cleanup"],
  env: { TARGET: "tmp", API_KEY: secret("arn:aws:secretsmanager:ap-northeast-1:000000000000:secret:api-key-AbCdEf") },
  retry: { maximumAttempts: 3, maximumEventAge: "1h" },
  spot: true,
  cluster: "batch",
  network: { subnets: ["subnet-a"] },
});
`,
      )
      .write(
        "workflows/quick.ts",
        workflowFile(
          `export const quick = workflow("quick", { ...options, schedule: cron("0 * * * *") }, job("first"));`,
        ),
      )
      .write(
        "workflows/worker.ts",
        // docs/dsl.md's service() example.
        `import { fargate, service } from "@batchflow/batchflow";

export const worker = service("ads-worker", {
  task: fargate({ image: "000000000000.dkr.ecr.ap-northeast-1.amazonaws.com/batch:production", cpu: 512, memory: 1024 }),
  command: ["make", "worker"],
  desiredCount: 2,
  cluster: "batch",
  network: { subnets: ["subnet-hoge"], securityGroups: ["sg-hoge"] },
  minimumHealthyPercent: 50,
});
`,
      );
  });
  afterAll(() => project?.dispose());

  it("prints what docs/cli.md shows: its schedules, next fire times, size and Fargate cost", () => {
    const run = project.run("explain", "tmp-cleanup", "--from", "2026-12-06T00:00Z");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const docs = readFileSync(join(repoRoot, "docs/cli.md"), "utf8");
    const shown =
      /<!-- explain-task-output[^\n]*-->\n```text\n\$ batchflow explain tmp-cleanup --from 2026-12-06T00:00Z\n([\s\S]*?)```/.exec(
        docs,
      )?.[1];
    expect(shown).toBeDefined();
    expect(run.stdout.startsWith(shown ?? "-")).toBe(true);
    expect(run.stdout).toContain("These costs are estimates, not a quote.");
  });

  it("explains tasks beside the workflows, and prices a run from --durations under the task's name", () => {
    const all = json(project.run("explain", "--json", "--from", "2026-12-06T00:00Z").stdout);
    expect(all.workflows.map((w) => w.workflow)).toEqual(["quick"]);
    expect(all.tasks.map((t) => t.task)).toEqual(["tmp-cleanup"]);
    expect(all.services.map((s) => s.service)).toEqual(["ads-worker"]);
    const [minimum] = all.tasks;
    expect(minimum).toMatchObject({
      vcpu: 0.5,
      memoryGb: 1,
      spot: true,
      expectedSeconds: 60,
      durations: "minimum",
    });
    // 30 daily runs and 21 weekday runs in December's first 30 days from the 6th.
    expect(minimum?.cost.runsPerMonth).toBe(51);
    expect(minimum?.schedules.map((s) => s.expression)).toEqual([
      "cron(0 3 * * ? *)",
      "cron(30 12 ? * 2-6 *)",
    ]);

    project.write("durations.json", JSON.stringify({ "tmp-cleanup": 300 }));
    const given = json(
      project.run(
        "explain",
        "tmp-cleanup",
        "--json",
        "--durations",
        "durations.json",
        "--from",
        "2026-12-06T00:00Z",
      ).stdout,
    );
    expect(given.workflows).toEqual([]);
    const [task] = given.tasks;
    expect(task).toMatchObject({ expectedSeconds: 300, durations: "durations" });
    // 0.5 vCPU and 1 GB for 300 s at the us-east-1 list prices; Spot at 30% at best.
    const onDemand = ((0.5 * 0.04048 + 1 * 0.004445) / 3600) * 300;
    expect(task?.cost.perRun.worst).toBeCloseTo(onDemand, 6);
    expect(task?.cost.perRun.best).toBeCloseTo(onDemand * 0.3, 6);
    expect(task?.cost.perMonth.worst).toBeCloseTo((task?.cost.perRun.worst ?? 0) * 51, 6);
  });

  it("prices a service's tasks for every hour of 30 days", () => {
    const text = project.run("explain", "ads-worker");
    expect(text.status).toBe(0);
    const docs = readFileSync(join(repoRoot, "docs/cli.md"), "utf8");
    expect(docs).toContain(text.stdout.split("\n\nThese costs")[0]);
    const out = json(project.run("explain", "ads-worker", "--json").stdout);
    expect(out.workflows).toEqual([]);
    expect(out.tasks).toEqual([]);
    const [worker] = out.services;
    expect(worker).toMatchObject({ service: "ads-worker", desiredCount: 2, cost: { hours: 720 } });
    // Two tasks of 0.5 vCPU and 1 GB for 720 hours at the us-east-1 list prices.
    expect(worker?.cost.perMonth.worst).toBeCloseTo(2 * 720 * (0.5 * 0.04048 + 1 * 0.004445), 6);
    expect(worker?.cost.perMonth.best).toBe(worker?.cost.perMonth.worst);
  });

  it("names what it does not know, and graph draws neither", () => {
    const typo = project.run("explain", "tmp-cleanp");
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain('no workflow, scheduled task or service named "tmp-cleanp"');
    expect(typo.stderr).toContain("did you mean tmp-cleanup?");
    // graph draws state machines: a task has none.
    const graph = project.run("graph", "tmp-cleanup");
    expect(graph.status).toBe(2);
    expect(graph.stderr).toContain("graph covers workflows only");
  });
});

describe("batchflow explain --durations", () => {
  let project: CliProject;
  beforeAll(() => {
    project = new CliProject().write(
      "workflows/quick.ts",
      workflowFile(
        `export const quick = workflow("quick", { ...options, schedule: cron("0 * * * *") }, sequence(job("first", { command: ["true"] }), job("second", { command: ["true"] })));`,
      ),
    );
  });
  afterAll(() => project?.dispose());

  it("reads a { job: seconds } file", () => {
    project.write("durations.json", JSON.stringify({ first: 120, second: 600 }));
    const out = json(project.run("explain", "--json", "--durations", "durations.json").stdout);
    const [quick] = out.workflows;
    expect(quick?.durations).toBe("durations");
    expect(quick?.jobs.map((j) => [j.job, j.expectedSeconds])).toEqual([
      ["first", 120],
      ["second", 600],
    ]);
  });

  it("reads the trace of a real batchflow run --json", () => {
    const ran = project.run("run", "quick", "--json", "trace.jsonl");
    expect(ran.status).toBe(0);
    const out = json(project.run("explain", "--json", "--durations", "trace.jsonl").stdout);
    const [quick] = out.workflows;
    expect(quick?.durations).toBe("trace");
    for (const j of quick?.jobs ?? []) {
      expect(j.expectedSeconds).toBeGreaterThan(0);
      expect(j.expectedSeconds).toBeLessThan(30);
    }
  });

  it("names a job no workflow has, and a file it cannot read", () => {
    project.write("typo.json", JSON.stringify({ frist: 10 }));
    const typo = project.run("explain", "--durations", "typo.json");
    expect(typo.status).toBe(1);
    expect(typo.stderr).toContain("BF1434");
    expect(typo.stderr).toContain('did you mean "first"?');
    const missing = project.run("explain", "--durations", "nowhere.json");
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("BF1432");
    project.write("bad.json", JSON.stringify({ first: "2m" }));
    const bad = project.run("explain", "--durations", "bad.json");
    expect(bad.stderr).toContain("BF1433");
  });

  it("refuses a workflow it does not know and a --from it cannot read", () => {
    const unknown = project.run("explain", "quik");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("BF1435");
    expect(unknown.stderr).toContain("did you mean quick?");
    const from = project.run("explain", "--from", "tomorrow");
    expect(from.status).toBe(2);
    expect(from.stderr).toContain("BF1436");
  });
});
