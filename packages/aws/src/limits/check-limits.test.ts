import { cron, type Flow, fargate, job, sequence, type WorkflowOptions, workflow } from "@batchflow/core";
import { describe, expect, it } from "vitest";
import { tryCompile } from "../compile.js";
import { iamCharacters, policyCharacters } from "./policy-size.js";

const image = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/batch:prod";
const base: WorkflowOptions = {
  cluster: "batch",
  network: { subnets: ["subnet-a"], securityGroups: ["sg-a"] },
  defaults: { task: fargate({ image }), command: (name) => ["make", "run", name] },
};
const topic = "arn:aws:sns:ap-northeast-1:123456789012:alerts";

const diagnostics = (name: string, options: Partial<WorkflowOptions> = {}, body: Flow = job("a")) =>
  tryCompile(workflow(name, { ...base, ...options }, body)).diagnostics;
const codes = (name: string, options: Partial<WorkflowOptions> = {}, body: Flow = job("a")) =>
  diagnostics(name, options, body).map((d) => d.code);
const named = (length: number) => "w".repeat(length);
const line = () => Number(new Error().stack?.split("\n")[2]?.match(/check-limits\.test\.ts:(\d+):/)?.[1]);

describe("checkAwsLimits: names made from the workflow's name", () => {
  it("takes role names of 64 characters and refuses 65 (<workflow>-execution, BF1306)", () => {
    expect(codes(named(54))).not.toContain("BF1306");
    const [problem] = diagnostics(named(55)).filter((d) => d.code === "BF1306");
    expect(problem?.message).toBe(
      `the role name "${named(55)}-execution" batchflow would use is 65 characters; an IAM role name is 1 to 64`,
    );
  });

  it("does not check the names of roles the user gives", () => {
    const roles = { stateMachine: "arn:aws:iam::123456789012:role/sfn" };
    const task = fargate({ image, executionRole: "arn:aws:iam::123456789012:role/exec" });
    expect(codes(named(60), { roles, defaults: { ...base.defaults, task } })).not.toContain("BF1306");
  });

  it("takes a rule or schedule name of 64 characters and refuses 65 (BF1307)", () => {
    const roles = {
      stateMachine: "arn:aws:iam::123456789012:role/sfn",
      schedule: "arn:aws:iam::123456789012:role/s",
    };
    for (const schedule of [cron("0 3 * * *"), cron("0 3 * * *", { timezone: "Asia/Tokyo" })]) {
      expect(codes(named(64), { schedule, roles })).not.toContain("BF1307");
      expect(codes(named(65), { schedule, roles })).toContain("BF1307");
    }
    expect(codes(named(65), { roles })).not.toContain("BF1307");
  });

  it("checks the name of every schedule of a list: <workflow>.2 needs two characters more (BF1307)", () => {
    const roles = {
      stateMachine: "arn:aws:iam::123456789012:role/sfn",
      schedule: "arn:aws:iam::123456789012:role/s",
    };
    const schedule = [cron("0 3 * * *"), cron("0 4 * * *", { timezone: "Asia/Tokyo" })] as const;
    expect(codes(named(62), { schedule, roles })).not.toContain("BF1307");
    const problems = diagnostics(named(63), { schedule, roles }).filter((d) => d.code === "BF1307");
    expect(problems.map((d) => [d.message, d.hint])).toEqual([
      [
        `the schedule name "${named(63)}.2" is 65 characters; an EventBridge Scheduler schedule name is 1 to 64`,
        "shorten the workflow name to 62 characters or fewer: schedule 2 of the workflow is the Scheduler schedule named <workflow>.2",
      ],
    ]);
  });

  it("takes a notification rule and connection name of 64 characters and refuses 65 (<workflow>-notify, BF1314)", () => {
    const notify = { slack: { webhook: "https://hooks.slack.com/services/T/B/x" } };
    expect(codes(named(57), { notify })).not.toContain("BF1314");
    const [problem] = diagnostics(named(58), { notify }).filter((d) => d.code === "BF1314");
    expect(problem?.message).toBe(
      `the notification rule and connection name "${named(58)}-notify" is 65 characters; an EventBridge connection name is 1 to 64`,
    );
    // Without Slack there is no connection, but the rule has the same name.
    expect(codes(named(57), { notify: { sns: topic } })).not.toContain("BF1314");
    expect(codes(named(58), { notify: { sns: topic } })).toContain("BF1314");
  });

  it("shows the problem at the workflow() call", () => {
    const notify = { sns: topic, slack: { webhook: "https://hooks.slack.com/x" } };
    const at = line() + 1;
    const result = tryCompile(workflow(named(58), { ...base, notify }, job("a")));
    const problem = result.diagnostics.find((d) => d.code === "BF1314");
    expect(problem?.location?.file).toMatch(/check-limits\.test\.ts$/);
    expect(problem?.location?.line).toBe(at);
    expect(problem?.workflow).toBe(named(58));
  });
});

