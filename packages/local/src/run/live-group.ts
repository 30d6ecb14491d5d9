import type * as fs from "node:fs";

/** The two calls of `node:fs` that read `/proc`. */
export type ProcFiles = Pick<typeof fs, "readFileSync" | "readdirSync">;

/**
 * Whether the process group `pgid`, led by the process that started at `leaderStart` (clock ticks
 * since boot, `/proc/<pid>/stat` field 22), still has a live member. A zombie is not live: once a
 * run's jobs are orphaned, an init that reaps nothing would otherwise keep their group "alive" for
 * ever. A live process with the leader's pid but another start time means the group is gone: Linux
 * gives no process a pid that is still in use as a group id. Without /proc (macOS) the group's
 * answer to signal 0 decides.
 *
 * Self-contained (only `process` and its arguments) because the run supervisor, a separate node
 * process started from its source text, runs this same function.
 */
export function liveGroup(files: ProcFiles, pgid: number, leaderStart: string | undefined): boolean {
  try {
    process.kill(-pgid, 0);
  } catch (error) {
    // EPERM: a member belongs to another user (a job that ran sudo); it exists.
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  /** The fields after the command name (which may hold spaces and parentheses): state, ppid, pgrp, … */
  const statOf = (pid: string): string[] | undefined => {
    try {
      const text = files.readFileSync(`/proc/${pid}/stat`, "utf8");
      return text.slice(text.lastIndexOf(")") + 2).split(" ");
    } catch {
      return undefined;
    }
  };
  const live = (fields: string[]): boolean => fields[0] !== "Z" && fields[0] !== "X";
  const leader = statOf(String(pgid));
  if (leader !== undefined && live(leader)) return leaderStart === undefined || leader[19] === leaderStart;
  // The leader has ended; its group answered: look for a member that has not.
  let entries: string[];
  try {
    entries = files.readdirSync("/proc");
  } catch {
    return true;
  }
  const group = String(pgid);
  for (const entry of entries) {
    const first = entry.charCodeAt(0);
    if (first < 48 || first > 57) continue;
    const fields = statOf(entry);
    if (fields !== undefined && fields[2] === group && live(fields)) return true;
  }
  return false;
}

/**
 * The process groups (by id) of the live processes whose environment holds `variable=value`: the
 * processes of a job that was spawned but never recorded by pid. Reads every process's
 * `/proc/<pid>/environ` (its environment when it started), so it is kept for the rare case of a
 * runner that died in that gap. Self-contained, as `liveGroup`; empty without /proc.
 */
export function groupsWithVariable(files: ProcFiles, variable: string, value: string): number[] {
  const wanted = `${variable}=${value}`;
  let entries: string[];
  try {
    entries = files.readdirSync("/proc");
  } catch {
    return [];
  }
  const groups = new Set<number>();
  for (const entry of entries) {
    const first = entry.charCodeAt(0);
    if (first < 48 || first > 57) continue;
    try {
      if (!files.readFileSync(`/proc/${entry}/environ`, "latin1").split("\0").includes(wanted)) continue;
      const stat = files.readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (fields[0] !== "Z" && fields[0] !== "X") groups.add(Number(fields[2]));
    } catch {
      // Gone, or another user's: not a job of this run.
    }
  }
  return [...groups];
}
