import type { DeployErrorCode } from "../errors.js";
import type { AwsEnvironment } from "../resolve/environment.js";

/** What deploy manages, in the order it applies creates and updates. */
export const resourceTypes = [
  "lock-table",
  "connection",
  "role",
  "task-definition",
  "service",
  "state-machine",
  "schedule-group",
  "rule",
  "schedule",
] as const;
export type ResourceType = (typeof resourceTypes)[number];

/**
 * - `create`: not there yet; `update`: there, owned, and different (see `diff`);
 * - `unchanged`: there, owned, equal: not touched;
 * - `delete`: owned by this project and no longer defined (only with prune);
 * - `conflict`: a resource of that name exists and this project does not own it, or (with a
 *   `refusal`) deploy cannot change it in place: never touched.
 */
export type ChangeAction = "create" | "update" | "unchanged" | "delete" | "conflict";

export interface PlannedChange {
  readonly type: ResourceType;
  readonly name: string;
  /**
   * The workflow (or service) it belongs to; absent for project-wide resources (the schedule group) and for
   * lock tables, which every workflow and project of the account shares.
   */
  readonly workflow?: string | undefined;
  readonly action: ChangeAction;
  /** One line: what it is, or why it changes or conflicts. */
  readonly summary: string;
  /**
   * For `update`: what changes, a unified diff (`-` live, `+` what deploy would write) of the
   * key-sorted JSON with placeholders resolved; key order is ignored. A task definition revision
   * that deploy would register shows as `family:(new revision)`.
   */
  readonly diff?: string | undefined;
  /** The ARN when known. */
  readonly arn?: string | undefined;
  /**
   * For a `conflict` that is not about ownership (BF1611): the error deploy refuses with and
   * what to do, e.g. a service that would move between a launch type and Fargate Spot (BF1671).
   */
  readonly refusal?: { readonly code: DeployErrorCode; readonly hint: string } | undefined;
}

export interface PlanSummary {
  readonly create: number;
  readonly update: number;
  readonly delete: number;
  readonly unchanged: number;
  readonly conflict: number;
}

/** What `batchflow plan` prints and `deploy` applies. */
export interface Plan {
  readonly project: string;
  readonly environment: AwsEnvironment;
  readonly scheduleGroup: string;
  readonly prune: boolean;
  readonly createRoles: boolean;
  /** Workflows and services planned (those selected, or all in the bundle). */
  readonly workflows: ReadonlyArray<string>;
  readonly changes: ReadonlyArray<PlannedChange>;
  readonly summary: PlanSummary;
  /** True when deploy would create, update or delete anything. */
  readonly hasChanges: boolean;
}

export function summarize(changes: ReadonlyArray<PlannedChange>): PlanSummary {
  const count = (action: ChangeAction) => changes.filter((c) => c.action === action).length;
  return {
    create: count("create"),
    update: count("update"),
    delete: count("delete"),
    unchanged: count("unchanged"),
    conflict: count("conflict"),
  };
}
