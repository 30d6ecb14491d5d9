import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCrontab } from "../packages/cli/src/import/crontab-lines.js";
import { planImport } from "../packages/cli/src/import/import-plan.js";
import { sourceProject, workflowSource } from "../packages/cli/src/import/workflow-source.js";
import { awsCronFireTimes } from "../packages/core/src/schedule/aws-cron-matcher.test-helper.js";
import {
  cronerFireTimes,
  firstDifference,
  YEAR,
} from "../packages/core/src/schedule/crontab-fire-times.test-helper.js";
import { CRONTAB_NICKNAMES } from "../packages/core/src/schedule/crontab-nicknames.js";
import { CliProject, repoRoot, requireBuild, runCli } from "./support/cli-project.js";

const config = `import { defineConfig } from "@batchflow/batchflow";
export default defineConfig({ cluster: "batch", network: { subnets: ["subnet-hoge"] } });
`;
const image = "000000000000.dkr.ecr.ap-northeast-1.amazonaws.com/batch:production";

/** What a crontab line says about a job, read back from a compiled definition. */
interface JobDigest {
  readonly command: unknown;
  readonly timeout: unknown;
}

/** The members of a compiled state the digest reads. */
interface CompiledState {
  readonly Type?: string;
  readonly Error?: string;
  readonly Cause?: string;
  readonly TimeoutSeconds?: number;
  readonly Parameters?: {
    readonly Group?: string;
    readonly Input?: { readonly lock?: unknown };
    readonly Overrides?: { readonly ContainerOverrides?: ReadonlyArray<{ readonly Command?: unknown }> };
  };
}

/** Every job's command and timeout, and every lock's name and busy outcome, of a compiled workflow. */
function digest(bundle: string): { jobs: Record<string, JobDigest>; locks: string[]; schedule: string } {
  const definition = JSON.parse(readFileSync(join(bundle, "state-machine.asl.json"), "utf8"));
  const jobs: Record<string, JobDigest> = {};
  const locks = new Set<string>();
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== "object") return;
    const state = value as CompiledState;
    const group = state.Parameters?.Group;
    if (typeof group === "string" && group.startsWith("batchflow:")) {
      jobs[group.slice("batchflow:".length)] = {
        command: state.Parameters?.Overrides?.ContainerOverrides?.[0]?.Command,
        timeout: state.TimeoutSeconds,
      };
    }
    const lock = state.Parameters?.Input?.lock;
    if (typeof lock === "string") locks.add(lock);
    if (state.Type === "Fail" && typeof state.Cause === "string" && state.Cause.startsWith("lock ")) {
      locks.add(state.Cause);
    }
    if (state.Error === "Batchflow.LockSkipped") locks.add("skips when busy");
    for (const member of Object.values(state)) visit(member);
  };
  visit(definition);
  const schedule = JSON.parse(readFileSync(join(bundle, "schedule.json"), "utf8")).rule.ScheduleExpression;
  return { jobs, locks: [...locks].sort(), schedule };
}

describe("batchflow import crontab", () => {
  let project: CliProject;
  beforeAll(() => {
    requireBuild();
    project = new CliProject();
  });
  afterAll(() => project.dispose());

  it("imports the talk's crontab into workflows whose jobs compile as the hand-written example's", () => {
    project
      .write("batchflow.config.ts", config)
      .write("crontab", readFileSync(join(repoRoot, "examples/seed-migration/crontab"), "utf8"));
    const imported = project.run("import", "crontab", "crontab", "--group", "--image", image);
    expect(imported.stderr).toBe("");
    expect(imported.stdout).toContain(
      "4 schedule lines read from crontab (system crontab): 4 converted into 2 workflows, 0 not converted.",
    );
    expect(project.files("workflows")).toEqual(["crontab-import.md", "hourly-at-35.ts", "report.ts"]);
    expect(project.run("compile").status).toBe(0);

    // The example adds what a crontab cannot say (hoge before fuga and foo, the retry, Slack, a
    // workflow-level lock, its names); what each line says compiles the same.
    // The hand-written example, compiled here (its dist/ is not committed).
    const example = join(project.dir, "example-dist");
    expect(runCli(["compile", "--out", example], join(repoRoot, "examples/seed-migration")).status).toBe(0);
    const out = join(project.dir, "dist/batchflow");
    const hourly = digest(join(out, "hourly-at-35"));
    expect(hourly).toEqual(digest(join(example, "ads-hourly")));
    const report = digest(join(out, "report"));
    const exampleReport = digest(join(example, "ads-report"));
    expect(report.jobs).toEqual(exampleReport.jobs);
    expect(report.schedule).toBe(exampleReport.schedule);
    // The example locks its whole workflow, the import the one job (flock wraps the one command):
    // with one job, a busy lock skips the same work either way.
    expect(report.locks).toEqual(["fuga.lock"]);
    expect(exampleReport.locks).toContain("fuga.lock");
    expect(project.read("workflows/report.ts")).toContain('lock: { name: "fuga.lock", onBusy: "skip" }');

    // Refuses to overwrite, and writes nothing then.
    const again = project.run("import", "crontab", "crontab", "--group");
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/BF1429: .*exist already; nothing was written/);
  });

  it("writes files that type-check and that Biome leaves as they are", () => {
    project.write(
      "tsconfig.json",
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: "nodenext",
          moduleResolution: "nodenext",
          target: "es2022",
          noEmit: true,
          skipLibCheck: true,
        },
        include: ["workflows"],
      }),
    );
    project.write("biome.json", JSON.stringify({ formatter: { indentStyle: "space", lineWidth: 80 } }));
    const tsc = spawn(
      join(repoRoot, "node_modules/typescript/bin/tsc"),
      ["-p", "tsconfig.json"],
      project.dir,
    );
    expect(tsc.stdout + tsc.stderr).toBe("");
    const biome = spawn(
      join(repoRoot, "node_modules/@biomejs/biome/bin/biome"),
      ["format", "workflows"],
      project.dir,
    );
    expect(biome.status, biome.stdout + biome.stderr).toBe(0);
  });
});

