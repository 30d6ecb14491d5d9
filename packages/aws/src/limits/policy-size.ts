import type { DiagnosticSink, SourceSite } from "@batchflow/core";
import type { PolicyDocument } from "../iam/policy-document.js";
import { runTasksSid } from "../iam/role-policies.js";
import { placeholder } from "../naming.js";
import { maxRoleInlinePolicyCharacters } from "./aws-limits.js";

/*
 * The longest value deploy can put in place of each placeholder, from botocore's endpoints.json:
 * partition aws-us-gov (10), region us-isof-south-1 (15), and a 12-digit account id. A bundle is
 * account- and region-free, so its policy is measured as it would be in the longest of them.
 */
const longestFill: ReadonlyArray<readonly [string, number]> = [
  [placeholder.partition, 10],
  [placeholder.region, 15],
  [placeholder.accountId, 12],
];

/** The characters IAM counts in a policy: its JSON without white space, in the longest account and region. */
export function policyCharacters(doc: PolicyDocument): number {
  return iamCharacters(JSON.stringify(doc));
}

/** The same count from a policy's text, as the bundle's file holds it. */
export function iamCharacters(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) count++;
  }
  for (const [name, longest] of longestFill) {
    for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + name.length)) {
      count -= name.length - longest;
    }
  }
  return count;
}

/**
 * How many of the policy's task-definition families fit the role's inline policy limit, the rest
 * of the policy as it is: each family is one resource of the RunTasks statement.
 */
export function familiesThatFit(doc: PolicyDocument, max = maxRoleInlinePolicyCharacters): number {
  const families = doc.Statement.find((s) => s.Sid === runTasksSid)?.Resource ?? [];
  // A resource costs its JSON string and the comma before it, but the first has no comma.
  const costs = families.map((arn) => iamCharacters(JSON.stringify(arn)) + 1);
  const rest = policyCharacters(doc) - costs.reduce((a, b) => a + b, 0) + (costs.length > 0 ? 1 : 0);
  let room = max - rest + 1;
  let fit = 0;
  for (const cost of costs) {
    if (cost > room) break;
    room -= cost;
    fit++;
  }
  return fit;
}

const roleOf: Readonly<Record<string, string>> = {
  "state-machine-role": "the state machine role",
  "execution-role": "the task execution role",
  "schedule-role": "the schedule role",
};

/**
 * Each role batchflow names gets one inline policy; IAM refuses a role's inline policies beyond
 * 10,240 characters together, so splitting one into several would not help. Refused here, with
 * how many task-definition families the state machine role can name.
 */
export function checkPolicySizes(
  iam: Readonly<Record<string, PolicyDocument>>,
  textOf: (file: string) => string | undefined,
  sink: DiagnosticSink,
  site: SourceSite | undefined,
): void {
  for (const [file, doc] of Object.entries(iam)) {
    const text = textOf(`iam/${file}.json`);
    const size = text === undefined ? policyCharacters(doc) : iamCharacters(text);
    if (size <= maxRoleInlinePolicyCharacters) continue;
    const role = roleOf[file] ?? `the role of iam/${file}.json`;
    const families = doc.Statement.find((s) => s.Sid === runTasksSid)?.Resource.length;
    const fit = families === undefined ? undefined : familiesThatFit(doc);
    sink.report({
      code: "BF1316",
      message:
        `${role}'s policy (iam/${file}.json) is ${size.toLocaleString("en-US")} characters in the longest region; IAM takes at most ${maxRoleInlinePolicyCharacters.toLocaleString("en-US")} in a role's inline policies` +
        (fit === undefined ? "" : `: it names ${families} task-definition families, and ${fit} would fit`),
      hint:
        fit === undefined
          ? "use fewer distinct secrets, log groups and image repositories, or give fargate({ executionRole }) a role whose policies you manage"
          : "jobs with equal fargate() specs share a family (a job's own secrets give it one of its own: move them to defaults.env); or split the workflow, or give roles: { stateMachine } a role whose policies you manage",
      site,
    });
  }
}
