import { describe, expectTypeOf, it } from "vitest";
import type { ErrorName, StatesErrorName, statesErrorNames } from "../ir/error-name.js";
import type { JobOptions } from "../ir/job-options.js";
import type { LockOptions } from "../ir/lock-options.js";
import type { NotifyEvent, NotifyOptions, SlackNotifyOptions } from "../ir/notify-options.js";
import type {
  AwsCronSchedule,
  CronSchedule,
  RateSchedule,
  ScheduleList,
  ScheduleSpec,
} from "../ir/schedule-spec.js";
import type { WorkflowOptions } from "../ir/workflow-options.js";
import type { Flow } from "./flow.js";
import { parallel, sequence } from "./groups.js";
import { job } from "./job.js";
import { awsCron, cron, rate } from "./schedules.js";
import { fargate, input, secret } from "./values.js";
import { type Workflow, workflow } from "./workflow.js";

describe("DSL types", () => {
  it("tracks job names through a chain", () => {
    expectTypeOf(job("hoge")).toEqualTypeOf<Flow<"hoge">>();
    expectTypeOf(job("hoge").then(job("fuga"))).toEqualTypeOf<Flow<"hoge" | "fuga">>();
    expectTypeOf(job("a").then([job("b"), job("c")])).toEqualTypeOf<Flow<"a" | "b" | "c">>();
    expectTypeOf(parallel(job("a"), job("b"))).toEqualTypeOf<Flow<"a" | "b">>();
    expectTypeOf(sequence(job("a"), parallel(job("b"), job("c")))).toEqualTypeOf<Flow<"a" | "b" | "c">>();
    expectTypeOf(job("a").catch("States.ALL", job("cleanup"))).toEqualTypeOf<Flow<"a" | "cleanup">>();
    expectTypeOf(job("a").catch("States.ALL", job("alert"), { rethrow: true })).toEqualTypeOf<
      Flow<"a" | "alert">
    >();
    expectTypeOf(sequence(job("a"), job("b")).finally(job("cleanup"))).toEqualTypeOf<
      Flow<"a" | "b" | "cleanup">
    >();
    // @ts-expect-error finally() takes a flow
    job("a").finally("cleanup");
    // @ts-expect-error the option is rethrow, a boolean
    job("a").catch("States.ALL", job("alert"), { rethrow: "yes" });
    // @ts-expect-error no other option
    job("a").catch("States.ALL", job("alert"), { reraise: true });
    expectTypeOf(job("a").retry({}).timeout("1h")).toEqualTypeOf<Flow<"a">>();
    expectTypeOf(workflow("w", {}, job("a").then(job("b")))).toEqualTypeOf<Workflow<"a" | "b">>();
  });

  it("accepts the design's one-liner", () => {
    const flow = job("hoge")
      .then(job("fuga"))
      .retry({ on: ["States.Timeout"], interval: "3s", maxAttempts: 2, backoff: 1.5 });
    expectTypeOf(flow).toEqualTypeOf<Flow<"hoge" | "fuga">>();
  });

  it("accepts well-known and custom error names", () => {
    expectTypeOf<"States.Timeout">().toExtend<ErrorName>();
    expectTypeOf<"MyApp.QuotaExceeded">().toExtend<ErrorName>();
    job("a").retry({ on: ["States.TaskFailed", "ECS.AmazonECSException", "Custom.Error"] });
    job("a").retry({ on: ["States.Http.Socket", "States.DataLimitExceeded"] });
    job("a").catch(["States.Runtime", "Custom.Error"], job("b"));
    const names: ReadonlyArray<string> = ["from", "elsewhere"];
    job("a").retry({ on: names }).catch(names, job("b"));
  });

  it("refuses States.* names AWS does not define, as the run-time check does (BF1014)", () => {
    expectTypeOf<StatesErrorName>().toEqualTypeOf<(typeof statesErrorNames)[number]>();
    // @ts-expect-error States.Timeot is not an error name AWS defines
    job("a").retry({ on: ["States.Timeot"] });
    // @ts-expect-error the prefix is compared without case, as at run time
    job("a").retry({ on: ["states.timeout"] });
    // @ts-expect-error one bad name in a list is enough
    job("a").catch(["States.TaskFailed", "States.Bogus"], job("b"));
    // @ts-expect-error a single name too
    job("a").catch("States.Timeot", job("b"));
  });

  it("refuses misuse at compile time", () => {
    // @ts-expect-error then() takes a flow, not a job name
    job("a").then("b");
    // @ts-expect-error then() takes a flow, not a number
    job("a").then(42);
    // @ts-expect-error catch() needs a handler flow
    job("a").catch(["States.ALL"], "cleanup");
    // @ts-expect-error error names are strings
    job("a").retry({ on: [404] });
    // @ts-expect-error jitter is "full" or "none"
    job("a").retry({ jitter: "partial" });
    // @ts-expect-error maxAttempts is a number
    job("a").retry({ maxAttempts: "2" });
    // @ts-expect-error durations are seconds or "<n>s|m|h|d"
    job("a").timeout("5 minutes");
    // @ts-expect-error cpu is a number of CPU units
    job("a", { cpu: "512" });
    // @ts-expect-error env values are strings, secret() or input()
    job("a", { env: { COUNT: 3 } });
    // @ts-expect-error fargate() needs an image
    fargate({ cpu: 256 });
    // @ts-expect-error a task definition's env is registered before any run: no input() (a job's env takes it)
    fargate({ image: "busybox", env: { DATE: input("date") } });
    // @ts-expect-error a schedule comes from cron() or rate(), not a raw string
    workflow("w", { schedule: "cron(0 3 * * ? *)" }, job("a"));
    // @ts-expect-error a workflow body is a flow
    workflow("w", {}, "a");
    // @ts-expect-error parallel() takes flows
    parallel(job("a"), "b");
  });

  it("types the values that go into env", () => {
    job("a", {
      env: {
        DATE: input("date"),
        TOKEN: secret("arn:aws:secretsmanager:us-east-1:000000000000:secret:t"),
        PLAIN: "x",
      },
    });
    workflow("w", { schedule: cron("0 3 * * *", { timezone: "Asia/Tokyo" }) }, job("a"));
    workflow("w", { schedule: awsCron("0 9 ? * MON#1 *", { timezone: "Asia/Tokyo" }) }, job("a"));
    expectTypeOf(awsCron("0 18 L * ? *")).toEqualTypeOf<AwsCronSchedule>();
    expectTypeOf<AwsCronSchedule>().toMatchTypeOf<ScheduleSpec>();
    // @ts-expect-error awsCron() takes the same options as cron(): only timezone
    awsCron("0 9 ? * MON#1 *", { tz: "Asia/Tokyo" });
    workflow("w", { defaults: { command: (name) => ["make", "run", name] } }, job("a"));
  });
});

