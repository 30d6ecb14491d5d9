import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { cliBin, repoRoot, requireBuild } from "./support/cli-project.js";

/*
 * The live view needs a terminal: `script` (util-linux) gives the CLI a pseudo-terminal, sized with
 * stty, and records what it drew.
 */
describe("batchflow run on a terminal", () => {
  beforeAll(requireBuild);

  it("redraws a live view of every job in place, then prints the summary", () => {
    const command = `stty rows 40 cols 120; ${process.execPath} ${cliBin} run ads-hourly`;
    const result = spawnSync("script", ["-qec", command, "/dev/null"], {
      cwd: join(repoRoot, "examples/seed-migration"),
      encoding: "utf8",
      env: { ...process.env, TERM: "xterm-256color", JOB_SECONDS: "0.5" },
    });
    expect(result.error, "the `script` command (util-linux) is needed for this test").toBeUndefined();
    expect(result.status).toBe(0);
    const screen = result.stdout;
    expect(screen).toContain("\u001b[1A");
    const plain = stripVTControlCharacters(screen);
    expect(plain).toMatch(/hoge +running +\d+ms/);
    expect(plain).toMatch(/fuga +pending/);
    expect(plain).toMatch(/hoge +succeeded +1 +/);
    expect(plain).toMatch(/SUCCEEDED in /);
  });
});
