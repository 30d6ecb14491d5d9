import type { LockReport } from "../lock/lock-handler.js";
import type { LockHolderInfo } from "../simulate/result.js";
import type { RunEvent } from "./run-events.js";

/** The run event of what a lock state did; `waitSeconds` is the lock's `wait`, when known. */
export function lockRunEvent(report: LockReport, time: number, waitSeconds?: number): RunEvent {
  const ref = { time, lock: report.call.name, table: report.call.table, state: report.state };
  switch (report.kind) {
    case "acquired":
      return { type: "LockAcquired", ...ref, ...takeOverOf(report) };
    case "released":
      return { type: "LockReleased", ...ref, held: report.held };
    case "busy":
      return {
        type: "LockBusy",
        ...ref,
        ...(waitSeconds === undefined ? {} : { waitSeconds }),
        ...lockHolderOf(report),
      };
  }
}

/** Who held a busy lock, as run traces and simulations report it. */
export function lockHolderOf(report: LockReport): { holder?: LockHolderInfo } {
  if (report.kind !== "busy" || report.holder === undefined) return {};
  const { holder } = report;
  return {
    holder: {
      owner: holder.owner,
      workflow: holder.workflow,
      acquiredAt: holder.acquiredAt,
      execution: holder.execution,
    },
  };
}

/** Whether a lock was taken over from a holder whose execution had ended. */
export function takeOverOf(report: LockReport): { takeOver?: true } {
  return report.kind === "acquired" && report.call.kind === "take-over" ? { takeOver: true } : {};
}
