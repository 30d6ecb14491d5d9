// Serves the lock states of a compiled state machine from a real DynamoDB API (moto_server): the
// conditional UpdateItem calls and the GetItem reads the ASL makes are evaluated by DynamoDB's own
// expression engine, not by batchflow's local lock store.
import { dynamodb } from "@batchflow/deploy/aws-sdk";
import type { MotoServer } from "./moto.js";
import { testCredentials, testRegion } from "./moto.js";
import { TaskFailure } from "./run-asl.js";

export interface DynamoLocks {
  /** Sends one `dynamodb:updateItem` Task's parameters; DynamoDB errors become `DynamoDB.<name>` failures. */
  updateItem(parameters: unknown): Promise<object>;
  /** Sends one `dynamodb:getItem` Task's parameters; answers `{ Item }`, or `{}` for no item. */
  getItem(parameters: unknown): Promise<object>;
  createTable(name: string): Promise<void>;
  item(table: string, lock: string): Promise<Record<string, string> | undefined>;
  put(table: string, item: Record<string, string | number>): Promise<void>;
}

export function dynamoLocks(server: MotoServer): DynamoLocks {
  // Step Functions' DynamoDB integration retries a dropped connection or a 5xx itself; on a loaded
  // machine moto_server sometimes answers so, and that is not what these tests are about.
  const client = new dynamodb.DynamoDBClient({
    region: testRegion,
    endpoint: server.endpoint,
    credentials: testCredentials,
    maxAttempts: 3,
  });
  // DynamoDB applies each conditional write atomically; moto_server checks the condition and
  // writes in separate steps on a thread per request, so two concurrent acquires can both pass
  // on a busy machine. One write at a time gives the tests DynamoDB's guarantee, and moto still
  // judges every condition.
  let writes: Promise<unknown> = Promise.resolve();
  return {
    updateItem(parameters) {
      const write = writes.then(async () => {
        try {
          await client.send(new dynamodb.UpdateItemCommand(parameters as dynamodb.UpdateItemCommandInput));
          return {};
        } catch (error) {
          const name = (error as Error).name;
          throw new TaskFailure(`DynamoDB.${name}`, (error as Error).message);
        }
      });
      writes = write.catch(() => undefined);
      return write;
    },
    async getItem(parameters) {
      // After the writes sent before it, as a strongly consistent read sees them.
      await writes;
      try {
        const out = await client.send(
          new dynamodb.GetItemCommand(parameters as dynamodb.GetItemCommandInput),
        );
        return out.Item === undefined ? {} : { Item: out.Item };
      } catch (error) {
        throw new TaskFailure(`DynamoDB.${(error as Error).name}`, (error as Error).message);
      }
    },
    async createTable(name) {
      await client.send(
        new dynamodb.CreateTableCommand({
          TableName: name,
          AttributeDefinitions: [{ AttributeName: "LockName", AttributeType: "S" }],
          KeySchema: [{ AttributeName: "LockName", KeyType: "HASH" }],
          BillingMode: "PAY_PER_REQUEST",
        }),
      );
    },
    async item(table, lock) {
      const out = await client.send(
        new dynamodb.GetItemCommand({
          TableName: table,
          Key: { LockName: { S: lock } },
          ConsistentRead: true,
        }),
      );
      if (!out.Item) return undefined;
      return Object.fromEntries(Object.entries(out.Item).map(([k, v]) => [k, v.S ?? v.N ?? ""]));
    },
    async put(table, item) {
      await client.send(
        new dynamodb.PutItemCommand({
          TableName: table,
          Item: Object.fromEntries(
            Object.entries(item).map(([k, v]) => [k, typeof v === "number" ? { N: String(v) } : { S: v }]),
          ),
        }),
      );
    },
  };
}
