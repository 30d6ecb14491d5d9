import { describe, expect, it } from "vitest";
import type { AwsEnvironment } from "../resolve/environment.js";
import { type MissingPrerequisite, prerequisiteProblems } from "./plan-checks.js";

const env: AwsEnvironment = {
  accountId: "123456789012",
  region: "eu-west-1",
  partition: "aws",
  callerArn: "arn:aws:iam::123456789012:user/ci",
};
const cluster: MissingPrerequisite = { kind: "cluster", name: "batch", workflows: ["nightly"] };
const role: MissingPrerequisite = {
  kind: "role",
  role: {
    name: "nightly-sfn",
    arn: "arn:aws:iam::123456789012:role/nightly-sfn",
    service: "states.amazonaws.com",
    use: "stateMachine",
    workflow: "nightly",
    policy: { Version: "2012-10-17", Statement: [] },
    policyFile: "iam/state-machine-role.json",
    trust: { Version: "2012-10-17", Statement: [] },
    inAccount: true,
  },
};

describe("prerequisiteProblems", () => {
  it("tells the commands to run next with the region, endpoint and profile the plan used", () => {
    const [block] = prerequisiteProblems([cluster, role], env, {
      endpoint: "http://127.0.0.1:5000",
      profile: "staging",
    });
    expect(block?.hint).toContain(
      "    aws ecs create-cluster --cluster-name batch --region eu-west-1 --endpoint-url http://127.0.0.1:5000 --profile staging\n" +
        "    batchflow deploy --create-roles --region eu-west-1 --endpoint-url http://127.0.0.1:5000 --profile staging",
    );
    const [single] = prerequisiteProblems([role], env, { profile: "staging" });
    expect(single?.hint).toMatch(
      /^run batchflow deploy --create-roles --region eu-west-1 --profile staging to create it/,
    );
    const [plain] = prerequisiteProblems([cluster], env, undefined);
    expect(plain?.hint).toContain(
      "create it: aws ecs create-cluster --cluster-name batch --region eu-west-1 (",
    );
  });
});
