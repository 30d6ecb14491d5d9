import type { PlannedChange } from "./plan/plan-types.js";

/** Progress of a plan or a deploy, for a live display; the CLI prints these. */
export type DeployEvent =
  | {
      readonly type: "environment";
      readonly accountId: string;
      readonly region: string;
      readonly callerArn: string;
    }
  | { readonly type: "read"; readonly what: string }
  | { readonly type: "step-start"; readonly change: PlannedChange }
  | {
      readonly type: "step-done";
      readonly change: PlannedChange;
      readonly detail: string;
      readonly ms: number;
    }
  | {
      readonly type: "waiting";
      readonly change: PlannedChange;
      readonly reason: string;
      readonly ms: number;
    };

export type DeployEventHandler = (event: DeployEvent) => void;
