// Fault injection with the lock table, notification connections and notify machines in the deploy: a
// deploy that fails at any of its AWS calls (CreateTable, CreateConnection, the notify machine that
// names the connection's ARN, the rule that starts it, DeleteConnection in a prune ...) and is run
// again ends exactly where an uninterrupted deploy ends: one table, one connection per workflow, the
// notify machine naming the live connection's ARN (a stale ARN would show in the comparison),
// nothing left over.
import { type AwsCall, type AwsClients, deploy, isReadCall } from "@batchflow/deploy";
import { describe, expect, it } from "vitest";
import { bundleOf, handWritten, prepareAccount, project, seedVariant } from "./support/deploy-fixtures.js";
import { faultHarness } from "./support/fault-injection.js";
import { useMoto } from "./support/moto.js";

const moto = useMoto();
const harness = faultHarness(moto);

/** examples/seed-migration's ads-hourly renamed: job locks (in batchflow-locks) and Slack notifications. */
const both = (name: string) => seedVariant({ name });
const two = bundleOf(both("ads-a"), both("ads-b"));
// The roles exist (their new statements are checked in deploy-lock/deploy-notify tests), so the
// faults fall on the calls these tests are about.
const prepare = (clients: AwsClients) => prepareAccount(clients, two, { roles: true });
/** A call on the lock table, a connection, or a workflow's notify machine or rule. */
const sharedOrNotify = (call: AwsCall) =>
  call.service === "dynamodb" ||
  /Connection$/.test(call.operation) ||
  /"(?:name|Name|Rule)":"[^"]*-notify"/.test(JSON.stringify(call.input));
const operations = (calls: ReadonlyArray<{ service: string; operation: string }>) =>
  calls.map((c) => `${c.service}:${c.operation}`);
/**
 * From the first write on: each write failed before and after it is applied, each read before
 * (with `readsOnce`, only the first read of each operation, wherever it is).
 */
const faultsFromFirstWrite = (
  calls: ReadonlyArray<AwsCall>,
  readsOnce = false,
  only: (call: AwsCall) => boolean = () => true,
) => {
  const first = calls.findIndex((c) => !isReadCall(c));
  const seen = new Set<string>();
  let faults = 0;
  calls.forEach((c, i) => {
    const operation = `${c.service}:${c.operation}`;
    const firstOfOperation = !seen.has(operation);
    seen.add(operation);
    if (i < first || !only(c)) return;
    if (!isReadCall(c)) faults += 2;
    else if (!readsOnce || firstOfOperation) faults += 1;
  });
  return faults;
};

