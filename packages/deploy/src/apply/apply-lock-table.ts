import { CreateTableCommand } from "@aws-sdk/client-dynamodb";
import { errorName, toDeployError } from "../aws/aws-errors.js";
import type { AwsClients } from "../aws/clients.js";
import { DeployError } from "../errors.js";
import { readLockTable } from "../live/lock-tables.js";
import { planLockTable } from "../plan/plan-lock-table.js";
import { lockTableTags, upperTagList } from "../tags.js";
import type { Item } from "./apply-steps.js";
import { type TableWait, waitUntilActive } from "./table-wait.js";

/**
 * Creates the lock table (tagged `batchflow:managed=true`; it belongs to no project) and waits
 * until it is ACTIVE. The table is shared across projects, so another deploy may create it
 * between this deploy's plan and this call: then it is checked like a table found by the plan.
 */
export async function createLockTable(
  clients: AwsClients,
  item: Item<"lock-table">,
  wait: TableWait,
): Promise<string> {
  const { desired } = item;
  const resource = `lock table ${desired.name}`;
  let status: string | undefined;
  let detail = "created";
  try {
    const answer = await clients.dynamodb.send(
      new CreateTableCommand({
        ...desired.input,
        AttributeDefinitions: desired.input.AttributeDefinitions.map((a) => ({ ...a })),
        KeySchema: desired.input.KeySchema.map((k) => ({ ...k })),
        Tags: upperTagList(lockTableTags),
      }),
    );
    status = answer.TableDescription?.TableStatus;
  } catch (error) {
    if (errorName(error) !== "ResourceInUseException") {
      throw toDeployError(error, { action: "dynamodb:CreateTable", resource, write: true });
    }
    const live = await readLockTable(clients, desired.name);
    const planned = planLockTable(desired, [desired.workflow], live);
    if (planned.problem) throw new DeployError(planned.problem);
    status = live?.status;
    detail = "found: created meanwhile by another deploy";
  }
  if (status !== "ACTIVE") {
    await waitUntilActive(desired.name, () => readLockTable(clients, desired.name), wait);
  }
  return detail;
}
