import { applyPlan, DeployError, deployErrorCode } from "@batchflow/deploy";
import { exitCode } from "../cli-error.js";
import { confirm } from "../deploy/confirm.js";
import type { DeployArgs } from "../deploy/deploy-args.js";
import { deployClients, deployInput, planDeployment } from "../deploy/deploy-input.js";
import { describeResource, formatApplied, formatPlan } from "../deploy/format-plan.js";
import { colors, type Terminal } from "../terminal.js";

/**
 * `batchflow deploy [workflow ...]`: compile (unless --no-compile), plan, show the plan, ask
 * (unless --yes), then apply with a line per step and a summary. Idempotent: a second deploy of
 * the same bundle changes nothing, and a failed deploy is completed by running it again.
 */
export async function deployCommand(args: DeployArgs, term: Terminal): Promise<number> {
  const started = performance.now();
  const input = await deployInput(args, term, { write: true });
  if (typeof input === "number") return input;
  const c = colors(term);
  const clients = deployClients(args);
  try {
    const planned = await planDeployment(args, input, clients);
    for (const line of formatPlan(planned, term)) term.out(line);
    const s = planned.summary;
    if (s.conflict === 0 && !planned.hasChanges) {
      term.out(
        c.green(
          `\nNothing to deploy: ${s.unchanged} resource${s.unchanged === 1 ? " is" : "s are"} up to date (${clients.calls.length} AWS calls, ${seconds(started)}).`,
        ),
      );
      return exitCode.ok;
    }
    if (s.conflict === 0 && !args.yes) {
      const changes = s.create + s.update + s.delete;
      const answer = await confirm(
        `\nApply ${changes} change${changes === 1 ? "" : "s"} to account ${planned.environment.accountId} in ${planned.environment.region}?`,
      );
      if (answer !== true) {
        throw new DeployError({
          code: deployErrorCode.notConfirmed,
          message:
            answer === undefined
              ? "deploy was not confirmed: there is no terminal to ask, and --yes was not given"
              : "deploy cancelled; nothing was changed",
          hint: "review the plan, then run batchflow deploy --yes (in CI, always pass --yes)",
        });
      }
    }
    term.out("");
    const applied = await applyPlan(planned, {
      clients,
      onEvent: (event) => {
        if (event.type === "step-done") {
          term.out(formatApplied({ ...event.change, detail: event.detail, ms: event.ms }, term));
        } else if (event.type === "waiting") {
          term.out(
            c.dim(
              `  … ${describeResource(event.change)}: ${event.reason}, retrying in ${Math.round(event.ms / 1000)} s`,
            ),
          );
        }
      },
    });
    const count = (action: string) => applied.filter((a) => a.action === action).length;
    term.out(
      c.green(
        `\nDeployed ${input.project}: ${count("create")} created, ${count("update")} updated, ${count("delete")} deleted, ${s.unchanged} unchanged in ${seconds(started)} (${clients.calls.length} AWS calls).`,
      ),
    );
    return exitCode.ok;
  } finally {
    clients.destroy();
  }
}

function seconds(started: number): string {
  return `${((performance.now() - started) / 1000).toFixed(1)} s`;
}
