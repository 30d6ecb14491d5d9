import type { Target } from "@aws-sdk/client-eventbridge";
import type { DesiredService } from "../desired/desired-service.js";
import type {
  DesiredConnection,
  DesiredLockTable,
  DesiredRole,
  DesiredRule,
  DesiredSchedule,
  DesiredStateMachine,
  DesiredTaskDefinition,
} from "../desired/desired-state.js";
import type { LiveConnection } from "../live/connections.js";
import type { LiveRole } from "../live/roles.js";
import type { LiveService } from "../live/services.js";
import type { LiveStateMachine } from "../live/state-machines.js";
import type { LiveTaskDefinition } from "../live/task-definitions.js";
import type { Plan, PlannedChange } from "./plan-types.js";

/** What apply needs besides the printed change: the desired object and what was read live. */
export type PlanItem =
  | { readonly kind: "lock-table"; readonly change: PlannedChange; readonly desired: DesiredLockTable }
  | {
      readonly kind: "connection";
      readonly change: PlannedChange;
      readonly desired: DesiredConnection;
      readonly live?: LiveConnection | undefined;
    }
  | {
      readonly kind: "role";
      readonly change: PlannedChange;
      readonly desired: DesiredRole;
      readonly bundleHash: string;
      readonly live?: LiveRole | undefined;
      readonly trustDiffers: boolean;
      readonly policyDiffers: boolean;
    }
  | {
      readonly kind: "task-definition";
      readonly change: PlannedChange;
      readonly desired: DesiredTaskDefinition;
      readonly bundleHash: string;
      readonly live?: LiveTaskDefinition | undefined;
    }
  | {
      readonly kind: "service";
      readonly change: PlannedChange;
      readonly desired: DesiredService;
      readonly bundleHash: string;
      readonly live?: LiveService | undefined;
    }
  | {
      readonly kind: "state-machine";
      readonly change: PlannedChange;
      readonly desired: DesiredStateMachine;
      readonly bundleHash: string;
      readonly families: ReadonlyArray<string>;
      readonly live?: LiveStateMachine | undefined;
    }
  | {
      /** A workflow's lock machine: its change is a `state-machine` one, applied before the workflow's. */
      readonly kind: "lock-machine";
      readonly change: PlannedChange;
      readonly desired: DesiredStateMachine;
      readonly bundleHash: string;
      readonly live?: LiveStateMachine | undefined;
    }
  | {
      /**
       * A workflow's notify machine: its change is a `state-machine` one, applied before the
       * workflow's state machine, with the notification connection's ARN filled in.
       */
      readonly kind: "notify-machine";
      readonly change: PlannedChange;
      readonly desired: DesiredStateMachine;
      readonly bundleHash: string;
      readonly live?: LiveStateMachine | undefined;
    }
  | { readonly kind: "schedule-group"; readonly change: PlannedChange; readonly arn: string }
  | {
      readonly kind: "rule";
      readonly change: PlannedChange;
      readonly desired: DesiredRule;
      readonly bundleHash: string;
      readonly ruleDiffers: boolean;
      readonly targetsDiffer: boolean;
      /** Live targets that are not ours to keep: removed on update. */
      readonly extraTargetIds: ReadonlyArray<string>;
    }
  | { readonly kind: "schedule"; readonly change: PlannedChange; readonly desired: DesiredSchedule }
  | {
      readonly kind: "delete";
      readonly change: PlannedChange;
      /** For a rule: its targets, removed first. For a schedule: its group. */
      readonly targets?: ReadonlyArray<Target> | undefined;
      readonly group?: string | undefined;
      /**
       * A workflow's lock machine, deleted after the state machines, which call it; or its notify
       * machine, deleted after the rule that starts it.
       */
      readonly machine?: "lock" | "notify" | undefined;
      /** For a service: the cluster it runs on. */
      readonly cluster?: string | undefined;
    };

const items = new WeakMap<Plan, ReadonlyArray<PlanItem>>();

export function attachItems(plan: Plan, planItems: ReadonlyArray<PlanItem>): Plan {
  items.set(plan, planItems);
  return plan;
}

export function itemsOf(plan: Plan): ReadonlyArray<PlanItem> {
  const found = items.get(plan);
  if (!found) throw new Error("this plan was not made by plan() of @batchflow/deploy");
  return found;
}