describe("checkAwsLimits: SNS subject", () => {
  it("takes a subject of 100 characters and refuses 101 (BF1315)", () => {
    // "batchflow: <workflow> timed out" is the longest subject: 21 characters and the name.
    const notify = { sns: topic, on: ["timeout"] as const };
    expect(codes(named(79), { notify })).not.toContain("BF1315");
    const [problem] = diagnostics(named(80), { notify }).filter((d) => d.code === "BF1315");
    expect(problem?.message).toBe(
      `the SNS subject "batchflow: ${named(80)} timed out" is 101 characters; SNS takes at most 100`,
    );
  });

  it("measures only the subjects the workflow sends, and only with an SNS topic", () => {
    expect(codes(named(80), { notify: { sns: topic, on: ["failure"] } })).not.toContain("BF1315");
    const slack = { webhook: "https://hooks.slack.com/x" };
    expect(codes(named(57), { notify: { slack, on: ["timeout"] } })).not.toContain("BF1315");
  });
});

describe("checkAwsLimits: schedule description and input", () => {
  const schedule = cron("0 3 * * *");

  it("takes a description of 512 characters and refuses 513 (BF1317)", () => {
    expect(codes("wf", { schedule, description: "d".repeat(512) })).not.toContain("BF1317");
    expect(codes("wf", { schedule, description: "d".repeat(513) })).toContain("BF1317");
    expect(codes("wf", { description: "d".repeat(513) })).not.toContain("BF1317");
  });

  it("takes a rule target input of 8,192 characters and refuses 8,193 (BF1317)", () => {
    // {"k":"..."} is 8 characters and the value.
    const input = (length: number) => ({ k: "v".repeat(length - 8) });
    expect(codes("wf", { schedule, input: input(8192) })).not.toContain("BF1317");
    const [problem] = diagnostics("wf", { schedule, input: input(8193) }).filter((d) => d.code === "BF1317");
    expect(problem?.message).toBe(
      "the input is 8193 characters as JSON; an EventBridge rule's target takes at most 8192",
    );
    const zoned = cron("0 3 * * *", { timezone: "Asia/Tokyo" });
    expect(codes("wf", { schedule: zoned, input: input(8193) })).not.toContain("BF1317");
  });
});

describe("checkAwsLimits: the roles' inline policies", () => {
  // One family per job: every job has a spec of its own.
  const families = (count: number) =>
    sequence(
      ...Array.from({ length: count }, (_, i) =>
        job(`job${String(i).padStart(3, "0")}`, { task: fargate({ image: `${image}-${i}` }) }),
      ),
    );
  const policyProblem = (count: number) =>
    diagnostics("wf", {}, families(count)).find((d) => d.code === "BF1316");

  it("names the families that fit, and takes exactly that many", () => {
    const problem = policyProblem(150);
    const fit = Number(
      problem?.message.match(/names 150 task-definition families, and (\d+) would fit/)?.[1],
    );
    expect(fit).toBeGreaterThan(50);
    expect(fit).toBeLessThan(150);
    expect(policyProblem(fit)).toBeUndefined();
    expect(policyProblem(fit + 1)?.message).toMatch(
      new RegExp(`names ${fit + 1} task-definition families, and ${fit} would fit`),
    );
  });

  it("measures the policy file it writes as the document it describes", () => {
    const result = tryCompile(workflow("wf", base, families(20)));
    const text = result.compiled!.files.find((f) => f.path === "iam/state-machine-role.json")!.contents;
    expect(iamCharacters(text)).toBe(policyCharacters(result.compiled!.iam["state-machine-role"]!));
  });
});

describe("checkAwsLimits: the network every job's RunTask names", () => {
  const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

  it("takes 16 subnets and 5 security groups, and refuses 17 and 6 at the workflow (BF1327)", () => {
    const network = (subnets: number, groups: number) => ({
      network: { subnets: ids("subnet", subnets), securityGroups: ids("sg", groups) },
    });
    expect(codes("w", network(16, 5))).not.toContain("BF1327");
    const at = line() + 1;
    const result = tryCompile(workflow("w", { ...base, ...network(17, 6) }, job("a")));
    const problems = result.diagnostics.filter((d) => d.code === "BF1327");
    expect(problems.map((d) => [d.message, d.hint])).toEqual([
      [
        "network.subnets lists 17; ECS takes at most 16 for a task, and every job's RunTask names them all",
        "keep at most 16 subnets in the workflow's network (or in batchflow.config.ts's)",
      ],
      [
        "network.securityGroups lists 6; ECS takes at most 5 for a task, and every job's RunTask names them all",
        "keep at most 5 security groups in the workflow's network (or in batchflow.config.ts's)",
      ],
    ]);
    expect(problems.map((d) => d.location?.line)).toEqual([at, at]);
  });
});
