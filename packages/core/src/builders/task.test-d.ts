import { describe, expectTypeOf, it } from "vitest";
import type { TaskOptions, TaskRetryOptions } from "../ir/task-options.js";
import type { taskOptionsShape, taskRetryShape } from "../validate/shapes/task-options-shape.js";
import { cron } from "./schedules.js";
import { isTask, type Task, task } from "./task.js";
import { fargate } from "./values.js";

const image = fargate({ image: "busybox:1.36" });

describe("task()", () => {
  it("takes a container and one schedule or a list, and returns a Task", () => {
    expectTypeOf(task("a", { task: image, schedule: cron("0 3 * * *") })).toEqualTypeOf<Task>();
    task("a", {
      task: image,
      schedule: [cron("0 3 * * *"), cron("0 9 * * *", { timezone: "Asia/Tokyo" })],
      retry: { maximumAttempts: 3, maximumEventAge: "1h" },
      deadLetterQueue: "arn:aws:sqs:ap-northeast-1:000000000000:dlq",
      spot: { weight: 3 },
    });
    // @ts-expect-error a task needs a schedule
    task("a", { task: image });
    // @ts-expect-error EventBridge does not watch the task: there is no timeout
    task("a", { task: image, schedule: cron("0 3 * * *"), timeout: "1h" });
    // @ts-expect-error a string is not a schedule
    task("a", { task: image, schedule: "0 3 * * *" });
    // @ts-expect-error maximumEventAge is a duration
    task("a", { task: image, schedule: cron("0 3 * * *"), retry: { maximumEventAge: "an hour" } });
  });

  it("isTask narrows", () => {
    const value: unknown = undefined;
    if (isTask(value)) expectTypeOf(value.name).toEqualTypeOf<string>();
  });

  it("its option shapes describe exactly the keys of the option types", () => {
    expectTypeOf<keyof typeof taskOptionsShape.fields>().toEqualTypeOf<keyof TaskOptions>();
    expectTypeOf<keyof typeof taskRetryShape.fields>().toEqualTypeOf<keyof TaskRetryOptions>();
  });
});
