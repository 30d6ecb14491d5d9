// Fault injection: a deploy that fails at its k-th AWS call, for every k, and then runs again must
// end in exactly the state a deploy without faults reaches (see support/fault-injection.ts). Where
// several calls go through the same code (four roles, three families deleted), the first fails.
// test/deploy-notify-faults.test.ts does the same with lock tables and notification connections.

import { cron } from "@batchflow/batchflow";
import { type AwsCall, type AwsClients, deploy, isReadCall } from "@batchflow/deploy";
import { describe, expect, it } from "vitest";
import {
  bundleOf,
  hourlyCompiled,
  nightlyCompiled,
  prepareAccount,
  project,
  reportCompiled,
  seedCompiled,
  seedVariant,
} from "./support/deploy-fixtures.js";
import { faultHarness } from "./support/fault-injection.js";
import { useMoto } from "./support/moto.js";

const moto = useMoto();
const harness = faultHarness(moto);

const operation = (c: AwsCall) => `${c.service}:${c.operation}`;
const writes = (calls: ReadonlyArray<AwsCall>) =>
  calls
    .filter((c) => !isReadCall(c))
    .map(operation)
    .sort();
const times = (n: number, op: string) => Array<string>(n).fill(op);
/** Every call but the IAM writes of a role other than the state machine's (`<workflow>-sfn`). */
const notOtherRoles = (c: AwsCall) =>
  isReadCall(c) ||
  c.service !== "iam" ||
  String((c.input as { RoleName?: unknown }).RoleName).endsWith("-sfn");

// examples/seed-migration: ads-hourly (job locks, Slack notifications) and ads-report (a
// workflow-level lock), one lock table.
const seed = bundleOf(...seedCompiled());
const prepareSeed = (clients: AwsClients) => prepareAccount(clients, seed, { roles: false });
// Its ads-hourly alone has every kind of resource a deploy creates (the update and the prune below
// deploy both workflows; test/deploy-notify-faults.test.ts two that share their lock table).
const hourly = bundleOf(hourlyCompiled());

