import { lstat } from "node:fs/promises";
import { dirname } from "node:path";
import type { CliError } from "../cli-error.js";
import { isErrnoError, outputError, outputErrorCode } from "./output-errors.js";
import type { OutputPaths } from "./output-paths.js";

/**
 * A failed file system call on the output, as the coded error the CLI prints: what failed, where,
 * and what to do. `doing` completes "cannot …" ("write the output", "read the bundle").
 */
export async function fsProblem(
  error: NodeJS.ErrnoException,
  doing: string,
  paths: OutputPaths,
): Promise<CliError> {
  const where = error.path ?? paths.out;
  const beside = `batchflow works in ${paths.parent}: it takes a lock there, stages the new output beside ${paths.out} and renames it into place`;
  switch (error.code) {
    case "EEXIST":
    case "ENOTDIR": {
      const { path, kind } = await notADirectory(paths.out);
      return outputError(
        outputErrorCode.notADirectory,
        path === paths.out
          ? `cannot ${doing}: the output path ${paths.out} is ${kind}, not a directory`
          : `cannot ${doing}: ${path} is ${kind}, so the output directory ${paths.out} cannot be created under it`,
        "pass --out a directory (batchflow creates it when missing), or move that file away",
      );
    }
    case "EACCES":
    case "EPERM":
      return outputError(
        outputErrorCode.permissionDenied,
        `cannot ${doing}: permission denied on ${where} (${error.code})`,
        `${beside}: let this user write there, or pass --out a directory you can write`,
      );
    case "EROFS":
      return outputError(
        outputErrorCode.readOnly,
        `cannot ${doing}: ${where} is on a read-only file system`,
        `${beside}: pass --out a directory on a writable file system`,
      );
    case "ENOSPC":
    case "EDQUOT":
      return outputError(
        outputErrorCode.noSpace,
        `cannot ${doing}: no space left for ${where} (${error.code})`,
        "free some space (or raise the quota) and run the command again",
      );
    case "ENOENT":
      if (error.syscall === "mkdir") {
        return outputError(
          outputErrorCode.fileSystem,
          `cannot ${doing}: the directory ${where} cannot be created (ENOENT: its parent takes no new entries)`,
          "pass --out a directory on an ordinary, writable file system",
        );
      }
      return generic(error, doing, where);
    default:
      return generic(error, doing, where);
  }
}

function generic(error: NodeJS.ErrnoException, doing: string, where: string): CliError {
  return outputError(
    outputErrorCode.fileSystem,
    `cannot ${doing}: ${error.code} on ${where}: ${error.message}`,
    "fix the cause the system reports and run the command again",
  );
}

/** The output path itself, or the nearest of its parents, that exists and is not a directory. */
export async function notADirectory(out: string): Promise<{ path: string; kind: string }> {
  for (let path = out; path !== dirname(path); path = dirname(path)) {
    const stat = await lstat(path).catch(() => undefined);
    if (stat?.isDirectory()) break;
    if (stat)
      return {
        path,
        kind: stat.isFile() ? "a file" : stat.isSymbolicLink() ? "a symbolic link" : "not a directory",
      };
  }
  return { path: out, kind: "not a directory" };
}

/** Runs `work`, turning a failed file system call into the coded error that says what to do. */
export async function withFsProblems<T>(
  doing: string,
  paths: OutputPaths,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isErrnoError(error) && !("diagnostics" in error)) throw await fsProblem(error, doing, paths);
    throw error;
  }
}
