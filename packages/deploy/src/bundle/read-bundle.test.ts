import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { serializeBundleManifest } from "@batchflow/aws";
import { afterEach, describe, expect, it } from "vitest";
import { DeployError } from "../errors.js";
import { splitBundle } from "./bundle-service.js";
import {
  bundleWorkflow,
  lockMachine,
  notifyMachine,
  notifyRule,
  workflowFiles,
} from "./bundle-test-support.js";
import { readBundle } from "./read-bundle.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A bundle directory whose bundle.json lists `listed` and whose folders hold a manifest each. */
function bundle(listed: string[], folders: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "bf-read-"));
  dirs.push(dir);
  const manifest = (name: string) => `{"workflow":"${name}"}\n`;
  for (const name of folders) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, "manifest.json"), manifest(name));
  }
  writeFileSync(
    join(dir, "bundle.json"),
    serializeBundleManifest(listed.map((name) => ({ name, manifest: manifest(name) }))),
  );
  return dir;
}

async function problems(dir: string): Promise<string[]> {
  const error = await readBundle(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeployError);
  return (error as DeployError).diagnostics.map((d) => `${d.code} ${d.workflow ?? ""}`.trim());
}

describe("readBundle: is the bundle one whole compile?", () => {
  it("reports every missing and extra workflow folder at once, before reading any workflow", async () => {
    // The manifests are not valid ones: the folder check comes first, so they are never read.
    expect(await problems(bundle(["a", "b", "c"], ["b", "d"]))).toEqual(["BF1642 a", "BF1642 c", "BF1643 d"]);
  });

  it("a bundle.json that lists no workflow, beside no folder, is no bundle (BF1612)", async () => {
    expect(await problems(bundle([], []))).toEqual(["BF1612"]);
  });

  it("folders that are not workflows (no manifest.json, or a leading dot) do not count", async () => {
    const dir = bundle(["a"], ["a"]);
    mkdirSync(join(dir, "not-ours"));
    mkdirSync(join(dir, ".hidden"));
    writeFileSync(join(dir, ".hidden", "manifest.json"), "{}");
    // Past the completeness checks: the manifest itself is what is wrong now.
    expect(await problems(dir)).toEqual(["BF1613 a"]);
  });
});

/** A bundle directory of whole workflows: `<dir>/<workflow>/<path>` and a bundle.json listing them. */
function wholeBundle(workflows: Record<string, Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), "bf-read-"));
  dirs.push(dir);
  for (const [name, files] of Object.entries(workflows)) {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name, path)), { recursive: true });
      writeFileSync(join(dir, name, path), text);
    }
  }
  writeFileSync(
    join(dir, "bundle.json"),
    serializeBundleManifest(
      Object.entries(workflows).map(([name, files]) => ({ name, manifest: files["manifest.json"]! })),
    ),
  );
  return dir;
}

async function message(dir: string): Promise<string> {
  const error = await readBundle(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeployError);
  return `${(error as DeployError).code} ${(error as DeployError).message}`;
}

describe("readBundle: the lock machine", () => {
  const locked = workflowFiles("locked", { locks: true });
  const plain = workflowFiles("plain", { locks: false });

  it("reads lock-machine.asl.json of a workflow with locks, and none for one without", async () => {
    const read = splitBundle(await readBundle(wholeBundle({ locked, plain }))).workflows;
    expect(read).toEqual([bundleWorkflow(locked), bundleWorkflow(plain)]);
    expect(read[0]?.lockMachine).toEqual(lockMachine());
    expect(read[1]).not.toHaveProperty("lockMachine");
  });

  it("refuses a lock machine definition that was edited, or is missing (BF1613)", async () => {
    const dir = wholeBundle({ locked });
    const file = join(dir, "locked/lock-machine.asl.json");
    writeFileSync(file, JSON.stringify(lockMachine("other-locks")));
    expect(await message(dir)).toBe(
      `BF1613 ${join(dir, "locked/manifest.json")}: lock-machine.asl.json does not match its hash in the manifest`,
    );
    unlinkSync(file);
    expect(await message(dir)).toBe(
      `BF1613 ${join(dir, "locked/manifest.json")}: lock-machine.asl.json is missing`,
    );
  });
});

describe("readBundle: the notify machine and its rule", () => {
  const slack = workflowFiles("slack", { locks: false, notify: "slack" });

  it("reads notify-machine.asl.json and notify-rule.json as bundleFromCompiled does, beside the connection", async () => {
    const read = await readBundle(wholeBundle({ slack }));
    expect(read).toEqual([bundleWorkflow(slack)]);
    expect(read[0]).toMatchObject({
      notifyMachine: notifyMachine("slack"),
      notifyRule: notifyRule("slack"),
      notifyConnection: { Name: "slack-notify" },
    });
    expect(read[0]?.policies).toHaveProperty("iam/notify-role.json");
  });

  it("refuses a rule file that was edited (BF1613)", async () => {
    const dir = wholeBundle({ slack });
    writeFileSync(join(dir, "slack/notify-rule.json"), JSON.stringify(notifyRule("slack", ["FAILED"])));
    expect(await message(dir)).toBe(
      `BF1613 ${join(dir, "slack/manifest.json")}: notify-rule.json does not match its hash in the manifest`,
    );
  });
});
