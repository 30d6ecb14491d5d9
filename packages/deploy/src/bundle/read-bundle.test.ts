import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serializeBundleManifest } from "@batchflow/aws";
import { afterEach, describe, expect, it } from "vitest";
import { DeployError } from "../errors.js";
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
