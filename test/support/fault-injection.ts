// Fault injection for the deploy tests: a deploy that fails at its k-th AWS call, for every k,
// and then runs again must end in exactly the state a deploy without faults reaches: same task
// definition revisions and contents, state machines, rules and targets, schedules, roles, tags,
// lock tables and connections; nothing twice, nothing left over.
//
// Two kinds of fault: "before" fails the call before it is sent (a throttled or refused request),
// "after" fails it after the emulator applied it (the response was lost; the process was killed
// between the call and the next step). "after" is injected into writes only: a read whose answer
// is lost has changed nothing, exactly like the same read failed "before", which every read gets.
import {
  type AwsCall,
  type AwsClients,
  type BundleEntry,
  DeployError,
  deploy,
  isReadCall,
  plan,
} from "@batchflow/deploy";
import { expect } from "vitest";
import { type AccountSnapshot, snapshotAccount } from "./aws-snapshot.js";
import { project } from "./deploy-fixtures.js";
import { type MotoServer, motoClients } from "./moto.js";

export type Mode = "before" | "after";

export interface Scenario {
  /**
   * Brings the account to the starting state (after a reset). Run once: each fault starts from a
   * copy of the state it leaves (moto_server's save-state and restore-state).
   */
  readonly setup: (clients: AwsClients) => Promise<void>;
  /** The deploy that is interrupted. */
  readonly bundle: ReadonlyArray<BundleEntry>;
  readonly options: { readonly createRoles?: boolean; readonly prune?: boolean };
}

class InjectedFault extends Error {
  override readonly name = "ThrottlingException";
  readonly $fault = "server";
  readonly $metadata = { httpStatusCode: 400 };
}

export interface FaultHarness {
  /** The file's shared clients, with the fault hooks. */
  clients(): AwsClients;
  /**
   * For every k up to the number of calls of a clean deploy and each kind of fault ("after":
   * writes only): set up, deploy with the k-th call failing, deploy again, compare the whole
   * account with the clean result (a read's fault, whose account is that of the next write's,
   * stops after the failed deploy). `fromFirstWrite` skips the faults in the reads before anything
   * is changed (for the longer scenarios: a deploy that fails there has changed nothing).
   * `readsOncePerOperation` fails only the first read of each operation (`iam:GetRole` once, not
   * once per role: a bundle of several workflows reads each kind of resource through the same
   * code); every write is still failed, unless `writesOncePerOperation` (a prune deleting three
   * families and three roles through the same code fails the first of each). `only` restricts the faults to the calls it selects (a
   * scenario that repeats calls another test already fails one by one). Returns the clean run's calls, the number of faults
   * injected, and the number of faults covered: those injected plus the "after" faults whose
   * outcome another fault already had (see `sameAsBefore`).
   */
  checkEveryFault(
    scenario: Scenario,
    modes: ReadonlyArray<Mode>,
    options?: {
      fromFirstWrite?: boolean;
      readsOncePerOperation?: boolean;
      writesOncePerOperation?: boolean;
      only?: (call: AwsCall) => boolean;
    },
  ): Promise<{ calls: AwsCall[]; faults: number; covered: number }>;
}

export function faultHarness(moto: () => MotoServer): FaultHarness {
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
  const run = async (scenario: Scenario, injected?: { k: number; mode: Mode }): Promise<AwsCall[]> => {
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
  };

  /**
   * The scenario's starting state, set up once (reset, setup) and kept in moto_server; each fault
   * starts from a restored copy of it instead of running the setup (often a whole deploy) again.
   * The first restore is checked against the set-up account: a copy that missed some of the state
   * fails the test.
   */
  const setUp = async (scenario: Scenario): Promise<AccountSnapshot> => {
    await moto().reset();
    await scenario.setup(clients());
    await moto().saveState();
    return snapshotAccount(clients());
  };
  const restore = async (setUpAccount: AccountSnapshot | undefined): Promise<void> => {
    await moto().restoreState();
    if (setUpAccount !== undefined) {
      expect(await snapshotAccount(clients()), "the restored starting state").toEqual(setUpAccount);
    }
  };

  return {
    clients,
    async checkEveryFault(scenario, modes, options = {}) {
      let setUpAccount: AccountSnapshot | undefined = await setUp(scenario);
      const calls = await run(scenario);
      const clean = await snapshotAccount(clients());
      const first = options.fromFirstWrite ? calls.findIndex((c) => !isReadCall(c)) + 1 : 1;
      expect(first).toBeGreaterThan(0);
      const operation = (c: AwsCall) => `${c.service}:${c.operation}`;
      const firstOfOperation = (k: number) =>
        calls.findIndex((c) => operation(c) === operation(calls[k - 1]!)) === k - 1;
      const injected = (mode: Mode, k: number) => {
        const call = calls[k - 1]!;
        if (options.only && !options.only(call)) return false;
        if (!isReadCall(call)) return !options.writesOncePerOperation || firstOfOperation(k);
        return mode === "before" && (!options.readsOncePerOperation || firstOfOperation(k));
      };
      /*
       * A write failed "after" it was applied leaves the account exactly as the next call failed
       * "before" it is sent: the same calls were made, every write among them applied (the
       * clients make one attempt, so nothing is retried), and the deploy has stopped either way.
       * The re-run that follows reads the account afresh and keeps nothing from the failed run,
       * so it is the same re-run too. Such a fault is covered without being run twice.
       */
      const sameAsBefore = (mode: Mode, k: number) =>
        mode === "after" && modes.includes("before") && k < calls.length && injected("before", k + 1);
      let faults = 0;
      let covered = 0;
      for (const mode of modes) {
        for (let k = first; k <= calls.length; k++) {
          if (!injected(mode, k)) continue;
          covered++;
          if (sameAsBefore(mode, k)) continue;
          await restore(setUpAccount);
          setUpAccount = undefined;
          const failed = await run(scenario, { k, mode }).then(
            () => undefined,
            (e: unknown) => e,
          );
          // Every fault fails the deploy with the error users see for throttling: nothing is swallowed.
          expect(failed, `${mode} call ${k}`).toBeInstanceOf(DeployError);
          expect((failed as DeployError).code, `${mode} call ${k}`).toBe("BF1606");
          faults++;
          // A read failed "before" leaves the account as the last write before it did: exactly
          // as the next write failed "before" does, when only reads come between, and that fault
          // is re-run and compared below. So a read's own fault checks how the deploy fails.
          if (mode === "before" && isReadCall(calls[k - 1]!) && calls.slice(k).some((c) => !isReadCall(c))) {
            continue;
          }

          await run(scenario);
          expect(await snapshotAccount(clients()), `${mode} call ${k}: state after re-running`).toEqual(
            clean,
          );
        }
      }
      // And the converged state is stable: a plan finds nothing to do and only reads.
      const before = clients().calls.length;
      const again = await plan({ clients: clients(), project, bundle: scenario.bundle, ...scenario.options });
      expect(again.hasChanges).toBe(false);
      expect(clients().calls.slice(before).every(isReadCall)).toBe(true);
      return { calls, faults, covered };
    },
  };
}
