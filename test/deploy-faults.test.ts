// Fault injection: a deploy that fails at its k-th AWS call, for every k, and then runs again must
// end in exactly the state a deploy without faults reaches: same task definition revisions and
// contents, state machines, rules and targets, schedules, roles and tags; nothing twice, nothing left over.
//
// Two kinds of fault: "before" fails the call before it is sent (a throttled or refused request),
// "after" fails it after the emulator applied it (the response was lost; the process was killed
// between the call and the next step).
import {
  type AwsCall,
  type AwsClients,
  type BundleWorkflow,
  DeployError,
  deploy,
  isReadCall,
  plan,
} from "@batchflow/deploy";
import { describe, expect, it } from "vitest";
import { snapshotAccount } from "./support/aws-snapshot.js";
import {
  bundleOf,
  nightlyCompiled,
  prepareAccount,
  project,
  seedCompiled,
  seedVariant,
} from "./support/deploy-fixtures.js";
import { motoClients, useMoto } from "./support/moto.js";

const moto = useMoto();

type Mode = "before" | "after";

interface Scenario {
  /** Brings the account to the starting state (after a reset). */
  readonly setup: (clients: AwsClients) => Promise<void>;
  /** The deploy that is interrupted. */
  readonly bundle: ReadonlyArray<BundleWorkflow>;
  readonly options: { readonly createRoles?: boolean; readonly prune?: boolean };
}

class InjectedFault extends Error {
  override readonly name = "ThrottlingException";
  readonly $fault = "server";
  readonly $metadata = { httpStatusCode: 400 };
}

// One set of clients for the whole file (creating SDK clients costs more than moto's answers);
// the fault to inject is switched per run.
let fault: { readonly k: number; readonly mode: Mode; readonly base: number } | undefined;
const inject = (mode: Mode) => (call: AwsCall) => {
  if (fault?.mode === mode && call.index - fault.base === fault.k) {
    throw new InjectedFault(`injected fault at call ${fault.k} (${call.service}:${call.operation})`);
  }
};
let shared: AwsClients | undefined;
const clients = () => {
  shared ??= motoClients(moto(), { beforeCall: inject("before"), afterCall: inject("after") });
  return shared;
};

/** Deploys the scenario; returns the AWS calls it made. */
async function run(scenario: Scenario, injected?: { k: number; mode: Mode }): Promise<AwsCall[]> {
  const c = clients();
  const base = c.calls.length;
  fault = injected && { ...injected, base };
  try {
    // One call at a time, so "the k-th call" is the same call in every run.
    await deploy({ clients: c, project, bundle: scenario.bundle, ...scenario.options, concurrency: 1 });
  } finally {
    fault = undefined;
  }
  return c.calls.slice(base);
}

async function start(scenario: Scenario): Promise<void> {
  await moto().reset();
  await scenario.setup(clients());
}

/**
 * For every k up to the number of calls of a clean deploy and each kind of fault: set up, deploy
 * with the k-th call failing, deploy again, compare the whole account with the clean result.
 * `fromFirstWrite` skips the faults in the reads before anything is changed (for the longer
 * scenarios: a deploy that fails there has changed nothing).
 */
async function checkEveryFault(
  scenario: Scenario,
  modes: ReadonlyArray<Mode>,
  options: { fromFirstWrite?: boolean } = {},
): Promise<number> {
  await start(scenario);
  const calls = await run(scenario);
  const clean = await snapshotAccount(clients());
  const first = options.fromFirstWrite ? calls.findIndex((c) => !isReadCall(c)) + 1 : 1;
  expect(first).toBeGreaterThan(0);
  let faults = 0;
  for (const mode of modes) {
    for (let k = first; k <= calls.length; k++) {
      await start(scenario);
      const failed = await run(scenario, { k, mode }).then(
        () => undefined,
        (e: unknown) => e,
      );
      // Every fault fails the deploy with the error users see for throttling: nothing is swallowed.
      expect(failed, `${mode} call ${k}`).toBeInstanceOf(DeployError);
      expect((failed as DeployError).code, `${mode} call ${k}`).toBe("BF1606");
      faults++;

      await run(scenario);
      expect(await snapshotAccount(clients()), `${mode} call ${k}: state after re-running`).toEqual(clean);
    }
  }
  // And the converged state is stable: a plan finds nothing to do and only reads.
  const before = clients().calls.length;
  const again = await plan({ clients: clients(), project, bundle: scenario.bundle, ...scenario.options });
  expect(again.hasChanges).toBe(false);
  expect(clients().calls.slice(before).every(isReadCall)).toBe(true);
  return faults;
}

const seed = bundleOf(seedCompiled());
const prepareSeed = (clients: AwsClients) => prepareAccount(clients, seed, { roles: false });

describe("a deploy interrupted at any AWS call converges when run again", () => {
  it("fresh deploy of examples/seed-migration with --create-roles", async () => {
    const faults = await checkEveryFault(
      { setup: prepareSeed, bundle: seed, options: { createRoles: true } },
      ["before", "after"],
    );
    expect(faults).toBeGreaterThanOrEqual(2 * 15);
  }, 120_000);

  it("an update: new image (new revision, state machine repinned) and a new schedule", async () => {
    const next = bundleOf(seedVariant({ image: "busybox:2", schedule: "5 * * * *" }));
    const faults = await checkEveryFault(
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
    expect(faults).toBeGreaterThanOrEqual(2 * 5);
  }, 120_000);

  it("a prune that deletes a Scheduler workflow and its roles", async () => {
    const both = bundleOf(seedCompiled(), nightlyCompiled());
    const faults = await checkEveryFault(
      {
        setup: async (clients) => {
          await prepareAccount(clients, both, { roles: false });
          await deploy({ clients, project, bundle: both, createRoles: true });
        },
        bundle: seed,
        options: { createRoles: true, prune: true },
      },
      // A lost answer to a delete is the case that needs care (the second run must not trip over
      // what is already gone); a delete that never happened is simply planned again.
      ["after"],
      { fromFirstWrite: true },
    );
    expect(faults).toBeGreaterThanOrEqual(15);
  }, 120_000);
});
