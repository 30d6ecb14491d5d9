import type { Target } from "@aws-sdk/client-eventbridge";
import { canonical, comparableLive } from "./comparable.js";
import { lineDiff } from "./line-diff.js";

/** Fields batchflow may leave out: present live but absent in the bundle means "remove it". */
const optionalFields = {
  taskDefinition: new Set([
    "taskRoleArn",
    "ephemeralStorage",
    "command",
    "environment",
    "secrets",
    "stopTimeout",
    "logConfiguration",
  ]),
  stateMachine: new Set<string>(),
  rule: new Set([
    "Description",
    "Input",
    "RoleArn",
    "EventPattern",
    "ScheduleExpression",
    "InputPath",
    "InputTransformer",
  ]),
  schedule: new Set([
    "Description",
    "Input",
    "RoleArn",
    "StartDate",
    "EndDate",
    "KmsKeyArn",
    "DeadLetterConfig",
  ]),
  role: new Set<string>(),
  connection: new Set(["Description"]),
  service: new Set<string>(),
} as const;

export type Comparable = keyof typeof optionalFields;

/*
 * What AWS returns of these is what batchflow sent (a definition comes back as it was written, a
 * policy document too) or what plan reads into the desired form field by field (a service): no
 * server-side field to project away, so they are compared in full, and a key the bundle no longer
 * has (a job's env, a retrier's jitter, a whole state, a statement's condition) is a change.
 */
const comparedInFull: ReadonlySet<Comparable> = new Set(["stateMachine", "role", "service"]);

/** The diff from live to desired (`-` live, `+` desired); "" when they are equal. */
export function compare(kind: Comparable, desired: unknown, live: unknown): string {
  const liveText = comparedInFull.has(kind)
    ? canonical(live)
    : comparableLive(live, desired, optionalFields[kind]);
  return lineDiff(liveText, canonical(desired));
}

/**
 * The diff of two event patterns (`PutRule`'s JSON text), compared as data and in full: unlike the
 * other fields, a key of the live pattern that the desired one lacks is a change (it filters events).
 */
export function compareEventPattern(desired: string, live: string | undefined): string {
  return lineDiff(canonical(parsedJson(live)), canonical(parsedJson(desired)));
}

function parsedJson(text: string | undefined): unknown {
  if (text === undefined) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Rule targets in a stable order, so a listing order never counts as a change. */
export function sortedTargets<T extends Pick<Target, "Id">>(targets: ReadonlyArray<T>): T[] {
  return [...targets].sort((a, b) => (a.Id ?? "").localeCompare(b.Id ?? ""));
}