describe("a corpus of real crontabs", () => {
  const dir = join(repoRoot, "test/fixtures/crontab-corpus");
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".crontab"))
    .sort();
  let project: CliProject;
  beforeAll(() => {
    requireBuild();
    project = new CliProject();
  });
  afterAll(() => project.dispose());

  it("converts or names every schedule line; every compiled schedule fires as cron would over a year", async () => {
    const sources = await sourceProject();
    let lines = 0;
    let unconverted = 0;
    const imported: { name: string; schedule: string; file: string }[] = [];
    for (const file of files) {
      const text = readFileSync(join(dir, file), "utf8");
      const format = /^# format: (user|system)$/m.exec(text)?.[1] as "user" | "system";
      const plan = planImport(readCrontab(text, format), { group: false });
      lines += plan.scheduleLines;
      const jobLines = plan.unconverted.filter((u) => !/^[A-Za-z_][A-Za-z0-9_]*\s*=/.test(u.text));
      unconverted += jobLines.length;
      // Nothing dropped: every schedule line is a job or a line named with its reason.
      expect(plan.workflows.length + jobLines.length, file).toBe(plan.scheduleLines);
      for (const finding of plan.unconverted) expect(finding.reason, `${file}:${finding.line}`).not.toBe("");
      const prefix = file.slice(0, 2);
      for (const workflow of plan.workflows) {
        // Workflow names are unique in a project; the corpus files share some (logrotate, backup).
        const name = `c${prefix}-${workflow.name}`;
        const exportName = `c${prefix}${imported.length}`;
        project.write(
          `workflows/${name}.ts`,
          workflowSource(sources, { ...workflow, name }, exportName, { image, imageGiven: true }),
        );
        imported.push({ name, schedule: workflow.schedule, file });
      }
    }
    project.write("batchflow.config.ts", config);
    const compiled = project.run("compile");
    expect(compiled.stderr).toBe("");
    expect(compiled.status).toBe(0);

    const mismatches: string[] = [];
    for (const { name, schedule, file } of imported) {
      // A rule fires in UTC, a Scheduler schedule at the same wall-clock times in its zone; a line
      // with both day fields set is two schedules (schedule.json, schedule-2.json), fired together.
      const expressions = ["schedule.json", "schedule-2.json"]
        .filter((file) => project.exists(`dist/batchflow/${name}/${file}`))
        .map((file) => JSON.parse(project.read(`dist/batchflow/${name}/${file}`)))
        .map((written): string => written.rule?.ScheduleExpression ?? written.schedule?.ScheduleExpression);
      const expression = expressions.join(" + ");
      const times = [...new Set(expressions.flatMap((e) => awsCronFireTimes(e, YEAR)))].sort((a, b) => a - b);
      const difference = firstDifference(times, cronerFireTimes(CRONTAB_NICKNAMES[schedule] ?? schedule));
      if (difference) mismatches.push(`${file} "${schedule}" → ${expression}: ${difference}`);
    }
    expect(mismatches).toEqual([]);
    expect(lines).toBeGreaterThanOrEqual(100);
    expect(imported.length + unconverted).toBe(lines);
    expect(imported.length).toBeGreaterThanOrEqual(80);
  });
});

function spawn(bin: string, args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
