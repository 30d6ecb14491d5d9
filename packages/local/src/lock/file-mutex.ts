import { randomBytes } from "node:crypto";
import { closeSync, openSync, readFileSync, rmSync, statSync, unlinkSync, writeSync } from "node:fs";
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
const takePattern = /^[\w-]{1,36}$/;

/**
 * Takes the inter-process mutex of `file` (`<file>.lock`, a small file naming its holder) and resolves
 * to the function that gives it back. The file is created with O_EXCL, so of any number of takers, in
 * one process or many, exactly one creates it. A holder that died in the few milliseconds it holds
 * the mutex (a run killed with `kill -9`) is recognised by its pid and start time, as lock holders
 * are (`isAlive`), and its file is removed at once (`removeStale`); a live holder is waited for,
 * polling with growing, jittered pauses, for at most `giveUpMs`.
 */
export async function takeFileMutex(file: string): Promise<() => void> {
  return take(`${file}.lock`, Date.now() + giveUpMs);
}

async function take(path: string, deadline: number): Promise<() => void> {
  me ??= thisProcess();
  const text = `${JSON.stringify({ ...me, take: randomBytes(6).toString("base64url") } satisfies MutexHolder)}\n`;
  for (let pause: number = pollMs.first; ; pause = Math.min(pause * 2, pollMs.most)) {
    if (tryCreate(path, text)) return () => giveBack(path, text);
    const holder = readHolder(path);
    if (holder === undefined) continue;
    if (holder.stale) {
      await removeStale(path, holder, deadline);
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`${path} is held by ${holder.describe} and was not given back in ${giveUpMs / 1000} s`);
    }
    await sleep(pause * (0.5 + Math.random()));
  }
}

/**
 * Removes the file of a holder that died. Deleting a file is not conditional, and a taker that saw
 * the dead holder a moment ago could otherwise delete the file a live holder created since. So the
 * removers of one dead holder first take a mutex of their own, named after it (`<path>~<its take>`,
 * the same kind of mutex, so a remover that dies is itself removed this way); holding it, the
 * remover reads the file again and deletes it only if it still names that dead holder. Only the
 * holders of that mutex ever delete a file naming the dead holder, so between that read and the
 * delete nobody can replace it.
 */
async function removeStale(path: string, seen: SeenHolder, deadline: number): Promise<void> {
  const release = await take(`${path}~${seen.key}`, deadline);
  try {
    const now = readHolder(path);
    if (now?.stale && now.key === seen.key) rmSync(path, { recursive: true, force: true });
  } finally {
    release();
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
  /**
   * Which holder: its take, or `unnamed` for a file that names none (all such files are removed
   * under one mutex, and only once they are old).
   */
  readonly key: string;
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
    return { key: holder.take, stale: !isAlive(holder), describe: `process ${holder.pid}` };
  }
  let ageMs: number;
  try {
    ageMs = Date.now() - statSync(path).mtimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  return { key: "unnamed", stale: ageMs > unnamedStaleMs, describe: "a process that did not name itself" };
}

function parseHolder(text: string): MutexHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<MutexHolder>;
    // The take names the remover's mutex file, so it may hold no path characters.
    return typeof value.pid === "number" && typeof value.take === "string" && takePattern.test(value.take)
      ? (value as MutexHolder)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Deletes the mutex file if it is still this take's (it is, unless this process was taken for dead). */
function giveBack(path: string, text: string): void {
  try {
    if (readFileSync(path, "utf8") === text) unlinkSync(path);
  } catch {
    // Already gone: nothing is left to give back.
  }
}
