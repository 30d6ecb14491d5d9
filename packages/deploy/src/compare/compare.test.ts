import { describe, expect, it } from "vitest";
import { lineDiff } from "./line-diff.js";
import { compare, compareEventPattern } from "./resources.js";

const desired = {
  family: "f",
  cpu: "512",
  containerDefinitions: [{ name: "main", image: "a", essential: true, command: ["make"] }],
};

describe("compare", () => {
  it("ignores key order, fields AWS adds and empty values", () => {
    const live = {
      taskDefinitionArn: "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/f:1",
      revision: 1,
      status: "ACTIVE",
      containerDefinitions: [
        {
          command: ["make"],
          essential: true,
          image: "a",
          name: "main",
          cpu: 0,
          portMappings: [],
          environment: [],
        },
      ],
      cpu: "512",
      family: "f",
      volumes: [],
    };
    expect(compare("taskDefinition", desired, live)).toBe("");
  });

  it("sees a changed field, and an optional field batchflow no longer sends", () => {
    const live = {
      ...desired,
      taskRoleArn: "arn:aws:iam::123456789012:role/old",
      containerDefinitions: [{ ...desired.containerDefinitions[0], image: "b" }],
    };
    const diff = compare("taskDefinition", desired, live);
    expect(diff).toMatch(/^- +"image": "b",$/m);
    expect(diff).toMatch(/^\+ +"image": "a",$/m);
    expect(diff).toMatch(/^- +"taskRoleArn": "arn:aws:iam::123456789012:role\/old"$/m);
  });

  it("compares a definition in full: a key the bundle no longer has is a change", () => {
    const job = (overrides: object) => ({
      Type: "Task",
      Parameters: { Overrides: { ContainerOverrides: [{ Name: "main", ...overrides }] } },
      End: true,
    });
    const wanted = { definition: { StartAt: "a", States: { a: job({}) } }, type: "STANDARD" };
    const live = {
      definition: {
        StartAt: "a",
        States: { a: job({ Environment: [{ Name: "MODE", Value: "fast" }] }), old: job({}) },
      },
      type: "STANDARD",
    };
    const diff = compare("stateMachine", wanted, live);
    expect(diff).toMatch(/^- +"Environment": \[$/m);
    expect(diff).toMatch(/^- +"old": \{$/m);
    expect(compare("stateMachine", wanted, structuredClone(wanted))).toBe("");
  });

  it("compares a policy in full: a condition dropped from a statement is a change; none put yet is (none)", () => {
    const statement = { Effect: "Allow", Action: "iam:PassRole", Resource: "*" };
    const live = {
      Statement: [
        { ...statement, Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } } },
      ],
    };
    expect(compare("role", { Statement: [statement] }, live)).toMatch(/^- +"Condition": \{$/m);
    expect(compare("role", { Statement: [statement] }, undefined)).toMatch(/^- \(none\)\n\+ \{/);
  });

  it("sees an extra array element (a target that is not ours)", () => {
    const targets = [{ Id: "state-machine", Arn: "x" }];
    expect(compare("rule", { targets }, { targets: [...targets, { Id: "other", Arn: "y" }] })).toContain(
      '-       "Id": "other"',
    );
  });
});

describe("lineDiff", () => {
  it("is empty for equal texts and shows hunks with context", () => {
    expect(lineDiff("a\nb\n", "a\nb\n")).toBe("");
    const before = Array.from({ length: 20 }, (_, i) => `line ${i}`).join("\n");
    const after = before.replace("line 3", "line three").replace("line 15", "line fifteen");
    expect(lineDiff(before, after).split("\n")).toEqual([
      "  line 1",
      "  line 2",
      "- line 3",
      "+ line three",
      "  line 4",
      "  line 5",
      "  …",
      "  line 13",
      "  line 14",
      "- line 15",
      "+ line fifteen",
      "  line 16",
      "  line 17",
    ]);
  });
});

describe("compareEventPattern", () => {
  const pattern = { source: ["aws.states"], detail: { status: ["FAILED", "SUCCEEDED"] } };

  it("compares the JSON texts as data: spacing and key order are no change", () => {
    const live = JSON.stringify(
      { detail: { status: ["FAILED", "SUCCEEDED"] }, source: ["aws.states"] },
      null,
      1,
    );
    expect(compareEventPattern(JSON.stringify(pattern), live)).toBe("");
  });

  it("compares in full: a filter only the live pattern has is a change", () => {
    const live = JSON.stringify({ ...pattern, detail: { ...pattern.detail, stateMachineArn: ["arn:x"] } });
    expect(compareEventPattern(JSON.stringify(pattern), live)).toContain('-     "stateMachineArn": [');
    expect(compareEventPattern(JSON.stringify(pattern), undefined)).toMatch(/^- \(none\)\n\+ \{/);
  });
});
