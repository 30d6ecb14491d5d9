import { exitCode } from "../cli-error.js";
import { parseDeployArgs } from "../deploy/deploy-args.js";
import { deployClients, deployInput, planDeployment } from "../deploy/deploy-input.js";
import { formatPlan } from "../deploy/format-plan.js";
import type { Terminal } from "../terminal.js";

/** Exit codes of `batchflow plan`, like `terraform plan -detailed-exitcode`. */
export const planExit = { noChanges: 0, failed: 1, changes: 2 } as const;

/**
 * `batchflow plan [workflow ...]`: what deploy would create, update, leave alone or (with
 * --prune) delete, with a diff of each update. Exits 0 when nothing would change, 2 when changes
 * are pending, 1 on any error (a conflict with a resource this project does not own included).
 */
export async function planCommand(argv: ReadonlyArray<string>, term: Terminal): Promise<number> {
  const args = parseDeployArgs("plan", argv);
  const input = await deployInput(args, term, { write: false });
  if (typeof input === "number") return planExit.failed;
  const clients = deployClients(args);
  try {
    const result = await planDeployment(args, input, clients);
    if (args.json) term.out(JSON.stringify(result, null, 2));
    else for (const line of formatPlan(result, term)) term.out(line);
    if (result.summary.conflict > 0) {
      term.err(
        `${result.summary.conflict} resource${result.summary.conflict === 1 ? "" : "s"} in conflict: deploy would refuse to run (error BF1611).`,
      );
      return planExit.failed;
    }
    return result.hasChanges ? planExit.changes : exitCode.ok;
  } finally {
    clients.destroy();
  }
}
