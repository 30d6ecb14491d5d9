import { readFileSync } from "node:fs";

/**
 * Whether `pid` is another process that is still running, so that what it named after itself (a
 * staging folder, a lock) is in use. This process's own pid counts as not running: a leftover with
 * it comes from an earlier process that had the same pid (pids are reused, in containers often).
 * A zombie (exited, not yet collected by its parent) is not running.
 */
export function isOtherLiveProcess(pid: number): boolean {
  if (pid === process.pid || !Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return true;
  }
}