describe("a deploy interrupted at any AWS call converges when run again", () => {
  it("fresh deploy of the seed example's ads-hourly with --create-roles", async () => {
    const { calls, faults, covered } = await harness.checkEveryFault(
      {
        setup: (clients) => prepareAccount(clients, hourly, { roles: false }),
        bundle: hourly,
        options: { createRoles: true },
      },
      ["before", "after"],
      // The roles and machines read the same kinds of resource: each kind of read fails once. A
      // fault in the reads before the first write leaves nothing changed (the update below has them).
      // The four roles are created and given their policies by the same code: the state machine
      // role's writes are failed, the other three's not.
      { readsOncePerOperation: true, fromFirstWrite: true, only: notOtherRoles },
    );
    // Every write: the lock table, the connection, four roles with their policies (state machine,
    // execution, schedule, notify), a task definition, the lock machine, the notify machine and
    // the state machine, the schedule's rule and the notify rule with their targets.
    expect(writes(calls)).toEqual(
      [
        "dynamodb:CreateTable",
        "events:CreateConnection",
        ...times(4, "iam:CreateRole"),
        ...times(4, "iam:PutRolePolicy"),
        "ecs:RegisterTaskDefinition",
        ...times(3, "states:CreateStateMachine"),
        ...times(2, "events:PutRule"),
        ...times(2, "events:PutTargets"),
      ].sort(),
    );
    const readOperations = new Set(calls.filter(isReadCall).map(operation));
    expect(readOperations).toContain("dynamodb:DescribeTable");
    expect(readOperations).toContain("events:DescribeConnection");
    // Each write failed before and after it was applied; each kind of read first made after the
    // first write failed once.
    const firstWrite = calls.findIndex((c) => !isReadCall(c));
    const earlier = new Set(calls.slice(0, firstWrite).map(operation));
    const laterReads = new Set(
      calls
        .slice(firstWrite)
        .filter((c) => isReadCall(c) && !earlier.has(operation(c)))
        .map(operation),
    );
    expect(
      calls
        .filter((c) => !isReadCall(c) && !notOtherRoles(c))
        .map(operation)
        .sort(),
    ).toEqual([...times(3, "iam:CreateRole"), ...times(3, "iam:PutRolePolicy")].sort());
    expect(covered).toBe(2 * 12 + laterReads.size);
    expect(faults).toBeLessThan(covered);
  }, 300_000);

  it("an update: new image (new revision, state machine repinned) and a new schedule", async () => {
    const next = bundleOf(seedVariant({ image: "busybox:2", schedule: "5 * * * *" }), reportCompiled());
    const { calls, covered } = await harness.checkEveryFault(
      {
        setup: async (clients) => {
          await prepareSeed(clients);
          await deploy({ clients, project, bundle: seed, createRoles: true });
        },
        bundle: next,
        options: { createRoles: true },
      },
      ["before", "after"],
      { fromFirstWrite: true },
    );
    // ads-hourly's execution role (busybox is not pulled from ECR), its new revision, its state
    // machine and its rule; nothing of ads-report.
    expect(writes(calls)).toEqual(
      [
        "iam:TagRole",
        "iam:PutRolePolicy",
        "ecs:RegisterTaskDefinition",
        "states:TagResource",
        "states:UpdateStateMachine",
        "events:TagResource",
        "events:PutRule",
      ].sort(),
    );
    expect(JSON.stringify(calls.filter((c) => !isReadCall(c)).map((c) => c.input))).not.toContain(
      "ads-report",
    );
    expect(covered).toBe(2 * 7);
  }, 300_000);

  it("a workflow that drops its locks: its state machine updated, then its lock machine deleted", async () => {
    const locked = bundleOf(seedVariant({ notify: false }));
    const { calls, covered } = await harness.checkEveryFault(
      {
        setup: async (clients) => {
          await prepareAccount(clients, locked, { roles: true });
          await deploy({ clients, project, bundle: locked });
        },
        bundle: bundleOf(seedVariant({ locks: false, notify: false })),
        options: {},
      },
      ["before", "after"],
      { fromFirstWrite: true },
    );
    // The lock machine goes last: a deploy stopped before that still finds it, and deletes it.
    expect(calls.filter((c) => !isReadCall(c)).map(operation)).toEqual([
      "states:TagResource",
      "states:UpdateStateMachine",
      "states:DeleteStateMachine",
    ]);
    expect(covered).toBe(2 * 3);
  }, 300_000);

  it("several schedules: one entry moves from Scheduler to a rule, the last one is dropped", async () => {
    const plain = { locks: false, notify: false } as const;
    const three = bundleOf(
      seedVariant({
        ...plain,
        schedules: [cron("35 * * * *"), cron("0 9 * * 1", { timezone: "Asia/Tokyo" }), cron("30 0 1 * *")],
      }),
    );
    const { calls, faults } = await harness.checkEveryFault(
      {
        setup: async (clients) => {
          await prepareAccount(clients, three, { roles: true });
          await deploy({ clients, project, bundle: three });
        },
        bundle: bundleOf(seedVariant({ ...plain, schedules: [cron("35 * * * *"), cron("0 9 * * 1")] })),
        options: {},
      },
      // A lost answer to a write is the case that needs care (a write that never happened is
      // simply planned again): each write is failed after it is applied.
      ["after"],
      { fromFirstWrite: true },
    );
    // ads-hourly.2's new rule and target, then the Scheduler schedule and the rule it replaces: a
    // deploy stopped in between finds them again (by the workflow's name) and deletes them.
    expect(calls.filter((c) => !isReadCall(c)).map(operation)).toEqual([
      "events:PutRule",
      "events:PutTargets",
      "scheduler:DeleteSchedule",
      "events:RemoveTargets",
      "events:DeleteRule",
    ]);
    expect(faults).toBe(5);
  }, 300_000);

  it("a prune that deletes a Scheduler workflow and its roles", async () => {
    const both = bundleOf(...seedCompiled(), nightlyCompiled());
    const { calls, faults } = await harness.checkEveryFault(
      {
        setup: async (clients) => {
          await prepareAccount(clients, both, { roles: false });
          await deploy({ clients, project, bundle: both, createRoles: true });
        },
        bundle: seed,
        options: { createRoles: true, prune: true },
      },
      // A lost answer to a delete is the case that needs care (the second run must not trip over
      // what is already gone); a delete that never happened is simply planned again. The three
      // families, policies and roles go through the same code: the first of each is failed.
      ["after"],
      { fromFirstWrite: true, writesOncePerOperation: true },
    );
    // nightly-ad-report's schedule, state machine, three families and three roles (with their
    // policies); the lock table and the example's workflows stay.
    expect(writes(calls)).toEqual(
      [
        "scheduler:DeleteSchedule",
        "states:DeleteStateMachine",
        ...times(3, "ecs:DeregisterTaskDefinition"),
        ...times(3, "iam:DeleteRolePolicy"),
        ...times(3, "iam:DeleteRole"),
      ].sort(),
    );
    expect(faults).toBe(5);
  }, 300_000);
});
