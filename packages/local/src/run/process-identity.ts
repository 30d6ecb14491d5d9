import * as fs from "node:fs";
import { liveGroup } from "./live-group.js";

/**
 * A process as the OS knows it: its id and when it started, so that a pid the OS has since given
 * to another process is not taken for it (a lock holder that died, a run's jobs).
 */
export interface ProcessIdentity {
  readonly pid: number;
  /** Start time in clock ticks since boot (`/proc/<pid>/stat`, field 22); absent without /proc. */
  readonly start?: string | undefined;
}

interface ProcStat {
  /** R, S, D, Z (zombie: ended, not yet reaped), T, ... */
  readonly state: string;
  readonly start: string;
}

function procStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // Field 2, the command name, is in parentheses and may hold spaces and parentheses itself.
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  const [state, start] = [fields[0], fields[19]];
  return state !== undefined && start !== undefined ? { state, start } : undefined;
}

/** This process. */
export function thisProcess(): ProcessIdentity {
  return { pid: process.pid, start: procStat(process.pid)?.start };
}

/** A running process by its id, with its start time where the OS tells it. */
export function processIdentity(pid: number): ProcessIdentity {
  return { pid, start: procStat(pid)?.start };
}

/**
 * Whether the process still runs: its pid exists, is not a zombie, and (where /proc tells start
 * times) started when it did. Without /proc (macOS) the pid alone decides.
 */
export function isAlive(id: ProcessIdentity): boolean {
  try {
    process.kill(id.pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const stat = procStat(id.pid);
  // Gone between the two reads, or no /proc on this system.
  if (stat === undefined) return procStat(process.pid) === undefined;
  if (stat.state === "Z" || stat.state === "X") return false;
  return id.start === undefined || stat.start === id.start;
}

/**
 * Whether the process group led by `leader` (a job: its main process leads the group) still has a
 * live member, though the leader itself may have ended.
 */
export function groupAlive(leader: ProcessIdentity): boolean {
  return liveGroup(fs, leader.pid, leader.start);
}
