import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findProjectRoot } from "./project-root.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A directory tree: paths ending in `/` are directories, others empty files. */
function tree(paths: ReadonlyArray<string>): string {
  const root = mkdtempSync(join(tmpdir(), "bf-root-"));
  dirs.push(root);
  for (const path of paths) {
    const full = join(root, path);
    if (path.endsWith("/")) mkdirSync(full, { recursive: true });
    else {
      mkdirSync(join(full, ".."), { recursive: true });
      writeFileSync(full, "");
    }
  }
  return root;
}

describe("findProjectRoot", () => {
  it("takes the nearest directory with a batchflow config, even above a nearer package.json", () => {
    const root = tree(["batchflow.config.mts", "package.json", "tools/package.json", "tools/sub/"]);
    expect(findProjectRoot(join(root, "tools/sub"))).toBe(root);
    expect(findProjectRoot(root)).toBe(root);
  });

  it("else the nearest directory with a package.json", () => {
    const root = tree(["package.json", "app/package.json", "app/workflows/nested/"]);
    expect(findProjectRoot(join(root, "app/workflows/nested"))).toBe(join(root, "app"));
  });

  it("else the directory it starts from", () => {
    // tmpdir() has neither above it on a test machine; the start is kept.
    const root = tree(["a/b/"]);
    expect(findProjectRoot(join(root, "a/b"))).toBe(join(root, "a/b"));
  });
});