describe("several schedules", () => {
  it("take one schedule or a non-empty list of them", () => {
    workflow("w", { schedule: [cron("0 9 1-7 * *"), cron("0 9 * * 1")] }, job("a"));
    workflow(
      "w",
      { schedule: [awsCron("0 9 ? * MON#1 *"), rate("1 hour", { timezone: "Asia/Tokyo" })] },
      job("a"),
    );
    expectTypeOf<WorkflowOptions["schedule"]>().toEqualTypeOf<ScheduleSpec | ScheduleList | undefined>();
    expectTypeOf<[CronSchedule, RateSchedule]>().toMatchTypeOf<ScheduleList>();
    // @ts-expect-error an empty list starts nothing: leave schedule out instead
    workflow("w", { schedule: [] }, job("a"));
    // @ts-expect-error each item comes from cron(), rate() or awsCron()
    workflow("w", { schedule: [cron("0 9 * * *"), "0 18 * * *"] }, job("a"));
  });
});

describe("lock and notify options", () => {
  it("take a lock on a workflow and on a job", () => {
    expectTypeOf<WorkflowOptions["lock"]>().toEqualTypeOf<LockOptions | undefined>();
    expectTypeOf<JobOptions["lock"]>().toEqualTypeOf<LockOptions | undefined>();
    expectTypeOf<LockOptions["onBusy"]>().toEqualTypeOf<"skip" | "fail" | undefined>();
    // @ts-expect-error: onBusy is "skip" or "fail"
    const bad: LockOptions = { name: "l", onBusy: "queue" };
    void bad;
  });

  it("take a secret or a URL as the webhook, and known events", () => {
    expectTypeOf<NotifyOptions["slack"]>().toEqualTypeOf<SlackNotifyOptions | undefined>();
    expectTypeOf(secret("arn:aws:secretsmanager:us-east-1:000000000000:secret:s")).toMatchTypeOf<
      SlackNotifyOptions["webhook"]
    >();
    expectTypeOf<"https://hooks.slack.com/x">().toMatchTypeOf<SlackNotifyOptions["webhook"]>();
    expectTypeOf<NotifyOptions["on"]>().toEqualTypeOf<ReadonlyArray<NotifyEvent> | undefined>();
    // @ts-expect-error: "always" is not an event
    const bad: NotifyOptions = { sns: "arn", on: ["always"] };
    void bad;
  });
});
