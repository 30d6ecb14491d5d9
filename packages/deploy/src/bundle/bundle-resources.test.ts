import { serialize } from "@batchflow/aws";
import { describe, expect, it } from "vitest";
import { DeployError } from "../errors.js";
import { bundleResources } from "./bundle-resources.js";
import { lockMachine, workflowFiles } from "./bundle-test-support.js";

const files = workflowFiles("w", { locks: true });
const manifest = JSON.parse(files["manifest.json"]!);

function problem(run: () => unknown): string {
  const error = (() => {
    try {
      run();
    } catch (e) {
      return e;
    }
  })();
  expect(error).toBeInstanceOf(DeployError);
  return `${(error as DeployError).code} ${(error as DeployError).message}`;
}

describe("bundleResources: the lock machine", () => {
  it("is lock-machine.asl.json, parsed, when the manifest names one", () => {
    expect(bundleResources("w", manifest, (path) => files[path])).toEqual({ lockMachine: lockMachine() });
  });

  it("is none when manifest.lockMachine is null, or missing (a bundle compiled before lock machines)", () => {
    const plain = JSON.parse(workflowFiles("w", { locks: false })["manifest.json"]!);
    expect(plain.lockMachine).toBeNull();
    expect(bundleResources("w", plain, () => undefined)).toEqual({});
    const { lockMachine: _, ...older } = plain;
    expect(bundleResources("w", older, () => undefined)).toEqual({});
  });

  it("refuses a definition that is not in the bundle, or not JSON (BF1613)", () => {
    expect(problem(() => bundleResources("w", manifest, () => undefined))).toBe(
      'BF1613 the manifest of workflow "w": lock-machine.asl.json is not in the bundle',
    );
    const read = (path: string) => (path === "lock-machine.asl.json" ? "{ not json" : files[path]);
    expect(problem(() => bundleResources("w", manifest, read))).toBe(
      'BF1613 the manifest of workflow "w": lock-machine.asl.json is not JSON',
    );
  });

  it("refuses a lock machine under another name than the one the state machine calls (BF1613)", () => {
    const renamed = { ...manifest, lockMachine: { ...manifest.lockMachine, name: "other-locks" } };
    expect(problem(() => bundleResources("w", renamed, (path) => files[path]))).toBe(
      'BF1613 the manifest of workflow "w": lockMachine is named "other-locks", but the state machine calls "w-locks"',
    );
  });

  it("reads the definition from the file the manifest names", () => {
    const moved = { ...manifest, lockMachine: { ...manifest.lockMachine, definition: "locks.json" } };
    const read = (path: string) => (path === "locks.json" ? serialize(lockMachine("team-locks")) : undefined);
    expect(bundleResources("w", moved, read).lockMachine).toEqual(lockMachine("team-locks"));
  });
});
