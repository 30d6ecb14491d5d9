import { BatchflowError, type Diagnostic, diagnostic } from "@batchflow/core";

/**
 * Every problem deploy reports: BF1601–BF1659 (BF1640–BF1649: a bundle that is not complete; BF1650: an
 * account without what the workflows run on) and BF1670–BF1679 (services). Each is listed with an example and the fix in
 * docs/errors.md.
 */
export const deployErrorCode = {
  noCredentials: "BF1601",
  badCredentials: "BF1602",
  accessDenied: "BF1603",
  noRegion: "BF1604",
  unreachable: "BF1605",
  throttled: "BF1606",
  missingCluster: "BF1607",
  missingRole: "BF1608",
  invalidAsl: "BF1609",
  rejected: "BF1610",
  conflict: "BF1611",
  noBundle: "BF1612",
  badBundle: "BF1613",
  unknownWorkflow: "BF1614",
  unresolvedPlaceholder: "BF1615",
  familyClash: "BF1616",
  roleNotAssumable: "BF1617",
  stateMachineNotUpdatable: "BF1618",
  notConfirmed: "BF1619",
  awsError: "BF1620",
  invalidRoleArn: "BF1621",
  invalidProject: "BF1622",
  concurrentChange: "BF1623",
  locksInUse: "BF1624",
  lockTableIncompatible: "BF1630",
  lockTableNotActive: "BF1631",
  lockTableClash: "BF1632",
  connectionNotUsable: "BF1633",
  noBundleManifest: "BF1640",
  badBundleManifest: "BF1641",
  workflowMissing: "BF1642",
  workflowExtra: "BF1643",
  workflowMixed: "BF1644",
  notSetUp: "BF1650",
  serviceDraining: "BF1670",
  servicePlacementSwitch: "BF1671",
} as const;

export type DeployErrorCode = (typeof deployErrorCode)[keyof typeof deployErrorCode];

export interface DeployProblem {
  readonly code: DeployErrorCode;
  readonly message: string;
  readonly hint: string;
  readonly workflow?: string | undefined;
}

/** What stopped a plan or a deploy; carries every problem found (a plan reports them all at once). */
export class DeployError extends BatchflowError {
  override readonly name = "DeployError";

  constructor(problems: ReadonlyArray<DeployProblem> | DeployProblem, options?: { cause?: unknown }) {
    const list = Array.isArray(problems) ? problems : [problems as DeployProblem];
    const diagnostics: Diagnostic[] = list.map((p) => diagnostic(p));
    super(
      list[0]?.code ?? deployErrorCode.awsError,
      list.map((p) => p.message).join("\n"),
      diagnostics,
      options,
    );
  }
}

export function isDeployError(value: unknown): value is DeployError {
  return value instanceof DeployError;
}
