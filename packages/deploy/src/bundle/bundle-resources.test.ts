import { serialize } from "@batchflow/aws";
import { describe, expect, it } from "vitest";
import { DeployError } from "../errors.js";
import { bundleResources } from "./bundle-resources.js";
import { lockMachine, notifyMachine, notifyRule, workflowFiles } from "./bundle-test-support.js";

const files = workflowFiles("w", { locks: true });
const manifest = JSON.parse(files["manifest.json"]!);

function problem(run: () => unknown): string {
  const error = (() => {
    try {
      run();
    } catch (e) {
      return e;
    }
  })();
  expect(error).toBeInstanceOf(DeployError);
  return `${(error as DeployError).code} ${(error as DeployError).message}`;
}

describe("bundleResources: the lock machine", () => {
  it("is lock-machine.asl.json, parsed, when the manifest names one", () => {
    expect(bundleResources("w", manifest, (path) => files[path])).toEqual({ lockMachine: lockMachine() });
  });

  it("is none when manifest.lockMachine is null, or missing (a bundle compiled before lock machines)", () => {
    const plain = JSON.parse(workflowFiles("w", { locks: false })["manifest.json"]!);
    expect(plain.lockMachine).toBeNull();
    expect(bundleResources("w", plain, () => undefined)).toEqual({});
    const { lockMachine: _, ...older } = plain;
    expect(bundleResources("w", older, () => undefined)).toEqual({});
  });

  it("refuses a definition that is not in the bundle, or not JSON (BF1613)", () => {
    expect(problem(() => bundleResources("w", manifest, () => undefined))).toBe(
      'BF1613 the manifest of workflow "w": lock-machine.asl.json is not in the bundle',
    );
    const read = (path: string) => (path === "lock-machine.asl.json" ? "{ not json" : files[path]);
    expect(problem(() => bundleResources("w", manifest, read))).toBe(
      'BF1613 the manifest of workflow "w": lock-machine.asl.json is not JSON',
    );
  });

  it("refuses a lock machine under another name than the one the state machine calls (BF1613)", () => {
    const renamed = { ...manifest, lockMachine: { ...manifest.lockMachine, name: "other-locks" } };
    expect(problem(() => bundleResources("w", renamed, (path) => files[path]))).toBe(
      'BF1613 the manifest of workflow "w": lockMachine is named "other-locks", but the state machine calls "w-locks"',
    );
  });

  it("reads the definition from the file the manifest names", () => {
    const moved = { ...manifest, lockMachine: { ...manifest.lockMachine, definition: "locks.json" } };
    const read = (path: string) => (path === "locks.json" ? serialize(lockMachine("team-locks")) : undefined);
    expect(bundleResources("w", moved, read).lockMachine).toEqual(lockMachine("team-locks"));
  });
});

describe("bundleResources: the notify machine and its rule", () => {
  const notifying = workflowFiles("w", { locks: false, notify: "sns" });
  const entries = JSON.parse(notifying["manifest.json"]!);
  const read =
    (changes: Record<string, string> = {}) =>
    (path: string) =>
      changes[path] ?? notifying[path];
  const resources = (manifestChanges: Record<string, unknown> = {}, files: Record<string, string> = {}) =>
    bundleResources("w", { ...entries, ...manifestChanges }, read(files));

  it("are notify-machine.asl.json and notify-rule.json, parsed, when the manifest names them", () => {
    expect(resources()).toEqual({ notifyMachine: notifyMachine("sns"), notifyRule: notifyRule("w") });
  });

  it("are none when both are null, or missing (a bundle compiled before notify machines)", () => {
    expect(resources({ notifyMachine: null, notifyRule: null })).toEqual({});
    const { notifyMachine: _m, notifyRule: _r, ...older } = entries;
    expect(bundleResources("w", older, () => undefined)).toEqual({});
  });

  it("come together: a machine without its rule, or a rule without its machine, is BF1613", () => {
    expect(problem(() => resources({ notifyRule: null }))).toBe(
      'BF1613 the manifest of workflow "w": notifyMachine has no notifyRule to start it',
    );
    expect(problem(() => resources({ notifyMachine: null }))).toBe(
      'BF1613 the manifest of workflow "w": notifyRule has no notifyMachine to start',
    );
  });

  it("are both named <workflow>-notify (BF1613)", () => {
    expect(problem(() => resources({ notifyMachine: { ...entries.notifyMachine, name: "alerts" } }))).toBe(
      'BF1613 the manifest of workflow "w": notifyMachine is named "alerts", not "w-notify"',
    );
    expect(problem(() => resources({ notifyRule: { ...entries.notifyRule, name: "alerts" } }))).toBe(
      'BF1613 the manifest of workflow "w": notifyRule is named "alerts", not "w-notify"',
    );
  });

  it("refuses a rule file that defines another rule, starts another state machine, or whose pattern is not JSON (BF1613)", () => {
    const rule = notifyRule("w");
    const file = (r: unknown) => ({ "notify-rule.json": serialize(r) });
    expect(problem(() => resources({}, file(notifyRule("v"))))).toBe(
      'BF1613 the manifest of workflow "w": notify-rule.json defines "v-notify", not "w-notify"',
    );
    const target = rule.targets.Targets[0]!;
    const elsewhere = {
      ...rule,
      targets: { ...rule.targets, Targets: [{ ...target, Arn: `${target.Arn}-2` }] },
    };
    const twice = { ...rule, targets: { ...rule.targets, Targets: [target, { ...target, Id: "again" }] } };
    const message =
      'BF1613 the manifest of workflow "w": notify-rule.json must have one target on rule "w-notify", the notify machine arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:w-notify';
    expect(problem(() => resources({}, file(elsewhere)))).toBe(message);
    expect(problem(() => resources({}, file(twice)))).toBe(message);
    for (const EventPattern of ["{ not json", "[]"]) {
      expect(problem(() => resources({}, file({ ...rule, rule: { ...rule.rule, EventPattern } })))).toBe(
        'BF1613 the manifest of workflow "w": notify-rule.json: the rule\'s EventPattern is not the JSON text of an object',
      );
    }
  });
});
