import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import type * as fs from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { WorkflowOutput } from "./workflow-output.js";
import { writeBundle } from "./write-bundle.js";

// Renames fail on demand, to show that a failure part-way through leaves the old output whole.
const failing = vi.hoisted(() => ({ at: 0, calls: 0 }));
vi.mock("node:fs/promises", async (importOriginal) => {
  const real = await importOriginal<typeof fs>();
  return {
    ...real,
    rename: async (from: string, to: string) => {
      failing.calls++;
      if (failing.calls === failing.at)
        throw Object.assign(new Error("injected rename failure"), { code: "EIO" });
      return real.rename(from, to);
    },
  };
});

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  failing.at = 0;
  failing.calls = 0;
});

function outputs(version: string, names: string[]): WorkflowOutput[] {
  return names.map((name) => ({
    name,
    files: [
      { path: "manifest.json", contents: `{"v":"${version}"}\n` },
      { path: "iam/role.json", contents: `${name} ${version}\n` },
    ],
  }));
}

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile())
      out[join(e.parentPath, e.name).slice(dir.length + 1)] = readFileSync(
        join(e.parentPath, e.name),
        "utf8",
      );
  }
  return out;
}

describe("writeBundle", () => {
  it("writes every workflow and prunes ones no longer produced", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bf-write-"));
    dirs.push(dir);
    await writeBundle(dir, outputs("1", ["a", "b", "gone"]), { prune: true });
    const pruned = await writeBundle(dir, outputs("2", ["a", "b"]), { prune: true });
    expect(pruned).toEqual(["gone"]);
    expect(snapshot(dir)).toEqual({
      "a/iam/role.json": "a 2\n",
      "a/manifest.json": '{"v":"2"}\n',
      "b/iam/role.json": "b 2\n",
      "b/manifest.json": '{"v":"2"}\n',
    });
  });

  it("leaves the previous output exactly as it was when any rename fails", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bf-write-"));
    dirs.push(dir);
    const v1 = outputs("1", ["a", "b", "gone"]);
    const v2 = outputs("2", ["a", "b"]);
    await writeBundle(dir, v1, { prune: true });
    const before = snapshot(dir);

    // Count the renames a successful v2 write makes, then put v1 back.
    failing.calls = 0;
    failing.at = Number.POSITIVE_INFINITY;
    await writeBundle(dir, v2, { prune: true });
    const renames = failing.calls;
    expect(renames).toBe(5);
    await writeBundle(dir, v1, { prune: true });

    for (let k = 1; k <= renames; k++) {
      failing.calls = 0;
      failing.at = k;
      await expect(writeBundle(dir, v2, { prune: true })).rejects.toThrow("injected rename failure");
      expect(snapshot(dir), `failure at rename ${k}`).toEqual(before);
      expect(readdirSync(dir).filter((n) => n.startsWith(".staging"))).toEqual([]);
    }
    expect(existsSync(join(dir, "gone"))).toBe(true);
  });
});
