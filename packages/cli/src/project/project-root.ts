import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { configFileNames } from "../load/load-config.js";

/**
 * The project a command works on, found from any folder inside it: the nearest directory upwards
 * from `cwd` that holds a `batchflow.config.*`, else the nearest that holds a `package.json`,
 * else `cwd` itself.
 */
export function findProjectRoot(cwd: string): string {
  return (
    nearestUp(cwd, (dir) => configFileNames.some((name) => existsSync(join(dir, name)))) ??
    nearestUp(cwd, (dir) => existsSync(join(dir, "package.json"))) ??
    cwd
  );
}

function nearestUp(start: string, holds: (dir: string) => boolean): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    if (holds(dir)) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}
