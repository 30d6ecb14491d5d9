import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { concurrentChangeErrors, describeAwsError } from "./aws-errors.js";

const sdkError = (name: string, message: string) =>
  Object.assign(new Error(message), { name, $fault: "client", $metadata: { httpStatusCode: 409 } });

describe("describeAwsError", () => {
  it("calls a write that collided with another change a race to re-run, not a workflow to fix", () => {
    const problem = describeAwsError(
      sdkError("EntityAlreadyExistsException", "Role with name ads-hourly-sfn already exists."),
      { action: "iam:CreateRole", resource: "role ads-hourly-sfn", workflow: "ads-hourly", write: true },
    );
    expect(problem.code).toBe("BF1623");
    expect(problem.message).toBe(
      "iam:CreateRole (role ads-hourly-sfn) collided with another change of the same resource: EntityAlreadyExistsException: Role with name ads-hourly-sfn already exists.",
    );
    expect(problem.hint).toContain("Run deploy again once the other has finished");
    // The same name on another service's call, or on a read, is not a race.
    expect(
      describeAwsError(sdkError("EntityAlreadyExistsException", "x"), {
        action: "states:CreateStateMachine",
        resource: "state machine a",
        write: true,
      }).code,
    ).toBe("BF1610");
    expect(
      describeAwsError(sdkError("ConflictException", "x"), { action: "scheduler:GetSchedule", resource: "s" })
        .code,
    ).toBe("BF1620");
  });

  it("names only errors that each service's API model defines (botocore's service models)", () => {
    const services: Record<string, string> = {
      iam: "iam",
      states: "stepfunctions",
      events: "events",
      scheduler: "scheduler",
      dynamodb: "dynamodb",
      ecs: "ecs",
    };
    const script = `import json, sys, botocore.session
s = botocore.session.get_session()
out = {}
for name in sys.argv[1:]:
    m = s.get_service_model(name)
    out[name] = sorted(n for n in m.shape_names if m.shape_for(n).metadata.get("exception"))
print(json.dumps(out))`;
    const defined = JSON.parse(
      execFileSync("python3", ["-c", script, ...Object.values(services)], { encoding: "utf8" }),
    ) as Record<string, string[]>;
    for (const [prefix, names] of Object.entries(concurrentChangeErrors)) {
      const model = services[prefix];
      expect(model, prefix).toBeDefined();
      for (const name of names) expect(defined[model!], `${prefix}: ${name}`).toContain(name);
    }
  });
});
