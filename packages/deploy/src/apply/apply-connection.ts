import { CreateConnectionCommand, UpdateConnectionCommand } from "@aws-sdk/client-eventbridge";
import { awsCall } from "../aws/aws-call.js";
import type { AwsClients } from "../aws/clients.js";
import type { Item } from "./apply-steps.js";

/**
 * Creates or updates a workflow's notification connection; returns its ARN, which the state
 * machine (and any policy naming it) gets in place of `${Batchflow::NotifyConnectionArn}`.
 * An update sends the whole definition, API key included: the key cannot be read back, so it
 * is always re-sent, and sending it also authorizes a DEAUTHORIZED connection again.
 */
export async function applyConnection(
  clients: AwsClients,
  item: Item<"connection">,
): Promise<{ arn: string; detail: string }> {
  const { desired } = item;
  const ctx = (action: string) => ({
    action,
    resource: `connection ${desired.name}`,
    workflow: desired.workflow,
    write: true,
  });
  const input = {
    ...desired.input,
    AuthParameters: { ApiKeyAuthParameters: { ...desired.input.AuthParameters.ApiKeyAuthParameters } },
  };
  if (item.change.action === "create") {
    const answer = await awsCall(ctx("events:CreateConnection"), () =>
      clients.events.send(new CreateConnectionCommand(input)),
    );
    const arn = answer.ConnectionArn;
    if (!arn) throw new Error(`CreateConnection returned no ARN for ${desired.name}`);
    return { arn, detail: `created (${answer.ConnectionState ?? "?"})` };
  }
  const answer = await awsCall(ctx("events:UpdateConnection"), () =>
    clients.events.send(new UpdateConnectionCommand(input)),
  );
  return {
    arn: answer.ConnectionArn ?? item.live?.arn ?? "",
    detail: `updated (${answer.ConnectionState ?? "?"})`,
  };
}
