// `batchflow run` end to end: the built CLI runs throwaway projects whose jobs are real processes.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliProject } from "./support/cli-project.js";
import {
  isGone,
  pidIn,
  readTrace,
  runCliWith,
  startCli,
  type TraceLine,
  useRunProjects,
  waitUntil,
} from "./support/run-project.js";

const { project } = useRunProjects();

const ansi = new RegExp(`${String.fromCharCode(27)}\\[`);
const stackTrace = /^\s+at .+:\d+:\d+\)?$/m;
const dockerAnswers = spawnSync("docker", ["info"], { timeout: 5000, stdio: "ignore" }).status === 0;

const of = (trace: ReadonlyArray<TraceLine>, type: string, where: Record<string, unknown> = {}) =>
  trace.filter((e) => e.type === type && Object.entries(where).every(([k, v]) => e[k] === v));

const runDirs = (p: CliProject) => (p.exists(".batchflow/runs") ? p.files(".batchflow/runs") : []);

describe("batchflow run", () => {
  it("maps a non-zero exit to States.TaskFailed with the exit code in the ECS-shaped cause, which a catch handler reads", () => {
    const p = project(`
const withEnv = fargate({ image: "public.ecr.aws/docker/library/busybox:latest", env: { FROM_TASK: "task-env" } });
export const catching = workflow(
  "catching",
  options,
  job("fail", { command: "echo failing; exit 3" })
    .catch(
      "States.TaskFailed",
      job("handler", { command: 'printf "%s" "$ERR" > cause.json', env: { ERR: input("error.Cause") } }),
    )
    .then(job("after", { task: withEnv, command: 'echo "$DAY $FROM_TASK" > after.txt', env: { DAY: input("day") } })),
);`);
    const run = runCliWith(["run", "catching", "--input", '{"day":"mon"}', "--json", "trace.jsonl"], p.dir);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);

    const cause = JSON.parse(p.read("cause.json")) as {
      Containers: Array<{ ExitCode: number; Name: string }>;
      StopCode: string;
      Tags: Array<{ Key: string; Value: string }>;
    };
    expect(cause.Containers[0]).toMatchObject({ ExitCode: 3, Name: "main" });
    expect(cause.StopCode).toBe("EssentialContainerExited");
    expect(cause.Tags).toContainEqual({ Key: "batchflow:job", Value: "fail" });
    expect(p.read("after.txt")).toBe("mon task-env\n");

    const trace = readTrace(join(p.dir, "trace.jsonl"));
    expect(of(trace, "JobEnded", { job: "fail" })).toMatchObject([
      { outcome: "failed", exitCode: 3, error: "States.TaskFailed" },
    ]);
    expect(of(trace, "StateCaught")).toMatchObject([
      { state: "fail", error: "States.TaskFailed", next: "handler" },
    ]);
    expect(trace.at(-1)?.type).toBe("ExecutionSucceeded");

    // Output is prefixed with the job's name and kept in .batchflow/runs/<run-id>/<job>.log.
    expect(run.stdout).toMatch(/^fail {4}\| failing$/m);
    const [runId] = readdirSync(join(p.dir, ".batchflow/runs"));
    expect(runId).toMatch(/^\d{8}-\d{6}-\d{3}-[0-9a-f]{4}$/);
    expect(p.read(`.batchflow/runs/${runId}/fail.log`)).toContain("failing\n");
    expect(run.stdout).toContain(`logs: .batchflow/runs/${runId}/`);
  });

  it("a catch with { rethrow: true } runs its handler, then fails the run with the job's failure (exit 1)", () => {
    const p = project(`
export const reporting = workflow(
  "reporting",
  options,
  sequence(
    job("load", { command: "echo loading; exit 4" }).catch("States.ALL", job("alert", { command: "echo alerted > alert.txt" }), {
      rethrow: true,
    }),
    job("never", { command: "touch never.txt" }),
  ),
);`);
    const run = runCliWith(["run", "reporting", "--json", "trace.jsonl"], p.dir);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);
    expect(p.read("alert.txt")).toBe("alerted\n");
    expect(p.exists("never.txt")).toBe(false);
    // The job's own failure, raised again under batchflow's name, with the job and its exit code.
    expect(run.stdout).toContain("FAILED after");
    expect(run.stdout).toMatch(/Batchflow\.TaskFailed \(job load, exit code 4\)/);
    const trace = readTrace(join(p.dir, "trace.jsonl"));
    expect(trace.at(-1)).toMatchObject({ type: "ExecutionFailed", error: "Batchflow.TaskFailed" });
    // The check, rename and raise are batchflow's: progress shows no failure of them.
    expect(run.stdout).not.toMatch(/alert-rethrow/);
  });

  it("a finally runs its handler after a success and after a failure, and the failure stands (exit 1)", () => {
    const p = project(`
export const cleaned = workflow(
  "cleaned",
  options,
  sequence(job("load", { command: 'echo loading; exit "\${LOAD_EXIT:-0}"' }))
    .finally(job("cleanup", { command: "echo cleaned >> cleanup.txt" }))
    .then(job("report", { command: "echo reported >> report.txt" })),
);`);
    const ok = runCliWith(["run", "cleaned"], p.dir);
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    expect([p.read("cleanup.txt"), p.read("report.txt")]).toEqual(["cleaned\n", "reported\n"]);
    const failed = runCliWith(["run", "cleaned"], p.dir, { LOAD_EXIT: "6" });
    expect(failed.status).toBe(1);
    expect(p.read("cleanup.txt")).toBe("cleaned\ncleaned\n");
    expect(p.read("report.txt")).toBe("reported\n");
    expect(failed.stdout).toMatch(/Batchflow\.TaskFailed \(job load, exit code 6\)/);
  });

  it("writes plain output when stdout is not a terminal: no escapes, one line per event, then a summary", () => {
    const p = project(`export const plain = workflow(
  "plain",
  options,
  job("first", { command: "echo one; echo two >&2" }).then(job("second", { command: "exit 4" })),
);`);
    // picocolors colours output on CI even without a terminal; batchflow run's plain output stays plain.
    const run = runCliWith(["run", "plain"], p.dir, { NO_COLOR: "", CI: "true" });
    expect(run.status).toBe(1);
    expect(run.stdout + run.stderr).not.toMatch(ansi);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toMatch(/^batchflow run plain: 2 jobs, process runner, run \S+$/);
    for (const line of [
      "first  ▶ started",
      "first  | one",
      "first  | two",
      "second ▶ started",
      "second ✗ attempt 1 failed: exit code 4",
      "second ✗ failed: States.TaskFailed",
    ]) {
      expect(
        lines.filter((l) => l === line),
        line,
      ).toHaveLength(1);
    }
    expect(lines.filter((l) => /^first {2}✓ succeeded in \d+ms$/.test(l))).toHaveLength(1);
    expect(run.stdout).toMatch(/^job +status +attempts +duration +exit code$/m);
    expect(run.stdout).toMatch(/^first +succeeded +1 +\S+ +0$/m);
    expect(run.stdout).toMatch(/^second +failed +1 +\S+ +4$/m);
    expect(run.stdout).toMatch(/^FAILED after \S+: States\.TaskFailed \(job second, exit code 4\)$/m);
  });

  it("retries with the retry policy (intervals time-scaled); attempts and retries show in the trace", () => {
    const p =
      project(`const retry = { on: ["States.TaskFailed"], interval: "1s", maxAttempts: 3, backoff: 2 } as const;
export const flaky = workflow(
  "flaky",
  options,
  job("flaky", { command: 'n=$(($(cat count 2>/dev/null || echo 0) + 1)); echo $n > count; [ $n -ge 3 ]' }).retry(retry),
);
export const hopeless = workflow("hopeless", options, job("hopeless", { command: "exit 7" }).retry({ ...retry, maxAttempts: 2 }));
export const noDate = workflow("no-date", options, job("dated", { command: "true", env: { DAY: input("date") } }).retry(retry));`);
    const flaky = runCliWith(["run", "flaky", "--time-scale", "0.05", "--json", "flaky.jsonl"], p.dir);
    expect(flaky.status).toBe(0);
    const trace = readTrace(join(p.dir, "flaky.jsonl"));
    expect(of(trace, "JobStarted").map((e) => e.attempt)).toEqual([1, 2, 3]);
    expect(of(trace, "JobEnded").map((e) => e.outcome)).toEqual(["failed", "failed", "succeeded"]);
    expect(of(trace, "StateRetried", { state: "flaky" })).toMatchObject([
      { retry: 1, maxAttempts: 3 },
      { retry: 2, maxAttempts: 3 },
    ]);
    expect(flaky.stdout).toMatch(/^flaky ↻ retrying 1\/3 in 50ms$/m);
    expect(flaky.stdout).toMatch(/^flaky ↻ retrying 2\/3 in 100ms$/m);

    const hopeless = runCliWith(["run", "hopeless", "--time-scale", "0", "--json", "hopeless.jsonl"], p.dir);
    expect(hopeless.status).toBe(1);
    const failed = readTrace(join(p.dir, "hopeless.jsonl"));
    expect(of(failed, "JobStarted")).toHaveLength(3);
    expect(of(failed, "StateRetried")).toHaveLength(2);
    expect(failed.at(-1)).toMatchObject({ type: "ExecutionFailed", error: "States.TaskFailed" });
    expect(hopeless.stdout).toMatch(/^hopeless +failed +3 +\S+ +7$/m);

    // A path that finds no value is States.Runtime, which no retrier matches: no retry is shown.
    const noDate = runCliWith(["run", "no-date", "--time-scale", "0"], p.dir);
    expect(noDate.status).toBe(1);
    expect(noDate.stdout).toContain("FAILED after");
    expect(noDate.stdout).toContain("States.Runtime (Path expression '$.date' does not point to a value)");
    expect(noDate.stdout).not.toContain("retrying");
    expect(noDate.stdout).toMatch(/^dated +failed +0 +- +-$/m);
  });

  it("runs the branches of a parallel group at the same time", () => {
    const stamp = (n: string) => `date +%s%N > ${n}.start; sleep 0.5; date +%s%N > ${n}.end`;
    const p = project(`export const wide = workflow(
  "wide",
  options,
  parallel(job("a", { command: "${stamp("a")}" }), job("b", { command: "${stamp("b")}" }), job("c", { command: "${stamp("c")}" })),
);`);
    const run = runCliWith(["run", "wide"], p.dir);
    expect(run.status).toBe(0);
    // Nanoseconds since the epoch, as milliseconds (a double keeps them to well under a microsecond).
    const at = (file: string) => Number(p.read(file).trim()) / 1e6;
    const latestStart = Math.max(...["a", "b", "c"].map((j) => at(`${j}.start`)));
    const earliestEnd = Math.min(...["a", "b", "c"].map((j) => at(`${j}.end`)));
    expect(latestStart < earliestEnd).toBe(true);
  });

  it("stops a job over its timeout with SIGTERM, then SIGKILL after the stop timeout, and fails it with States.Timeout", () => {
    const p = project(`export const stubborn = workflow(
  "stubborn",
  options,
  job("stubborn", { command: "trap '' TERM; echo $$ > job.pid; sleep 30 & echo $! > child.pid; wait", timeout: "1s" })
    .catch("States.TaskFailed", job("not-for-timeouts", { command: "touch caught" })),
);`);
    const run = runCliWith(["run", "stubborn", "--json", "trace.jsonl"], p.dir);
    expect(run.status).toBe(1);
    // Neither the shell nor its child is left, though both ignore SIGTERM.
    expect(isGone(pidIn(p.dir, "job.pid"))).toBe(true);
    expect(isGone(pidIn(p.dir, "child.pid"))).toBe(true);

    const trace = readTrace(join(p.dir, "trace.jsonl"));
    expect(of(trace, "JobStopping").map((e) => [e.signal, e.reason])).toEqual([
      ["SIGTERM", "timeout"],
      ["SIGKILL", "timeout"],
    ]);
    const [term, kill] = of(trace, "JobStopping").map((e) => Date.parse(e.time));
    expect(kill! - term!).toBeGreaterThanOrEqual(1900);
    expect(of(trace, "JobEnded")).toMatchObject([
      { outcome: "timed-out", signal: "SIGKILL", error: "States.Timeout" },
    ]);
    // As on AWS, a States.TaskFailed catcher does not match States.Timeout.
    expect(p.exists("caught")).toBe(false);
    expect(trace.at(-1)).toMatchObject({ type: "ExecutionFailed", error: "States.Timeout" });
    expect(run.stdout).toMatch(/^stubborn +timed out +1 +\S+ +SIGKILL$/m);
  });

  it("stops the running jobs of a parallel group when one of its branches fails", () => {
    const p = project(`export const group = workflow(
  "group",
  options,
  parallel(
    job("breaks", { command: "sleep 0.3; exit 1" }),
    job("slow", { command: "echo $$ > slow.pid; sleep 30 & echo $! > child.pid; wait" }),
  ),
);`);
    // The trace below says slow was stopped, not left to end its 30 s: no clock is read here.
    const run = runCliWith(["run", "group", "--json", "trace.jsonl"], p.dir);
    expect(run.status).toBe(1);
    expect(isGone(pidIn(p.dir, "slow.pid"))).toBe(true);
    expect(isGone(pidIn(p.dir, "child.pid"))).toBe(true);
    const trace = readTrace(join(p.dir, "trace.jsonl"));
    expect(of(trace, "JobStopping", { job: "slow" })).toMatchObject([
      { signal: "SIGTERM", reason: "aborted" },
    ]);
    expect(of(trace, "JobEnded", { job: "slow" })).toMatchObject([
      { outcome: "stopped", stoppedBy: "aborted" },
    ]);
    expect(run.stdout).toMatch(/^slow +stopped +1 /m);
  });

  it("on Ctrl-C stops every running job, leaves no process behind and exits 130", async () => {
    const p = project(`export const long = workflow(
  "long",
  options,
  parallel(
    job("a", { command: "echo $$ > a.pid; sleep 30 & echo $! > a-child.pid; wait" }),
    job("b", { command: "echo $$ > b.pid; exec sleep 30" }),
  ),
);`);
    const cli = startCli(["run", "long", "--json", "trace.jsonl"], p.dir);
    await waitUntil(() => ["a.pid", "a-child.pid", "b.pid"].every((f) => p.exists(f)));
    cli.signal("SIGINT");
    const run = await cli.done;
    expect(run.status).toBe(130);
    for (const file of ["a.pid", "a-child.pid", "b.pid"]) expect(isGone(pidIn(p.dir, file)), file).toBe(true);
    expect(run.stdout).toContain("SIGINT: stopping every running job");
    expect(run.stdout).toMatch(/^ABORTED after /m);
    const trace = readTrace(join(p.dir, "trace.jsonl"));
    expect(of(trace, "JobEnded").map((e) => e.stoppedBy)).toEqual(["interrupted", "interrupted"]);
    expect(trace.at(-1)?.type).toBe("ExecutionAborted");
  });

  it("writes the trace as JSON Lines: one event per line with an ISO time, from start to end", () => {
    const p = project(
      `export const two = workflow("two", options, job("one", { command: "true" }).then(job("two", { command: "true" })));`,
    );
    const run = runCliWith(["run", "two", "--json", "out/trace.jsonl"], p.dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/error BF1508: cannot write the trace file .*out\/trace\.jsonl/);
    p.write("out/.keep", "");
    expect(runCliWith(["run", "two", "--json", "out/trace.jsonl"], p.dir).status).toBe(0);
    const lines = p.read("out/trace.jsonl").split("\n");
    expect(lines.at(-1)).toBe("");
    const trace = lines.slice(0, -1).map((l) => JSON.parse(l) as TraceLine);
    for (const event of trace) expect(new Date(event.time).toISOString()).toBe(event.time);
    expect(trace.map((e) => `${e.type}${e.state ? ` ${e.state}` : e.job ? ` ${e.job}` : ""}`)).toEqual([
      "ExecutionStarted",
      "StateEntered one",
      "JobStarted one",
      "JobEnded one",
      "StateExited one",
      "StateEntered two",
      "JobStarted two",
      "JobEnded two",
      "StateExited two",
      "ExecutionSucceeded",
    ]);
  });

  it("passes secrets from .env to the job but never prints them; a missing one stops the run before it starts", () => {
    const p = project(`export const secretive = workflow(
  "secretive",
  options,
  job("uses-secret", {
    command: 'printf "%s" "$BF_TEST_TOKEN" > token.txt; echo "token is $BF_TEST_TOKEN"; printf "key:\\n%s\\n" "$BF_TEST_KEY"',
    env: {
      BF_TEST_TOKEN: secret("arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:bf-test-token-AbCdEf"),
      BF_TEST_KEY: secret("arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:bf-test-key-AbCdEf"),
    },
  }),
);`);
    const missing = runCliWith(["run", "secretive"], p.dir);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/error BF1504: workflow "secretive": secret BF_TEST_TOKEN has no value/);
    expect(missing.stderr).toContain('needed by job "uses-secret"');
    expect(missing.stderr).not.toMatch(stackTrace);
    expect(runDirs(p)).toEqual([]);
    expect(p.exists("token.txt")).toBe(false);

    const value = "s3cr3t-from-dotenv";
    // A multi-line secret (a PEM key, quoted in .env) reaches the output line by line.
    const keyLines = [
      "-----BEGIN PRIVATE KEY-----",
      "MIIEvQIBADANBgkqhkiG9w0BAQEF",
      "-----END PRIVATE KEY-----",
    ];
    p.write(".env", `# local secrets\nBF_TEST_TOKEN=${value}\nBF_TEST_KEY="${keyLines.join("\n")}"\n`);
    const run = runCliWith(["run", "secretive"], p.dir);
    expect(run.status, run.stderr).toBe(0);
    expect(p.read("token.txt")).toBe(value);
    const [runId] = readdirSync(join(p.dir, ".batchflow/runs"));
    const log = p.read(`.batchflow/runs/${runId}/uses-secret.log`);
    for (const secretText of [value, ...keyLines]) {
      expect(run.stdout + run.stderr).not.toContain(secretText);
      expect(log).not.toContain(secretText);
    }
    expect(run.stdout).toMatch(/^uses-secret \| token is \*\*\*$/m);
    expect(run.stdout).toMatch(
      /^uses-secret \| key:\nuses-secret \| \*\*\*\nuses-secret \| \*\*\*\nuses-secret \| \*\*\*$/m,
    );
    // The environment wins over the file.
    const fromEnv = runCliWith(["run", "secretive"], p.dir, { BF_TEST_TOKEN: "from-the-environment" });
    expect(fromEnv.status).toBe(0);
    expect(p.read("token.txt")).toBe("from-the-environment");
  });

  it.skipIf(dockerAnswers)(
    "--runner docker without a Docker engine: a clear error before anything starts, exit 2",
    () => {
      const p = project(
        `export const boxed = workflow("boxed", options, job("boxed", { command: "touch ran" }));`,
      );
      const run = runCliWith(["run", "boxed", "--runner", "docker"], p.dir);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/error BF1507: the docker runner needs a Docker engine: /);
      expect(run.stderr).toContain("hint: start Docker");
      expect(run.stderr).not.toMatch(stackTrace);
      expect(run.stdout).toBe("");
      expect(runDirs(p)).toEqual([]);
      expect(p.exists("ran")).toBe(false);
    },
  );

  it("reports usage problems clearly with exit 2: unknown workflow, bad --input, bad options", () => {
    const p = project(`export const alpha = workflow("alpha", options, job("a", { command: "touch ran" }));
export const beta = workflow("beta", options, job("b", { command: "touch ran" }));`);
    const cases: Array<[string[], RegExp]> = [
      [
        ["run", "gamma"],
        /error BF1501: no workflow named "gamma" in this project; its workflows: alpha, beta/,
      ],
      [["run", "alpha", "--input", "{date: 1}"], /error BF1502: --input is not valid JSON: /],
      [
        ["run", "alpha", "--input", "@nope.json"],
        /error BF1502: --input @nope\.json: cannot read nope\.json: ENOENT/,
      ],
      [["run", "alpha", "--time-scale=-1"], /error BF1503: --time-scale must be a number of at least 0/],
      [["run", "alpha", "--runner", "podman"], /error BF1503: --runner must be "process" or "docker"/],
      [["run"], /error BF1423: batchflow run needs <workflow>: the name of the workflow to run/],
      [["run", "alpha", "beta"], /error BF1423: batchflow run takes one argument; got 2: alpha beta/],
      [
        ["run", "alpha", "--runer", "docker"],
        /error BF1421: unknown option --runer for batchflow run\n.*did you mean --runner\?/,
      ],
    ];
    for (const [args, message] of cases) {
      const run = runCliWith(args, p.dir);
      expect(run.status, args.join(" ")).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toMatch(/hint: /);
      expect(run.stderr).not.toMatch(stackTrace);
    }
    expect(p.exists("ran")).toBe(false);
    expect(runDirs(p)).toEqual([]);
  });
});
