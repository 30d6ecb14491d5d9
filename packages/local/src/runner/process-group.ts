/**
 * Sends `signal` to the process group led by `pid` (a job started with `detached: true` leads its own).
 * Returns false when the group no longer exists.
 */
export function signalGroup(pid: number | undefined, signal: NodeJS.Signals): boolean {
  if (pid === undefined || pid <= 0) return false;
  try {
    process.kill(-pid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw error;
  }
}
