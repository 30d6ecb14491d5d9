import { randomBytes } from "node:crypto";
import { basename, dirname, join, parse, relative, resolve } from "node:path";
import { outputError, outputErrorCode } from "./output-errors.js";

/**
 * Where one output directory lives and the names batchflow uses beside it, in the same parent so
 * that every rename stays on one file system (`dist/batchflow` → `dist/.batchflow.*`):
 *
 * - `.batchflow.staging-<pid>-<random>`: the next output, written whole before the switch;
 * - `.batchflow.previous`: the output being replaced, between the switch's two renames;
 * - `.batchflow.lock-<pid>`: held while one process recovers, writes, switches or reads the output.
 */
export interface OutputPaths {
  readonly out: string;
  readonly parent: string;
  readonly previous: string;
  stagingName(pid: number): string;
  /** The pid in a staging folder's name; undefined when `name` is not one of this output's. */
  stagingPid(name: string): number | undefined;
  lockName(pid: number): string;
  lockPid(name: string): number | undefined;
}

export function outputPaths(outDir: string): OutputPaths {
  const out = resolve(outDir);
  const parent = dirname(out);
  const base = basename(out);
  const staging = `.${base}.staging-`;
  const lock = `.${base}.lock-`;
  return {
    out,
    parent,
    previous: join(parent, `.${base}.previous`),
    stagingName: (pid) => `${staging}${pid}-${randomBytes(4).toString("hex")}`,
    stagingPid: (name) => pidAfter(name, staging, /^(\d+)-[0-9a-f]+$/),
    lockName: (pid) => `${lock}${pid}`,
    lockPid: (name) => pidAfter(name, lock, /^(\d+)$/),
  };
}

function pidAfter(name: string, prefix: string, rest: RegExp): number | undefined {
  if (!name.startsWith(prefix)) return undefined;
  const match = rest.exec(name.slice(prefix.length));
  return match ? Number(match[1]) : undefined;
}

/**
 * Refuses an output directory that batchflow must not replace as a whole: the file system root,
 * the project directory or one of its parents (BF1417).
 */
export function checkOutDir(root: string, outDir: string): void {
  const out = resolve(outDir);
  const fromOut = relative(out, resolve(root));
  const holdsProject = fromOut === "" || (!fromOut.startsWith("..") && !fromOut.startsWith("/"));
  if (out === parse(out).root || holdsProject) {
    throw outputError(
      outputErrorCode.unsafeOut,
      `the output directory ${out} ${out === parse(out).root ? "is the file system root" : "is the project directory or holds it"}; batchflow replaces its output directory as a whole`,
      "pass --out a directory of its own, such as dist/batchflow (the default)",
    );
  }
}
