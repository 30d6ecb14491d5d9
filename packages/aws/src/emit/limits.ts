import type { DiagnosticSink } from "@batchflow/core";
import type { Retrier, State, StateMachine, StateMachineBranch } from "../asl/asl-types.js";
import { layoutOf } from "../bundle/json-layout.js";
import type { ChunkedText } from "../bundle/serialize-chunks.js";
import { intrinsicOverflows, maxIntrinsicsPerField } from "./intrinsic-limit.js";

/** Step Functions rejects definitions over 1 MiB. */
export const maxDefinitionBytes = 1_048_576;
/** A Standard execution fails when its history reaches 25,000 events. */
export const maxHistoryEvents = 25_000;
const warnAtEvents = 20_000;
const noRetriers: ReadonlyArray<Retrier> = [];

/*
 * Events one state adds to the history, per Step Functions' event types: a `.sync` task is
 * entered, scheduled, started, submitted, succeeded or failed, exited; a Parallel is entered,
 * started, succeeded, exited, plus its branches.
 */
const taskAttemptEvents = 6;
const parallelEvents = 4;
const simpleStateEvents = 2;
const executionEvents = 2;

/**
 * Checks the limits Step Functions enforces at create time or mid-execution, reading sizes and
 * intrinsic calls from `definition`, the text compile writes for the machine. The size counts the
 * minified definition, which is what deploy sends.
 */
export function checkStateMachineLimits(
  machine: StateMachine,
  definition: ChunkedText,
  sink: DiagnosticSink,
): void {
  checkDefinitionSize(machine, definition, sink);
  for (const overflow of intrinsicOverflows(machine, definition.chunks)) {
    sink.report({
      code: "BF1312",
      message: `state "${overflow.state}" calls ${overflow.count} intrinsic functions in ${overflow.field}; Step Functions accepts at most ${maxIntrinsicsPerField} in one field`,
      hint: "this is a batchflow bug: please report it with the workflow that shows it",
    });
  }
  const events = worstCaseHistoryEvents(machine);
  if (events >= warnAtEvents) {
    sink.report({
      code: "BF1310",
      severity: "warning",
      message: `a worst-case run (every retry used, every handler run) writes about ${events} history events; an execution fails at ${maxHistoryEvents}`,
      hint: "lower retry maxAttempts, or split the workflow into several workflows",
    });
  }
}

function checkDefinitionSize(machine: StateMachine, definition: ChunkedText, sink: DiagnosticSink): void {
  let fileBytes = 0;
  for (const chunk of definition.chunks) fileBytes += Buffer.byteLength(chunk);
  // The layout the writer counted clears most definitions; the rest is counted only for the others.
  if (fileBytes - definition.layoutAtLeast <= maxDefinitionBytes) return;
  const bytes = fileBytes - 1 - layoutOf(machine, 0);
  if (bytes > maxDefinitionBytes) {
    sink.report({
      code: "BF1309",
      message: `the state machine definition is ${bytes} bytes minified; Step Functions accepts at most ${maxDefinitionBytes}`,
      hint: "split the workflow into several workflows, or move repeated jobs into fewer, larger ones",
    });
  }
}

/** An upper estimate of the history events of one execution: every retry taken, every state run. */
export function worstCaseHistoryEvents(machine: StateMachine): number {
  return executionEvents + branchEvents(machine);
}

function branchEvents(branch: StateMachineBranch): number {
  let total = 0;
  for (const name in branch.States) total += stateEvents(branch.States[name] as State);
  return total;
}

function stateEvents(state: State): number {
  switch (state.Type) {
    case "Task": {
      let attempts = 1;
      for (const r of state.Retry ?? noRetriers) attempts += r.MaxAttempts ?? 3;
      return taskAttemptEvents * attempts;
    }
    case "Parallel": {
      let events = parallelEvents;
      for (const b of state.Branches) events += branchEvents(b);
      return events;
    }
    case "Map":
      return parallelEvents + branchEvents(state.ItemProcessor);
    default:
      return simpleStateEvents;
  }
}
