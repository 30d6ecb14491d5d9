import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

/**
 * A new run id and its log directory `<root>/.batchflow/runs/<run-id>`. Run ids sort by start time
 * (UTC, to the millisecond) and end with random hex, so two runs never share one; they use only
 * characters safe in file names and Docker container names.
 */
export function createRunDirectory(root: string, now = new Date()): { runId: string; dir: string } {
  const runs = join(root, ".batchflow", "runs");
  mkdirSync(runs, { recursive: true });
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").replace(".", "-").replace("Z", "");
  for (;;) {
    const runId = `${stamp}-${randomBytes(2).toString("hex")}`;
    const dir = join(runs, runId);
    try {
      mkdirSync(dir);
      return { runId, dir };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
}
