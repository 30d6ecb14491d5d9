// `batchflow compile` killed at 50 exact steps of its write and switch (SIGKILL, SIGINT, SIGTERM):
// after each, the output on disk, once the next command has run its recovery, is wholly the
// previous output or wholly the new one, nothing is left beside it, and deploy's reader accepts it.
// The next command's recovery runs here, in-process (readOutput: what compile, plan and deploy run
// first); test/atomic-output.test.ts runs it through the CLI, with its messages, for each leftover.
//
// The kill points are steps, not moments: test/support/kill-preload.mjs counts the CLI's own calls
// that change the disk and signals the process before call N. A dry run lists the steps; every
// step of the switch is killed at, and the rest are drawn at random (seed printed on failure).
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { type Recovered, readOutput } from "@batchflow/cli";
import { readBundle } from "@batchflow/deploy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCliAsync } from "./support/cli-async.js";
import { CliProject, requireBuild, workflowFile } from "./support/cli-project.js";
import { type KillPoint, readSteps, runWithKill, seededRandom, treeOf } from "./support/kill-compile.js";

const v1 = {
  "workflows/a.ts": workflowFile(`export const a = workflow("a", options, job("x").then(job("y")));`),
  "workflows/b.ts": workflowFile(`export const b = workflow("b", options, job("z"));`),
  "workflows/gone.ts": workflowFile(`export const gone = workflow("gone", options, job("g"));`),
};
/** a changes, b stays, gone is deleted, added is new. */
const v2 = {
  "workflows/a.ts": workflowFile(
    `export const a = workflow("a", options, job("x").then(parallel(job("y"), job("w"))));`,
  ),
  "workflows/added.ts": workflowFile(`export const added = workflow("added", options, job("n"));`),
};

interface Scenario {
  readonly name: "all" | "some";
  readonly args: ReadonlyArray<string>;
  /** The output after an uninterrupted compile. */
  next: Record<string, string>;
  steps: Array<{ call: string; path: string }>;
}

/** A project holding v2's sources whose output is v1's, and a pristine copy of that output. */
class Lane {
  readonly project = new CliProject();
  readonly dist = join(this.project.dir, "dist");
  readonly out = join(this.dist, "batchflow");
  readonly pristine = join(this.project.dir, "pristine-dist");
  previous: Record<string, string> = {};

  /** Compiles v1 here, or takes `first`'s output (the output does not depend on the project's path). */
  async setUp(first?: Lane): Promise<void> {
    if (first === undefined) {
      for (const [path, contents] of Object.entries(v1)) this.project.write(path, contents);
      expect((await runCliAsync(["compile"], this.project.dir)).status).toBe(0);
      // Not batchflow's: carried over by every compile.
      this.project.write("dist/batchflow/not-ours/notes.txt", "kept\n");
      this.project.remove("workflows");
    }
    cpSync(first?.pristine ?? this.dist, this.pristine, { recursive: true });
    this.restore();
    this.previous = treeOf(this.out);
    for (const [path, contents] of Object.entries(v2)) this.project.write(path, contents);
  }

  restore(): void {
    rmSync(this.dist, { recursive: true, force: true });
    cpSync(this.pristine, this.dist, { recursive: true });
  }

  beside(): string[] {
    return readdirSync(this.dist).sort();
  }
}

const seed = Number(process.env.BF_KILL_SEED ?? Date.now() % 1_000_000);
const lanes = [new Lane(), new Lane(), new Lane()];
const scenarios: Scenario[] = [
  { name: "all", args: ["compile"], next: {}, steps: [] },
  { name: "some", args: ["compile", "workflows/a.ts"], next: {}, steps: [] },
];
const logDir = mkdtempSync(join(tmpdir(), "bf-kill-"));

beforeAll(async () => {
  requireBuild();
  const lane = lanes[0]!;
  await lane.setUp();
  for (const other of lanes.slice(1)) await other.setUp(lane);
  for (const scenario of scenarios) {
    lane.restore();
    const log = join(logDir, `${scenario.name}.log`);
    const dry = await runWithKill(
      scenario.args,
      lane.project.dir,
      lane.dist,
      { at: 0, signal: "SIGKILL" },
      log,
    );
    expect(dry.stderr).toBe("");
    expect(dry.status).toBe(0);
    scenario.next = treeOf(lane.out);
    scenario.steps = readSteps(log);
  }
}, 60_000);

afterAll(() => {
  for (const lane of lanes) lane.project.dispose();
  rmSync(logDir, { recursive: true, force: true });
});

/**
 * 50 kill points, as issue 9 asks: every step from the last one before the switch's first rename
 * on (14 in all: the steps where the outcome changes), and 36 drawn at random.
 */
