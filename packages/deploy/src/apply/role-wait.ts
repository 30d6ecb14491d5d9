import type { CallContext } from "../aws/aws-errors.js";
import { toDeployError } from "../aws/aws-errors.js";
import { DeployError, deployErrorCode } from "../errors.js";

/** AWS's answer when it cannot assume a role it was given (yet: IAM is eventually consistent). */
export function isRoleNotAssumable(error: unknown): boolean {
  const message = String((error as Error | undefined)?.message ?? "");
  return /assume (the provided )?role|to assume the role|cannot be assumed|is not authorized to assume/i.test(
    message,
  );
}

export interface RoleWait {
  /** How long to keep trying; 0 when no role was created or changed by this deploy. */
  readonly ms: number;
  readonly onWait: (reason: string, ms: number) => void;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Runs a call that hands a role to AWS (CreateStateMachine, CreateSchedule, ...). A role created
 * or changed moments ago may not be assumable for some seconds; retry that answer, and only that
 * one, until `wait.ms` has passed.
 */
export async function withRoleWait<T>(ctx: CallContext, wait: RoleWait, run: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const sleep = wait.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!isRoleNotAssumable(error)) throw toDeployError(error, ctx);
      const waited = Date.now() - started;
      if (waited >= wait.ms) {
        throw new DeployError(
          {
            code: deployErrorCode.roleNotAssumable,
            message: `AWS cannot assume the role given to ${ctx.resource}${wait.ms > 0 ? ` (waited ${Math.round(waited / 1000)} s)` : ""}: ${(error as Error).message}`,
            hint: "the role's trust policy must allow the service (states.amazonaws.com, scheduler.amazonaws.com, ...) to assume it; a role created just now can take a few seconds: run deploy again",
            workflow: ctx.workflow,
          },
          { cause: error },
        );
      }
      // 2 s, 4 s, 6 s ... (10 s at most), scaled down for short waits.
      const step = Math.min(2000, wait.ms / 10);
      const delay = Math.min(step * attempt, 10_000, wait.ms - waited);
      wait.onWait(`waiting for IAM: the role is not assumable yet`, delay);
      await sleep(delay);
    }
  }
}
