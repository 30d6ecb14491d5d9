import { randomUUID } from "node:crypto";
import {
  closeSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { isAlive, type ProcessIdentity, thisProcess } from "../run/process-identity.js";

/** Who holds a mutex: a process (pid and start time) and one take of it by that process. */
interface MutexHolder extends ProcessIdentity {
  readonly take: string;
}

/**
 * A mutex file that names no holder (empty, half-written, or another batchflow's `<file>.lock`
 * directory) is stale once it is this old: a take holds it for a few milliseconds.
 */
export const unnamedStaleMs = 5_000;
/** How long a take waits for a holder that stays alive before it gives up. */
const giveUpMs = 20_000;
const pollMs = { first: 2, most: 50 } as const;

let me: ProcessIdentity | undefined;

/**
 * Takes the inter-process mutex of `file` (`<file>.lock`, a small file naming its holder) and resolves
 * to the function that gives it back. The file is created with O_EXCL, so of any number of takers, in
 * one process or many, exactly one creates it. A holder that died in the few milliseconds it holds
 * the mutex (a run killed with `kill -9`) is recognised by its pid and start time, as lock holders
 * are (`isAlive`), and its file is moved aside at once; a live holder is waited for, polling with
 * growing, jittered pauses, for at most `giveUpMs`.
 */
export async function takeFileMutex(file: string): Promise<() => void> {
  const path = `${file}.lock`;
  me ??= thisProcess();
  const text = `${JSON.stringify({ ...me, take: randomUUID() } satisfies MutexHolder)}\n`;
  const deadline = Date.now() + giveUpMs;
  for (let pause: number = pollMs.first; ; pause = Math.min(pause * 2, pollMs.most)) {
    if (tryCreate(path, text)) return () => giveBack(path, text);
    const holder = readHolder(path);
    if (holder === undefined) continue;
    if (holder.stale) {
      moveAside(path, holder.text);
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`${path} is held by ${holder.describe} and was not given back in ${giveUpMs / 1000} s`);
    }
    await sleep(pause * (0.5 + Math.random()));
  }
}

function tryCreate(path: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    writeSync(fd, text);
  } catch (error) {
    // A mutex naming nobody would hold every taker off for unnamedStaleMs.
    closeSync(fd);
    unlinkSync(path);
    throw error;
  }
  closeSync(fd);
  return true;
}

interface SeenHolder {
  /** The file's text when it was read (undefined for a directory), to move aside only that holder. */
  readonly text: string | undefined;
  readonly stale: boolean;
  readonly describe: string;
}

/** The mutex's holder as its file names it; undefined when the file is already gone. */
function readHolder(path: string): SeenHolder | undefined {
  let text: string | undefined;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    if (code !== "EISDIR") throw error;
  }
  const holder = text === undefined ? undefined : parseHolder(text);
  if (holder !== undefined) {
    return { text, stale: !isAlive(holder), describe: `process ${holder.pid}` };
  }
  let ageMs: number;
  try {
    ageMs = Date.now() - statSync(path).mtimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  return { text, stale: ageMs > unnamedStaleMs, describe: "a process that did not name itself" };
}

function parseHolder(text: string): MutexHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<MutexHolder>;
    return typeof value.pid === "number" && typeof value.take === "string"
      ? (value as MutexHolder)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Removes a stale mutex by renaming it first, which only one of several takers that saw it stale
 * can do. Should the renamed file not be the one this taker saw (a faster taker already replaced it
 * with a live holder's), it is put back at once.
 */
function moveAside(path: string, seen: string | undefined): void {
  const aside = `${path}.${randomUUID()}.stale`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  if (seen !== undefined) {
    let moved: string | undefined;
    try {
      moved = readFileSync(aside, "utf8");
    } catch {
      moved = undefined;
    }
    if (moved !== undefined && moved !== seen && tryCreate(path, moved)) {
      unlinkSync(aside);
      return;
    }
  }
  rmSync(aside, { recursive: true, force: true });
}

/** Deletes the mutex file if it is still this take's (it is, unless this process was taken for dead). */
function giveBack(path: string, text: string): void {
  try {
    if (readFileSync(path, "utf8") === text) unlinkSync(path);
  } catch {
    // Already gone: nothing is left to give back.
  }
}
