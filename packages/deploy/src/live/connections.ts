import { DescribeConnectionCommand } from "@aws-sdk/client-eventbridge";
import { awsFind } from "../aws/aws-call.js";
import type { AwsClients } from "../aws/clients.js";
import { notFound } from "./not-found.js";

/**
 * An EventBridge connection as DescribeConnection shows it. The API key's value lives in the
 * connection's Secrets Manager secret and is never returned: only its header name is.
 */
export interface LiveConnection {
  readonly name: string;
  readonly arn: string;
  /** `AUTHORIZED`, `DEAUTHORIZED`, `CREATING`, `DELETING`, ... */
  readonly state: string;
  /** What can be compared with the bundle's `CreateConnection` input. */
  readonly comparable: {
    readonly Description?: string | undefined;
    readonly AuthorizationType?: string | undefined;
    readonly AuthParameters?: { readonly ApiKeyAuthParameters?: { readonly ApiKeyName?: string } };
  };
}

/** The connection, or undefined when there is none. */
export async function readConnection(
  clients: AwsClients,
  name: string,
  workflow?: string,
): Promise<LiveConnection | undefined> {
  const c = await awsFind(
    { action: "events:DescribeConnection", resource: `connection ${name}`, workflow },
    notFound.resource,
    () => clients.events.send(new DescribeConnectionCommand({ Name: name })),
  );
  if (!c) return undefined;
  const apiKeyName = c.AuthParameters?.ApiKeyAuthParameters?.ApiKeyName;
  return {
    name,
    arn: c.ConnectionArn ?? "",
    state: c.ConnectionState ?? "AUTHORIZED",
    comparable: {
      Description: c.Description,
      AuthorizationType: c.AuthorizationType,
      ...(apiKeyName === undefined
        ? {}
        : { AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: apiKeyName } } }),
    },
  };
}