describe("a deploy with a lock table and connections, interrupted at any AWS call, converges when run again", () => {
  it("fresh deploy of two workflows sharing the table, each with a connection", async () => {
    const { calls, covered } = await harness.checkEveryFault(
      { setup: prepare, bundle: two, options: {} },
      ["before", "after"],
      // A fault in the reads before the first write changes nothing (deploy-faults.test.ts fails those
      // too); the two workflows read the same kinds of resource: each kind of read fails once. The
      // faults fall on the table, the connections and what names them (the notify machines, their
      // rules): deploy-faults.test.ts fails every other write of the same workflow one by one.
      { fromFirstWrite: true, readsOncePerOperation: true, only: sharedOrNotify },
    );
    // The new calls are among those failed: one table for both, a connection each.
    const ops = operations(calls);
    expect(ops.filter((o) => o === "dynamodb:CreateTable")).toHaveLength(1);
    expect(ops.filter((o) => o === "events:CreateConnection")).toHaveLength(2);
    expect(ops.filter((o) => o === "dynamodb:DescribeTable")).toHaveLength(1);
    expect(ops.filter((o) => o === "events:DescribeConnection")).toHaveLength(2);
    const first = calls.findIndex((c) => !isReadCall(c));
    expect(ops[first]).toBe("dynamodb:CreateTable");
    // The writes failed: the table, each connection, notify machine, notify rule and its targets.
    expect(operations(calls.filter((c) => !isReadCall(c) && sharedOrNotify(c))).sort()).toEqual(
      [
        "dynamodb:CreateTable",
        ...Array<string>(2).fill("events:CreateConnection"),
        ...Array<string>(2).fill("states:CreateStateMachine"),
        ...Array<string>(2).fill("events:PutRule"),
        ...Array<string>(2).fill("events:PutTargets"),
      ].sort(),
    );
    expect(covered).toBe(faultsFromFirstWrite(calls, true, sharedOrNotify));
  }, 300_000);

  it("a prune that deletes a workflow with its connection, the other workflow's connection updated", async () => {
    const kept = bundleOf(both("ads-a"));
    const { calls, faults } = await harness.checkEveryFault(
      {
        setup: async (clients) => {
          await prepare(clients);
          await deploy({ clients, project, bundle: two });
          // Drift on the kept workflow's connection: the deploy also updates it.
          const { eventbridge } = await import("@batchflow/deploy/aws-sdk");
          await clients.events.send(
            new eventbridge.UpdateConnectionCommand({ Name: "ads-a-notify", Description: "edited" }),
          );
        },
        bundle: kept,
        options: { prune: true },
      },
      // As deploy-faults' prune: a lost answer to a write is the case that needs care (a write that
      // never happened is simply planned again), and the repeated deletes go through the same code,
      // so the first of each operation is failed after it is applied.
      ["after"],
      { fromFirstWrite: true, writesOncePerOperation: true },
    );
    const ops = operations(calls);
    expect(ops).toContain("events:UpdateConnection");
    expect(ops).toContain("events:DeleteConnection");
    expect(ops.indexOf("events:DeleteConnection")).toBeLessThan(ops.indexOf("states:DeleteStateMachine"));
    expect(ops).not.toContain("dynamodb:DeleteTable");
    // ads-a's connection brought back; everything of ads-b, its lock machine, its notify machine
    // and the rule that starts it included (its roles are not deploy's to delete).
    expect(operations(calls.filter((c) => !isReadCall(c))).sort()).toEqual(
      [
        "events:UpdateConnection",
        "events:RemoveTargets",
        "events:DeleteRule",
        "events:RemoveTargets",
        "events:DeleteRule",
        "events:DeleteConnection",
        "states:DeleteStateMachine",
        "states:DeleteStateMachine",
        "states:DeleteStateMachine",
        "ecs:DeregisterTaskDefinition",
      ].sort(),
    );
    expect(faults).toBe(new Set(operations(calls.filter((c) => !isReadCall(c)))).size);
  }, 300_000);

  it("fresh deploy of a workflow with its notify machine and rule (Slack), with --create-roles", async () => {
    const bundle = [handWritten("w", { notify: "slack" })];
    const { calls, covered } = await harness.checkEveryFault(
      { setup: async () => {}, bundle, options: { createRoles: true } },
      ["before", "after"],
      { fromFirstWrite: true },
    );
    // The connection, two roles, the notify machine and the state machine, then the rule and its target.
    expect(operations(calls.filter((c) => !isReadCall(c)))).toEqual([
      "events:CreateConnection",
      ...["iam:CreateRole", "iam:PutRolePolicy", "iam:CreateRole", "iam:PutRolePolicy"],
      "states:CreateStateMachine",
      "states:CreateStateMachine",
      "events:PutRule",
      "events:PutTargets",
    ]);
    expect(covered).toBe(faultsFromFirstWrite(calls));
  }, 300_000);

  it("a workflow that stops notifying: its rule's targets removed, the rule deleted, then its notify machine", async () => {
    const { calls, covered } = await harness.checkEveryFault(
      {
        setup: async (clients) => {
          await deploy({
            clients,
            project,
            bundle: [handWritten("w", { notify: "sns" })],
            createRoles: true,
          });
        },
        bundle: [handWritten("w")],
        options: {},
      },
      ["before", "after"],
      { fromFirstWrite: true },
    );
    // The notify machine goes last: a deploy stopped before that still finds it, and deletes it.
    expect(operations(calls.filter((c) => !isReadCall(c)))).toEqual([
      "events:RemoveTargets",
      "events:DeleteRule",
      "states:DeleteStateMachine",
    ]);
    expect(covered).toBe(faultsFromFirstWrite(calls));
  }, 300_000);
});
