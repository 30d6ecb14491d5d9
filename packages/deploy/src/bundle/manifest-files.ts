import { DeployError, deployErrorCode } from "../errors.js";

/**
 * The files a manifest names, read by `read(path)` and parsed as JSON; `bad(message)` is the
 * refusal of the bundle (BF1613) that names the manifest's workflow, service or task.
 */
export function manifestFiles(
  kind: "workflow" | "service" | "task",
  name: string,
  read: (path: string) => string | undefined,
): { bad: (message: string) => DeployError; json: <T>(file: string) => T } {
  const bad = (message: string) =>
    new DeployError({
      code: deployErrorCode.badBundle,
      message: `the manifest of ${kind} "${name}": ${message}`,
      hint: "recompile (batchflow compile) instead of editing files in the bundle",
      workflow: name,
    });
  const json = <T>(file: string): T => {
    const text = read(file);
    if (text === undefined) throw bad(`${file} is not in the bundle`);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw bad(`${file} is not JSON`);
    }
  };
  return { bad, json };
}
