import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  bundleManifestFile,
  compareBundle,
  isServiceManifest,
  isTaskManifest,
  type Manifest,
  type PolicyDocument,
  type RegisterTaskDefinitionInput,
  type ScheduleArtefact,
  type StateMachine,
  serialize,
  type WorkflowManifestText,
} from "@batchflow/aws";
import { DeployError, deployErrorCode } from "../errors.js";
import { readBundleManifest, throwIncomplete } from "./bundle-complete.js";
import { bundleResources } from "./bundle-resources.js";
import { type BundleEntry, serviceFromFiles } from "./bundle-service.js";
import { taskFromFiles } from "./bundle-task.js";

const manifestFile = "manifest.json";

/**
 * Reads every workflow and service of a bundle directory (`dist/batchflow`): its `bundle.json`,
 * each `<workflow>/manifest.json` and the files it lists. The workflow folders must be exactly those
 * `bundle.json` lists, with the manifests it names (BF1640–BF1644), and each file must match its
 * manifest's sha256 (BF1613), so that an incomplete, mixed, hand-edited or half-copied bundle is
 * never deployed, nor pruned against.
 */
export async function readBundle(dir: string): Promise<BundleEntry[]> {
  if (!existsSync(dir)) {
    throw new DeployError({
      code: deployErrorCode.noBundle,
      message: `the bundle directory ${dir} does not exist`,
      hint: "run batchflow compile first, or deploy without --no-compile",
    });
  }
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory() && !e.name.startsWith(".") && existsSync(join(dir, e.name, manifestFile)))
    .map((e) => e.name)
    .sort();
  if (names.length === 0 && !existsSync(join(dir, bundleManifestFile))) {
    throw new DeployError({
      code: deployErrorCode.noBundle,
      message: `${dir} holds no compiled workflow (no <workflow>/manifest.json)`,
      hint: "run batchflow compile first, or deploy without --no-compile",
    });
  }
  const listed = await readBundleManifest(dir);
  const manifests = await Promise.all(
    names.map(async (name) => ({ name, manifest: await readFile(join(dir, name, manifestFile), "utf8") })),
  );
  // Folders first (a missing one is the likelier cause), then each workflow's own files, then
  // whether the manifests are those of one compile.
  const discrepancies = compareBundle(listed, manifests);
  throwIncomplete(dir, discrepancies, ["missing", "extra"]);
  if (names.length === 0) {
    throw new DeployError({
      code: deployErrorCode.noBundle,
      message: `${dir} holds no compiled workflow (its bundle.json lists none)`,
      hint: "run batchflow compile first, or deploy without --no-compile",
    });
  }
  const workflows = await Promise.all(manifests.map((m) => readWorkflow(join(dir, m.name), m)));
  throwIncomplete(dir, discrepancies, ["changed"]);
  return workflows;
}

async function readWorkflow(
  dir: string,
  { name, manifest: manifestText }: WorkflowManifestText,
): Promise<BundleEntry> {
  const bad = (message: string) =>
    new DeployError({
      code: deployErrorCode.badBundle,
      message: `${join(dir, manifestFile)}: ${message}`,
      hint: "recompile (batchflow compile) instead of editing files in the bundle; deploy checks every file against the manifest",
      workflow: name,
    });
  let manifest: Manifest;
  try {
    manifest = JSON.parse(manifestText) as Manifest;
  } catch {
    throw bad("it is not JSON");
  }
  if (manifest.format !== 1 && manifest.format !== 2)
    throw bad(`unsupported manifest format ${JSON.stringify(manifest.format)}`);
  const service = isServiceManifest(manifest) ? manifest : undefined;
  const task = isTaskManifest(manifest) ? manifest : undefined;
  if (!service && !task && manifest.workflow !== name)
    throw bad(`the manifest is for workflow "${manifest.workflow}"`);
  const texts = new Map<string, string>();
  for (const [path, hash] of Object.entries(manifest.files)) {
    const full = join(dir, path);
    if (!existsSync(full)) throw bad(`${path} is missing`);
    const text = await readFile(full, "utf8");
    if (sha256(text) !== hash) throw bad(`${path} does not match its hash in the manifest`);
    texts.set(path, text);
  }
  if (sha256(serialize(manifest.files)) !== manifest.bundleHash)
    throw bad("bundleHash does not match the files");
  if (service) return serviceFromFiles(name, service, (path) => texts.get(path));
  if (task) return taskFromFiles(name, task, (path) => texts.get(path));
  const json = <T>(path: string): T => {
    const text = texts.get(path);
    if (text === undefined) throw bad(`${path} is not listed in the manifest`);
    return JSON.parse(text) as T;
  };
  const taskDefinitions: Record<string, RegisterTaskDefinitionInput> = {};
  for (const t of manifest.taskDefinitions) taskDefinitions[t.family] = json(t.file);
  const policies: Record<string, PolicyDocument> = {};
  for (const role of manifest.roles) if (role.policy !== undefined) policies[role.policy] = json(role.policy);
  return {
    name,
    manifest,
    stateMachine: json<StateMachine>(manifest.stateMachine.definition),
    taskDefinitions,
    schedules: (manifest.schedules ?? (manifest.schedule ? [manifest.schedule] : [])).map((s) =>
      json<ScheduleArtefact>(s.file),
    ),
    policies,
    ...bundleResources(name, manifest, (path) => texts.get(path)),
  };
}

function sha256(text: string): string {
  return `sha256:${createHash("sha256").update(text).digest("hex")}`;
}
