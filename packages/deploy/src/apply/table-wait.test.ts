// The wait for a new table to become ACTIVE. moto creates tables ACTIVE at once, so the loop is
// checked here with a scripted sequence of statuses and a clock that only advances when it sleeps.
import { describe, expect, it } from "vitest";
import { DeployError } from "../errors.js";
import type { LiveLockTable } from "../live/lock-tables.js";
import { waitUntilActive } from "./table-wait.js";

const table = (status: string): LiveLockTable => ({
  name: "batchflow-locks",
  arn: "arn:aws:dynamodb:ap-northeast-1:123456789012:table/batchflow-locks",
  status,
  keySchema: [{ name: "LockName", type: "HASH" }],
  attributeTypes: { LockName: "S" },
});

function scripted(statuses: ReadonlyArray<string | undefined>) {
  let reads = 0;
  const read = async () => {
    const status = statuses[Math.min(reads++, statuses.length - 1)];
    return status === undefined ? undefined : table(status);
  };
  return { read, reads: () => reads };
}

describe("waitUntilActive", () => {
  it("reads until ACTIVE, reporting each wait, with growing pauses", async () => {
    const { read, reads } = scripted([undefined, "CREATING", "CREATING", "ACTIVE"]);
    const waits: string[] = [];
    const slept: number[] = [];
    const result = await waitUntilActive("batchflow-locks", read, {
      ms: 60_000,
      onWait: (reason, ms) => waits.push(`${reason} (${ms} ms)`),
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
    expect(result.status).toBe("ACTIVE");
    expect(reads()).toBe(4);
    expect(slept).toEqual([1000, 2000, 3000]);
    expect(waits).toEqual([
      "waiting for DynamoDB: the table is not visible yet (1000 ms)",
      "waiting for DynamoDB: the table is CREATING (2000 ms)",
      "waiting for DynamoDB: the table is CREATING (3000 ms)",
    ]);
  });

  it("gives up with BF1631 once the wait is over", async () => {
    const { read } = scripted(["CREATING"]);
    const error = await waitUntilActive("batchflow-locks", read, {
      ms: 0,
      onWait: () => {},
      sleep: async () => {},
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DeployError);
    expect((error as DeployError).code).toBe("BF1631");
    expect((error as DeployError).message).toBe(
      "the DynamoDB table batchflow-locks is still CREATING after 0 s",
    );
  });
});
