import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  type Manifest,
  type PolicyDocument,
  type RegisterTaskDefinitionInput,
  type ScheduleArtefact,
  type StateMachine,
  serialize,
} from "@batchflow/aws";
import { DeployError, deployErrorCode } from "../errors.js";
import type { BundleWorkflow } from "./bundle.js";
import { bundleResources } from "./bundle-resources.js";

const manifestFile = "manifest.json";

/**
 * Reads every workflow of a bundle directory (`dist/batchflow`): each `<workflow>/manifest.json`
 * and the files it lists, checking each file against the manifest's sha256 so that a hand-edited
 * or half-copied bundle is never deployed.
 */
export async function readBundle(dir: string): Promise<BundleWorkflow[]> {
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
  if (names.length === 0) {
    throw new DeployError({
      code: deployErrorCode.noBundle,
      message: `${dir} holds no compiled workflow (no <workflow>/manifest.json)`,
      hint: "run batchflow compile first, or deploy without --no-compile",
    });
  }
  return Promise.all(names.map((name) => readWorkflow(join(dir, name), name)));
}

async function readWorkflow(dir: string, name: string): Promise<BundleWorkflow> {
  const bad = (message: string) =>
    new DeployError({
      code: deployErrorCode.badBundle,
      message: `${join(dir, manifestFile)}: ${message}`,
      hint: "recompile (batchflow compile) instead of editing files in the bundle; deploy checks every file against the manifest",
      workflow: name,
    });
  const manifest = JSON.parse(await readFile(join(dir, manifestFile), "utf8")) as Manifest;
  if (manifest.format !== 1) throw bad(`unsupported manifest format ${JSON.stringify(manifest.format)}`);
  if (manifest.workflow !== name) throw bad(`the manifest is for workflow "${manifest.workflow}"`);
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
    schedule: manifest.schedule ? json<ScheduleArtefact>(manifest.schedule.file) : undefined,
    policies,
    ...bundleResources(name, manifest, (path) => texts.get(path)),
  };
}

function sha256(text: string): string {
  return `sha256:${createHash("sha256").update(text).digest("hex")}`;
}
