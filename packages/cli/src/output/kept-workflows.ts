import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { bundleManifestFile, compareBundle, parseBundleManifest } from "@batchflow/aws";
import { present } from "./durable-fs.js";
import { outputError, outputErrorCode } from "./output-errors.js";
import { manifestFile } from "./workflow-output.js";

/**
 * A compile of some files keeps the output's other workflows; they must be a complete bundle
 * (the folders and manifests its bundle.json lists), or the new bundle.json would vouch for a
 * bundle with a workflow missing or from another compile (BF1418). The workflows compiled now
 * replace theirs, so what is wrong with those does not count.
 */
export async function checkKeptWorkflows(
  out: string,
  workflowDirs: ReadonlyArray<string>,
  compiled: ReadonlySet<string>,
): Promise<void> {
  if (workflowDirs.every((name) => compiled.has(name)) && !present(join(out, bundleManifestFile))) return;
  const refuse = (why: string) =>
    outputError(
      outputErrorCode.incompleteOutput,
      `cannot add to ${out}: ${why}; nothing was written`,
      "run batchflow compile without file arguments: it writes every workflow of the project anew",
    );
  const path = join(out, bundleManifestFile);
  if (!present(path)) throw refuse(`it has no ${bundleManifestFile} (an older batchflow or a copy wrote it)`);
  const listed = parseBundleManifest(await readFile(path, "utf8"));
  if (typeof listed === "string") throw refuse(`its ${bundleManifestFile} cannot be read: ${listed}`);
  const found = await Promise.all(
    workflowDirs.map(async (name) => ({
      name,
      manifest: await readFile(join(out, name, manifestFile), "utf8"),
    })),
  );
  const wrong = compareBundle(listed, found).filter((d) => !compiled.has(d.workflow));
  if (wrong.length > 0) {
    const what = {
      missing: "is missing",
      extra: "is not in bundle.json",
      changed: "differs from bundle.json",
    };
    throw refuse(wrong.map((d) => `workflow "${d.workflow}" ${what[d.kind]}`).join(", "));
  }
}