function killPoints(): Array<{ scenario: Scenario; point: KillPoint }> {
  const random = seededRandom(seed);
  const points: Array<{ scenario: Scenario; point: KillPoint }> = [];
  const draw = (scenario: Scenario, signal: KillPoint["signal"], n: number) => {
    for (let i = 0; i < n; i++) {
      points.push({ scenario, point: { at: 1 + Math.floor(random() * scenario.steps.length), signal } });
    }
  };
  const [all, some] = scenarios as [Scenario, Scenario];
  for (const scenario of scenarios) {
    const firstRename = scenario.steps.findIndex((s) => s.call === "rename");
    for (let at = firstRename; at <= scenario.steps.length; at++) {
      points.push({ scenario, point: { at, signal: "SIGKILL" } });
    }
  }
  draw(all, "SIGKILL", 26 - points.filter((p) => p.scenario === all).length);
  draw(some, "SIGKILL", 36 - points.length);
  draw(all, "SIGINT", 5);
  draw(some, "SIGINT", 2);
  draw(all, "SIGTERM", 5);
  draw(some, "SIGTERM", 2);
  return points;
}

describe("batchflow compile, killed at any step", () => {
  it("leaves the previous output or the new one, whole, once the next command has run", async () => {
    const started = performance.now();
    const [all, some] = scenarios as [Scenario, Scenario];
    // The switch is two renames back to back, as the design says.
    for (const scenario of scenarios) {
      const renames = scenario.steps.filter((s) => s.call === "rename").map((s) => s.path);
      expect(renames).toEqual([
        lanes[0]!.out,
        expect.stringMatching(/\/dist\/\.batchflow\.staging-\d+-[0-9a-f]+$/),
      ]);
    }
    expect(all.next).not.toEqual(lanes[0]!.previous);
    expect(some.next).not.toEqual(all.next);

    const points = killPoints();
    expect(points).toHaveLength(50);
    const outcomes: Record<string, number> = {};
    const queue = [...points.entries()];
    await Promise.all(
      lanes.map(async (lane) => {
        for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
          const [i, { scenario, point }] = item;
          const where = `kill ${i} (seed ${seed}): ${scenario.name}, ${point.signal} before step ${point.at} ${JSON.stringify(scenario.steps[point.at - 1])}`;
          const outcome = await killOnce(lane, scenario, point, where);
          outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
        }
      }),
    );
    // The kills hit both sides of the switch, and its middle in both scenarios.
    expect(Object.keys(outcomes).sort()).toEqual([
      "new",
      "previous",
      "previous (killed between the renames)",
    ]);
    expect(outcomes["previous (killed between the renames)"]).toBeGreaterThanOrEqual(2);
    console.log(
      `50 kills in ${Math.round(performance.now() - started)} ms (seed ${seed}): ${JSON.stringify(outcomes)}`,
    );
  }, 120_000);
});

async function killOnce(lane: Lane, scenario: Scenario, point: KillPoint, where: string): Promise<string> {
  lane.restore();
  const run = await runWithKill(scenario.args, lane.project.dir, lane.dist, point);
  let between = false;
  const which = (tree: Record<string, string>) =>
    JSON.stringify(tree) === JSON.stringify(lane.previous)
      ? "previous"
      : JSON.stringify(tree) === JSON.stringify(scenario.next)
        ? "new"
        : "neither";

  if (point.signal === "SIGKILL") {
    expect(run.signal, where).toBe("SIGKILL");
    // Even before any recovery, the output directory is never a mix: it is one tree or missing,
    // and missing only between the two renames, with the previous tree whole beside it.
    const raw = lane.beside().includes("batchflow") ? treeOf(lane.out) : undefined;
    if (raw === undefined) {
      expect(which(treeOf(join(lane.dist, ".batchflow.previous"))), where).toBe("previous");
      between = true;
    } else {
      expect(which(raw), where).not.toBe("neither");
    }
  } else {
    // SIGINT and SIGTERM are held until the write stops at a safe point, which cleans up first.
    const code = point.signal === "SIGINT" ? 130 : 143;
    expect(run.status, `${where}\n${run.stderr}`).toBe(code);
    expect(run.stderr, where).toMatch(/error BF1416: interrupted by SIG(INT|TERM): /);
    expect(lane.beside(), where).toEqual(["batchflow"]);
    expect(which(treeOf(lane.out)), where).not.toBe("neither");
  }

  // The next command repairs first, then reads what plan and deploy --no-compile read: complete,
  // and the workflows of that tree. Nothing is left beside the output.
  const repairs: Recovered[] = [];
  const bundle = await readOutput(lane.out, readBundle, (done) => repairs.push(...done));
  const repaired = repairs.map((r) => `${r.action} ${relative(lane.dist, r.path)}: ${r.what}`);
  if (between) {
    expect(repaired, where).toContain(
      "restored .batchflow.previous: the previous output of a compile killed between the two renames of its switch",
    );
  }
  expect(lane.beside(), `${where}\n${repaired.join("\n")}`).toEqual(["batchflow"]);
  const outcome = which(treeOf(lane.out));
  expect(outcome, where).not.toBe("neither");
  const names = (tree: Record<string, string>) =>
    [...new Set(Object.keys(tree).map((p) => p.split("/")[0]!))].filter((n) => tree[`${n}/manifest.json`]);
  expect(bundle.map((w) => w.name).sort(), where).toEqual(
    names(outcome === "new" ? scenario.next : lane.previous).sort(),
  );
  return between ? `${outcome} (killed between the renames)` : outcome;
}
