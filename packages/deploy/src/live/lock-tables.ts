import { DescribeTableCommand, type TableDescription } from "@aws-sdk/client-dynamodb";
import { awsFind } from "../aws/aws-call.js";
import type { AwsClients } from "../aws/clients.js";
import { notFound } from "./not-found.js";

/** A DynamoDB table as deploy looks at it: its key and status. Its tags are never needed. */
export interface LiveLockTable {
  readonly name: string;
  readonly arn: string;
  /** `CREATING`, `ACTIVE`, `UPDATING`, `DELETING`, ... */
  readonly status: string;
  readonly keySchema: ReadonlyArray<{ readonly name: string; readonly type: string }>;
  /** Attribute types by name, for the key attributes. */
  readonly attributeTypes: Readonly<Record<string, string>>;
}

/** The table, or undefined when there is none. */
export async function readLockTable(
  clients: AwsClients,
  name: string,
  workflow?: string,
): Promise<LiveLockTable | undefined> {
  const answer = await awsFind(
    { action: "dynamodb:DescribeTable", resource: `lock table ${name}`, workflow },
    notFound.resource,
    () => clients.dynamodb.send(new DescribeTableCommand({ TableName: name })),
  );
  return answer?.Table ? toLive(name, answer.Table) : undefined;
}

export function toLive(name: string, table: TableDescription): LiveLockTable {
  return {
    name,
    arn: table.TableArn ?? "",
    status: table.TableStatus ?? "ACTIVE",
    keySchema: (table.KeySchema ?? []).map((k) => ({ name: k.AttributeName ?? "", type: k.KeyType ?? "" })),
    attributeTypes: Object.fromEntries(
      (table.AttributeDefinitions ?? []).map((a) => [a.AttributeName ?? "", a.AttributeType ?? ""]),
    ),
  };
}
