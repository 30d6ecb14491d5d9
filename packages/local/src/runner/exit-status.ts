import { constants } from "node:os";

/** The exit code a shell (and Docker, and ECS) reports for a process a signal ended: 128 + its number. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}
