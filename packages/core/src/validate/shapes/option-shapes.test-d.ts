import { describe, expectTypeOf, it } from "vitest";
import type { BatchflowConfigInput, LocalRunOptions } from "../../ir/config.js";
import type { FargateOptions } from "../../ir/container-spec.js";
import type { JobOptions } from "../../ir/job-options.js";
import type { LockOptions } from "../../ir/lock-options.js";
import type { NotifyOptions, SlackNotifyOptions } from "../../ir/notify-options.js";
import type { RetryPolicyInput } from "../../ir/retry-policy.js";
import type { ScheduleOptions } from "../../ir/schedule-spec.js";
import type {
  JobDefaults,
  NetworkOptions,
  RoleOptions,
  SharedOptions,
  WorkflowOptions,
} from "../../ir/workflow-options.js";
import { numeric, objectOf, optional, text } from "../shape-builders.js";
import type { configShape, localRunOptionsShape } from "./config-shape.js";
import type { fargateOptionsShape } from "./fargate-options-shape.js";
import type { jobOptionsShape } from "./job-options-shape.js";
import type { lockOptionsShape } from "./lock-options-shape.js";
import type { notifyOptionsShape, slackOptionsShape } from "./notify-options-shape.js";
import type { retryPolicyShape } from "./retry-policy-shape.js";
import type { scheduleOptionsShape } from "./schedule-shape.js";
import type {
  jobDefaultsShape,
  networkOptionsShape,
  roleOptionsShape,
  sharedFields,
} from "./shared-options-shape.js";
import type { workflowOptionsShape } from "./workflow-options-shape.js";

describe("option shapes", () => {
  it("describe exactly the keys of the option types", () => {
    expectTypeOf<keyof typeof workflowOptionsShape.fields>().toEqualTypeOf<keyof WorkflowOptions>();
    expectTypeOf<keyof typeof jobOptionsShape.fields>().toEqualTypeOf<keyof JobOptions>();
    expectTypeOf<keyof typeof fargateOptionsShape.fields>().toEqualTypeOf<keyof FargateOptions>();
    expectTypeOf<keyof typeof retryPolicyShape.fields>().toEqualTypeOf<keyof RetryPolicyInput>();
    expectTypeOf<keyof typeof lockOptionsShape.fields>().toEqualTypeOf<keyof LockOptions>();
    expectTypeOf<keyof typeof notifyOptionsShape.fields>().toEqualTypeOf<keyof NotifyOptions>();
    expectTypeOf<keyof typeof configShape.fields>().toEqualTypeOf<keyof BatchflowConfigInput>();
    expectTypeOf<keyof typeof scheduleOptionsShape.fields>().toEqualTypeOf<keyof ScheduleOptions>();
    expectTypeOf<keyof typeof sharedFields>().toEqualTypeOf<keyof SharedOptions>();
  });

  it("describe the nested option objects too", () => {
    expectTypeOf<keyof typeof networkOptionsShape.fields>().toEqualTypeOf<keyof NetworkOptions>();
    expectTypeOf<keyof typeof jobDefaultsShape.fields>().toEqualTypeOf<keyof JobDefaults>();
    expectTypeOf<keyof typeof roleOptionsShape.fields>().toEqualTypeOf<keyof RoleOptions>();
    expectTypeOf<keyof typeof slackOptionsShape.fields>().toEqualTypeOf<keyof SlackNotifyOptions>();
    expectTypeOf<keyof typeof localRunOptionsShape.fields>().toEqualTypeOf<keyof LocalRunOptions>();
  });

  it("do not compile when a key is missing, extra, or optional in the wrong place", () => {
    interface Sample {
      readonly name: string;
      readonly size?: number;
    }
    objectOf<Sample>("a sample", { name: text(), size: optional(numeric()) });
    // @ts-expect-error size is a key of Sample and must be described
    objectOf<Sample>("a sample", { name: text() });
    // @ts-expect-error colour is not a key of Sample
    objectOf<Sample>("a sample", { name: text(), size: optional(numeric()), colour: optional(text()) });
    // @ts-expect-error size is optional in Sample, so its shape must be optional(...)
    objectOf<Sample>("a sample", { name: text(), size: numeric() });
    // @ts-expect-error name is required in Sample, so its shape must not be optional(...)
    objectOf<Sample>("a sample", { name: optional(text()), size: optional(numeric()) });
  });
});
