import { describe, expect, it } from "vitest";
import { type PolicyDocument, policy } from "../iam/policy-document.js";
import { runTasksSid } from "../iam/role-policies.js";
import { familiesThatFit, iamCharacters, policyCharacters } from "./policy-size.js";

const withFamilies = (families: ReadonlyArray<string>): PolicyDocument =>
  policy([
    { Sid: "Other", Effect: "Allow", Action: ["ecs:StopTask"], Resource: ["*"] },
    { Sid: runTasksSid, Effect: "Allow", Action: ["ecs:RunTask"], Resource: families },
  ]);

describe("policyCharacters", () => {
  it("counts the JSON without white space", () => {
    const doc = withFamilies(["a"]);
    expect(policyCharacters(doc)).toBe(JSON.stringify(doc).length);
    expect(iamCharacters(JSON.stringify(doc, null, 2))).toBe(JSON.stringify(doc).length);
    expect(iamCharacters(" a\tb\r\nc ")).toBe(3);
  });

  it("counts each placeholder as the longest partition, region and account deploy can put in", () => {
    const arn = "arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task-definition/f:*";
    expect(iamCharacters(arn)).toBe(
      "arn:aws-us-gov:ecs:us-isof-south-1:123456789012:task-definition/f:*".length,
    );
    expect(iamCharacters(`${arn},${arn}`)).toBe(2 * iamCharacters(arn) + 1);
  });
});

describe("familiesThatFit", () => {
  it("is every family when the policy is exactly at the limit, one fewer when one character over", () => {
    const doc = withFamilies(["aaaa", "bbbb", "cccc"]);
    const size = policyCharacters(doc);
    expect(familiesThatFit(doc, size)).toBe(3);
    expect(familiesThatFit(doc, size - 1)).toBe(2);
    // Without the third family the policy loses `,"cccc"`: 7 characters.
    expect(familiesThatFit(doc, size - 7)).toBe(2);
    expect(familiesThatFit(doc, size - 8)).toBe(1);
  });

  it("agrees with measuring the smaller policies", () => {
    const names = Array.from({ length: 30 }, (_, i) => `family-${"x".repeat(i)}`);
    const max = policyCharacters(withFamilies(names.slice(0, 17))) + 5;
    const fit = familiesThatFit(withFamilies(names), max);
    expect(policyCharacters(withFamilies(names.slice(0, fit)))).toBeLessThanOrEqual(max);
    expect(policyCharacters(withFamilies(names.slice(0, fit + 1)))).toBeGreaterThan(max);
  });

  it("is 0 when not even one fits, and when the policy names no families", () => {
    const doc = withFamilies(["aaaa"]);
    expect(familiesThatFit(doc, policyCharacters(withFamilies([])) - 1)).toBe(0);
    expect(familiesThatFit(policy([]), 10)).toBe(0);
  });
});
