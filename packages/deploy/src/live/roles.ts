import { GetRoleCommand, GetRolePolicyCommand } from "@aws-sdk/client-iam";
import { awsFind } from "../aws/aws-call.js";
import type { AwsClients } from "../aws/clients.js";
import { type Tags, tagsFromUpper } from "../tags.js";
import { notFound } from "./not-found.js";

/** The name of the inline policy batchflow puts on the roles it creates. */
export const inlinePolicyName = "batchflow";

export interface LiveRole {
  readonly name: string;
  readonly arn: string;
  readonly trust: unknown;
  /** batchflow's inline policy, when it was asked for and exists. */
  readonly policy?: unknown;
  readonly tags: Tags;
}

/** A role (and, with `withPolicy`, its batchflow inline policy); undefined when there is none. */
export async function readRole(
  clients: AwsClients,
  name: string,
  withPolicy: boolean,
  workflow?: string,
): Promise<LiveRole | undefined> {
  const resource = `role ${name}`;
  const [role, policy] = await Promise.all([
    awsFind({ action: "iam:GetRole", resource, workflow }, notFound.iam, () =>
      clients.iam.send(new GetRoleCommand({ RoleName: name })),
    ),
    withPolicy
      ? awsFind({ action: "iam:GetRolePolicy", resource, workflow }, notFound.iam, () =>
          clients.iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: inlinePolicyName })),
        )
      : undefined,
  ]);
  if (!role?.Role) return undefined;
  return {
    name,
    arn: role.Role.Arn ?? "",
    trust: policyJson(role.Role.AssumeRolePolicyDocument),
    ...(policy?.PolicyDocument === undefined ? {} : { policy: policyJson(policy.PolicyDocument) }),
    tags: tagsFromUpper(role.Role.Tags),
  };
}

/** IAM returns policy documents URL-encoded. */
function policyJson(document: string | undefined): unknown {
  if (document === undefined) return undefined;
  let text = document;
  try {
    text = decodeURIComponent(document);
  } catch {
    // already plain
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
