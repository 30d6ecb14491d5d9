import { lstatSync } from "node:fs";
import { copyFile, lstat, mkdir, open, readdir, readlink, symlink } from "node:fs/promises";
import { dirname, join } from "node:path";

/** Whether something (a file, a directory, a symbolic link, dangling or not) is at `path`. */
export function present(path: string): boolean {
  return lstatSync(path, { throwIfNoEntry: false }) !== undefined;
}

/**
 * Creates the directory `path` and its missing parents. Not `mkdir(path, { recursive: true })`:
 * Node's loops forever when a parent exists but refuses new entries with ENOENT (`/proc/self/x`).
 */
export async function makeDirs(path: string): Promise<void> {
  const missing: string[] = [];
  for (let p = path; !present(p) && p !== dirname(p); p = dirname(p)) missing.unshift(p);
  for (const p of missing) {
    await mkdir(p).catch((error: NodeJS.ErrnoException) => {
      // Another process created it meanwhile.
      if (error.code !== "EEXIST" || !lstatSync(p).isDirectory()) throw error;
    });
  }
}

/** Creates `path` with `contents` and flushes it to the disk before returning. */
export async function writeDurable(path: string, contents: string): Promise<void> {
  const file = await open(path, "wx");
  try {
    await file.writeFile(contents);
    await file.sync();
  } finally {
    await file.close();
  }
}

/** Flushes a directory's entries (files created or renamed in it) to the disk. */
export async function syncDir(path: string): Promise<void> {
  const dir = await open(path, "r");
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

/**
 * Copies `from` to `to` (which must not exist): directories recursively, files flushed to the
 * disk, symbolic links as links.
 */
export async function copyDurable(from: string, to: string): Promise<void> {
  const stat = await lstat(from);
  if (stat.isSymbolicLink()) {
    await symlink(await readlink(from), to);
  } else if (stat.isDirectory()) {
    await mkdir(to, { mode: stat.mode & 0o7777 });
    for (const name of (await readdir(from)).sort()) await copyDurable(join(from, name), join(to, name));
    await syncDir(to);
  } else {
    await copyFile(from, to);
    const file = await open(to, "r+");
    try {
      await file.sync();
    } finally {
      await file.close();
    }
  }
}
