import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { awsCall } from "../aws/aws-call.js";
import type { AwsClients } from "../aws/clients.js";

/** Where a deploy goes: what the bundle's `${AWS::…}` placeholders become. */
export interface AwsEnvironment {
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  /** Who deploys (STS caller ARN), for messages. */
  readonly callerArn: string;
}

/** Asks STS who we are (the first call of every plan: it also proves the credentials work). */
export async function resolveEnvironment(clients: AwsClients): Promise<AwsEnvironment> {
  const ctx = { action: "sts:GetCallerIdentity", resource: "the deploying identity" };
  const region = await awsCall(ctx, () => clients.region());
  const identity = await awsCall(ctx, () => clients.sts.send(new GetCallerIdentityCommand({})));
  const callerArn = identity.Arn ?? "";
  return {
    accountId: identity.Account ?? "",
    region,
    partition: callerArn.split(":")[1] || partitionOf(region),
    callerArn,
  };
}

function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}
