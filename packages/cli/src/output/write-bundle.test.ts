import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import type * as fs from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isBatchflowError } from "@batchflow/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { outputPaths } from "./output-paths.js";
import { recoverOutput } from "./recover-output.js";
import type { WorkflowOutput } from "./workflow-output.js";
import { writeBundle } from "./write-bundle.js";

// Every call that changes the disk fails on demand (as a full disk or an I/O error would), to
// show that a failure at any step leaves the previous output or the new one, whole.
const failing = vi.hoisted(() => ({ at: 0, calls: 0, log: [] as string[] }));
vi.mock("node:fs/promises", async (importOriginal) => {
  const real = await importOriginal<typeof fs>();
  const counted =
    <A extends unknown[], R>(name: string, call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      failing.calls++;
      failing.log.push(`${name} ${String(args[0])}`);
      if (failing.calls === failing.at)
        throw Object.assign(new Error(`injected ${name} failure`), { code: "EIO", path: String(args[0]) });
      return call(...args);
    };
  return {
    ...real,
    copyFile: counted("copyFile", real.copyFile),
    mkdir: counted("mkdir", real.mkdir),
    open: counted("open", real.open),
    rename: counted("rename", real.rename),
    rm: counted("rm", real.rm),
    symlink: counted("symlink", real.symlink),
    unlink: counted("unlink", real.unlink),
    writeFile: counted("writeFile", real.writeFile),
  };
});

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  failing.at = 0;
  failing.calls = 0;
  failing.log = [];
});

function tempOut(): string {
  const dir = mkdtempSync(join(tmpdir(), "bf-write-"));
  dirs.push(dir);
  return join(dir, "dist", "batchflow");
}

function outputs(version: string, names: string[]): WorkflowOutput[] {
  return names.map((name) => ({
    name,
    files: [
      { path: "manifest.json", contents: `{"workflow":"${name}","v":"${version}"}\n` },
      { path: "iam/role.json", contents: `${name} ${version}\n` },
    ],
  }));
}

/** Every file under `dir` by relative path, and every entry beside it. */
function snapshot(dir: string): { files: Record<string, string>; beside: string[] } {
  const files: Record<string, string> = {};
  if (existsSync(dir)) {
    for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      const path = join(e.parentPath, e.name);
      if (e.isFile()) files[path.slice(dir.length + 1)] = readFileSync(path, "utf8");
    }
  }
  return { files, beside: readdirSync(join(dir, "..")).sort() };
}

describe("writeBundle", () => {
  it("writes every workflow and bundle.json, prunes ones no longer produced, and leaves nothing beside", async () => {
    const out = tempOut();
    await writeBundle(out, outputs("1", ["a", "b", "gone"]), { prune: true });
    mkdirSync(join(out, "not-ours"));
    writeFileSync(join(out, "not-ours", "notes.txt"), "kept");
    const { pruned } = await writeBundle(out, outputs("2", ["a", "b"]), { prune: true });
    expect(pruned).toEqual(["gone"]);
    const { files, beside } = snapshot(out);
    expect(beside).toEqual(["batchflow"]);
    expect(Object.keys(files).sort()).toEqual([
      "a/iam/role.json",
      "a/manifest.json",
      "b/iam/role.json",
      "b/manifest.json",
      "bundle.json",
      "not-ours/notes.txt",
    ]);
    expect(files["a/iam/role.json"]).toBe("a 2\n");
    expect(JSON.parse(files["bundle.json"]!).workflows.map((w: { name: string }) => w.name)).toEqual([
      "a",
      "b",
    ]);
  });

  it("keeps the other workflows when compiling some, and bundle.json lists them all", async () => {
    const out = tempOut();
    await writeBundle(out, outputs("1", ["a", "b"]), { prune: true });
    await writeBundle(out, outputs("2", ["a"]), { prune: false });
    const { files } = snapshot(out);
    expect(files["a/iam/role.json"]).toBe("a 2\n");
    expect(files["b/iam/role.json"]).toBe("b 1\n");
    expect(JSON.parse(files["bundle.json"]!).workflows.map((w: { name: string }) => w.name)).toEqual([
      "a",
      "b",
    ]);
  });

  it("refuses to add to an output whose other workflows are not one complete bundle (BF1418)", async () => {
    const out = tempOut();
    await writeBundle(out, outputs("1", ["a", "b", "c"]), { prune: true });
    rmSync(join(out, "c"), { recursive: true });
    const before = snapshot(out);
    const error = await writeBundle(out, outputs("2", ["a"]), { prune: false }).catch((e: unknown) => e);
    expect(isBatchflowError(error) && error.code).toBe("BF1418");
    expect((error as Error).message).toContain('workflow "c" is missing');
    expect(snapshot(out)).toEqual(before);
    // A whole compile writes it anew.
    await writeBundle(out, outputs("2", ["a", "b", "c"]), { prune: true });
    expect(snapshot(out).files["c/iam/role.json"]).toBe("c 2\n");
  });

  it("leaves the previous output or the new one, whole, when any step fails", async () => {
    const out = tempOut();
    const v1 = outputs("1", ["a", "b", "gone"]);
    const v2 = outputs("2", ["a", "b", "new"]);
    await writeBundle(out, v2, { prune: true });
    const after = snapshot(out).files;
    await writeBundle(out, v1, { prune: true });
    const before = snapshot(out).files;

    // Count the calls a successful v2 write makes, then put v1 back.
    failing.calls = 0;
    failing.at = Number.POSITIVE_INFINITY;
    failing.log = [];
    await writeBundle(out, v2, { prune: true });
    const steps = [...failing.log];
    expect(steps.filter((s) => s.startsWith("rename"))).toEqual([
      `rename ${out}`,
      expect.stringMatching(/^rename .*\/dist\/\.batchflow\.staging-\d+-[0-9a-f]+$/),
    ]);
    await writeBundle(out, v1, { prune: true });

    const outcomes = new Set<string>();
    for (let k = 1; k <= steps.length; k++) {
      failing.calls = 0;
      failing.at = k;
      const result = await writeBundle(out, v2, { prune: true }).then(
        () => "written",
        (error: unknown) => {
          expect(isBatchflowError(error), `step ${k} (${steps[k - 1]}): ${error}`).toBe(true);
          return "failed";
        },
      );
      failing.at = 0;
      await recoverOutput(outputPaths(out));
      const { files, beside } = snapshot(out);
      expect(files, `failure at step ${k}: ${steps[k - 1]}`).toEqual(result === "written" ? after : before);
      // When releasing the lock fails, its file stays until this process is gone; the next
      // process removes it (output-lock.test.ts), and this one takes it again as its own.
      const others = beside.filter((name) => name !== `.batchflow.lock-${process.pid}`);
      expect(others, `failure at step ${k}: ${steps[k - 1]}`).toEqual(["batchflow"]);
      outcomes.add(result);
      if (result === "written") await writeBundle(out, v1, { prune: true });
    }
    // Failures before the switch keep the previous output; those after it (flushing, clean-up) the new.
    expect(outcomes).toEqual(new Set(["failed", "written"]));
  });
});
