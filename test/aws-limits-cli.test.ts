// Limits AWS puts on what a workflow's name makes (an EventBridge connection, an SNS subject), seen
// through `batchflow compile`: coded problems at the workflow() call, and nothing written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliProject, requireBuild } from "./support/cli-project.js";

let project: CliProject | undefined;
beforeAll(requireBuild);
afterAll(() => project?.dispose());

const header = `import { fargate, job, workflow } from "@batchflow/batchflow";
const task = fargate({ image: "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/batch:prod" });
const options = { cluster: "batch", network: { subnets: ["subnet-a"] }, defaults: { task, command: ["true"] } };
`;

describe("batchflow compile, given workflow names too long for what they name", () => {
  it("reports the connection and the SNS subject at the workflow() calls, and writes nothing", () => {
    const slack = "n".repeat(58);
    const sns = "s".repeat(80);
    project = new CliProject().write(
      "workflows/long.ts",
      [
        header,
        `export const a = workflow("${slack}", { ...options, notify: { slack: { webhook: "https://hooks.slack.com/x" } } }, job("x"));`,
        `export const b = workflow("${sns}", { ...options, notify: { sns: "arn:aws:sns:us-east-1:123456789012:t" } }, job("x"));`,
        "",
      ].join("\n"),
    );
    const run = project.run("compile");
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(
        `workflows/long\\.ts:5:\\d+ error BF1314: workflow "${slack}": the notification rule and connection name "${slack}-notify" is 65 characters`,
      ),
    );
    expect(run.stderr).toMatch(
      new RegExp(
        `workflows/long\\.ts:6:\\d+ error BF1315: workflow "${sns}": the SNS subject "batchflow: ${sns} timed out" is 101 characters`,
      ),
    );
    expect(project.exists("dist")).toBe(false);
  });
});
