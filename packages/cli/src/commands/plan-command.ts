import type { DeployArgs } from "../deploy/deploy-args.js";
import { deployClients, deployInput, planDeployment } from "../deploy/deploy-input.js";
import { formatPlan } from "../deploy/format-plan.js";
import type { Terminal } from "../terminal.js";

/**
 * Exit codes of `batchflow plan`: 0 planned, 1 an error. With --detailed-exitcode, as
 * `terraform plan -detailed-exitcode`: 0 nothing would change, 2 changes are pending, 1 an error.
 */
export const planExit = { ok: 0, failed: 1, changes: 2 } as const;

/**
 * `batchflow plan [workflow ...]`: what deploy would create, update, leave alone or (with
 * --prune) delete, with a diff of each update. A conflict with a resource this project does not
 * own is an error: deploy would refuse to run.
 */
export async function planCommand(args: DeployArgs, term: Terminal): Promise<number> {
  const input = await deployInput(args, term, { write: false });
  if (typeof input === "number") return planExit.failed;
  const clients = deployClients(args);
  try {
    const result = await planDeployment(args, input, clients);
    if (args.json) term.out(JSON.stringify(result, null, 2));
    else for (const line of formatPlan(result, term)) term.out(line);
    if (result.summary.conflict > 0) {
      const codes = new Set(
        result.changes.filter((ch) => ch.action === "conflict").map((ch) => ch.refusal?.code ?? "BF1611"),
      );
      term.err(
        `${result.summary.conflict} resource${result.summary.conflict === 1 ? "" : "s"} in conflict: deploy would refuse to run (error ${[...codes].sort().join(", ")}).`,
      );
      return planExit.failed;
    }
    return args.detailedExitcode && result.hasChanges ? planExit.changes : planExit.ok;
  } finally {
    clients.destroy();
  }
}
