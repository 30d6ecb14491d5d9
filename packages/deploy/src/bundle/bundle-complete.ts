import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  type BundleDiscrepancy,
  type BundleManifest,
  bundleManifestFile,
  parseBundleManifest,
} from "@batchflow/aws";
import { DeployError, type DeployProblem, deployErrorCode } from "../errors.js";

const recompile = "run batchflow compile (without file arguments) to write the whole bundle again";

/** `<dir>/bundle.json`, the list of the workflows one compile wrote (BF1640, BF1641). */
export async function readBundleManifest(dir: string): Promise<BundleManifest> {
  const path = join(dir, bundleManifestFile);
  if (!existsSync(path)) {
    throw new DeployError({
      code: deployErrorCode.noBundleManifest,
      message: `${dir} has no ${bundleManifestFile}: it was not written by one whole batchflow compile (an interrupted or older compile, or files copied by hand), so whether it is complete cannot be checked`,
      hint: `${recompile}; deploy and --prune only trust a bundle that lists its workflows`,
    });
  }
  const parsed = parseBundleManifest(await readFile(path, "utf8"));
  if (typeof parsed === "string") {
    throw new DeployError({
      code: deployErrorCode.badBundleManifest,
      message: `${path} cannot be read: ${parsed}`,
      hint: `${recompile} instead of editing ${bundleManifestFile}`,
    });
  }
  return parsed;
}

/** Throws every discrepancy of the given kinds at once (BF1642, BF1643, BF1644). */
export function throwIncomplete(
  dir: string,
  discrepancies: ReadonlyArray<BundleDiscrepancy>,
  kinds: ReadonlyArray<BundleDiscrepancy["kind"]>,
): void {
  const problems = discrepancies.filter((d) => kinds.includes(d.kind)).map((d) => problem(dir, d));
  if (problems.length > 0) throw new DeployError(problems);
}

function problem(dir: string, { workflow, kind }: BundleDiscrepancy): DeployProblem {
  const folder = join(dir, workflow);
  switch (kind) {
    case "missing":
      return {
        code: deployErrorCode.workflowMissing,
        message: `the bundle is incomplete: ${bundleManifestFile} lists workflow "${workflow}", but ${folder} is missing; nothing was planned or deleted`,
        hint: `${recompile}; if you removed the workflow on purpose, that compile writes a bundle.json without it`,
        workflow,
      };
    case "extra":
      return {
        code: deployErrorCode.workflowExtra,
        message: `the bundle is mixed: ${folder} holds a compiled workflow that ${bundleManifestFile} does not list`,
        hint: `${recompile}; do not copy workflow folders between bundles`,
        workflow,
      };
    case "changed":
      return {
        code: deployErrorCode.workflowMixed,
        message: `the bundle is mixed: ${join(folder, "manifest.json")} is not the one ${bundleManifestFile} names (its sha256 differs): the folder comes from another compile or was edited`,
        hint: `${recompile} instead of editing or copying files in the bundle`,
        workflow,
      };
  }
}
