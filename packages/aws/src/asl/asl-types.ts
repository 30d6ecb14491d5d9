/*
 * Our own Amazon States Language types. `asl-types` on npm was generated from 2019 schemas: it
 * lacks QueryLanguage, ItemProcessor, Arguments, Assign and ResultSelector and types `Type` as a
 * plain string (see docs/design/asl-types.md). These cover the JSONPath dialect batchflow emits.
 */

import { integrationArn } from "../naming.js";
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { readonly [key: string]: JsonValue };

/** A payload template: keys ending in `.$` take a path instead of a value. */
export type PayloadTemplate = { readonly [key: string]: JsonValue };

export interface Retrier {
  readonly ErrorEquals: ReadonlyArray<string>;
  readonly IntervalSeconds?: number;
  readonly MaxAttempts?: number;
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
  readonly JitterStrategy?: "FULL" | "NONE";
}

export interface Catcher {
  readonly ErrorEquals: ReadonlyArray<string>;
  readonly Next: string;
  readonly ResultPath?: string | null;
}

/** A state either names the next state or ends its branch. */
export type Transition =
  | { readonly Next: string; readonly End?: never }
  | { readonly End: true; readonly Next?: never };

interface StateBase {
  readonly Comment?: string;
}

interface IoFields {
  readonly InputPath?: string | null;
  readonly OutputPath?: string | null;
}

export type TaskState = StateBase &
  IoFields &
  Transition & {
    readonly Type: "Task";
    readonly Resource: string;
    readonly Parameters?: PayloadTemplate;
    readonly ResultSelector?: PayloadTemplate;
    readonly ResultPath?: string | null;
    readonly TimeoutSeconds?: number;
    readonly HeartbeatSeconds?: number;
    readonly Retry?: ReadonlyArray<Retrier>;
    readonly Catch?: ReadonlyArray<Catcher>;
  };

export type ParallelState = StateBase &
  IoFields &
  Transition & {
    readonly Type: "Parallel";
    readonly Branches: ReadonlyArray<StateMachineBranch>;
    readonly Parameters?: PayloadTemplate;
    readonly ResultSelector?: PayloadTemplate;
    readonly ResultPath?: string | null;
    readonly Retry?: ReadonlyArray<Retrier>;
    readonly Catch?: ReadonlyArray<Catcher>;
  };

export type PassState = StateBase &
  IoFields &
  Transition & {
    readonly Type: "Pass";
    readonly Result?: JsonValue;
    readonly Parameters?: PayloadTemplate;
    readonly ResultPath?: string | null;
  };

export type WaitState = StateBase &
  IoFields &
  Transition & {
    readonly Type: "Wait";
  } & (
    | { readonly Seconds: number }
    | { readonly SecondsPath: string }
    | { readonly Timestamp: string }
    | { readonly TimestampPath: string }
  );

export interface SucceedState extends StateBase, IoFields {
  readonly Type: "Succeed";
}

export interface FailState extends StateBase {
  readonly Type: "Fail";
  readonly Error?: string;
  readonly Cause?: string;
  /** The error from the state input (a path or an intrinsic function), instead of `Error`. */
  readonly ErrorPath?: string;
  readonly CausePath?: string;
}

export type ChoiceRule = { readonly Next?: string; readonly Variable?: string } & Readonly<
  Record<string, JsonValue | undefined>
>;

export interface ChoiceState extends StateBase, IoFields {
  readonly Type: "Choice";
  readonly Choices: ReadonlyArray<ChoiceRule>;
  readonly Default?: string;
}

export type MapState = StateBase &
  IoFields &
  Transition & {
    readonly Type: "Map";
    readonly ItemsPath?: string;
    /** Distributed Map only: where the items are read from (an S3 listing). */
    readonly ItemReader?: { readonly Resource: string; readonly Parameters: PayloadTemplate };
    readonly ItemSelector?: PayloadTemplate;
    readonly ItemProcessor: StateMachineBranch & {
      readonly ProcessorConfig?: {
        readonly Mode: "INLINE" | "DISTRIBUTED";
        readonly ExecutionType?: "STANDARD" | "EXPRESS";
      };
    };
    readonly MaxConcurrency?: number;
    readonly ToleratedFailurePercentage?: number;
    readonly ToleratedFailureCount?: number;
    readonly ResultPath?: string | null;
    readonly Retry?: ReadonlyArray<Retrier>;
    readonly Catch?: ReadonlyArray<Catcher>;
  };

export type State =
  | TaskState
  | ParallelState
  | PassState
  | WaitState
  | SucceedState
  | FailState
  | ChoiceState
  | MapState;
export type StateType = State["Type"];

/** A Parallel branch or Map processor: states without a top-level timeout. */
export interface StateMachineBranch {
  readonly StartAt: string;
  readonly States: { readonly [name: string]: State };
}

export interface StateMachine extends StateMachineBranch {
  readonly Comment?: string;
  readonly QueryLanguage?: "JSONPath" | "JSONata";
  readonly TimeoutSeconds?: number;
  readonly Version?: "1.0";
}

/** Integration ARN of the ECS RunTask call that waits for the task to stop. */
export const ecsRunTaskSync = integrationArn("ecs:runTask.sync");

/** Integration ARN of the ECS RunTask call that waits for the task to send its result (`output: true`). */
export const ecsRunTaskWaitForTaskToken = integrationArn("ecs:runTask.waitForTaskToken");

/** A Distributed Map's reader of an S3 listing. */
export const s3ListObjectsV2 = integrationArn("s3:listObjectsV2");
