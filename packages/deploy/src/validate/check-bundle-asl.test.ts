import { describe, expect, it } from "vitest";
import { bundleWorkflow, notifyMachine, workflowFiles } from "../bundle/bundle-test-support.js";
import { checkBundleAsl } from "./check-bundle-asl.js";

describe("checkBundleAsl", () => {
  const locked = bundleWorkflow(workflowFiles("w", { locks: true }));

  it("passes a workflow that calls its lock machine (startExecution.sync:2), and the lock machine", () => {
    expect(checkBundleAsl([locked])).toEqual([]);
  });

  it("checks the lock machine's definition like the state machine's (BF1609)", () => {
    const broken = { ...locked, lockMachine: { ...locked.lockMachine!, StartAt: "nowhere" } };
    const problems = checkBundleAsl([broken]);
    expect(problems.map((p) => `${p.code} ${p.workflow}`)).toEqual(["BF1609 w"]);
    expect(problems[0]?.message).toMatch(/^the lock machine definition is not valid ASL:\n {4}\S/);
  });

  it("checks the notify machine's definition, its connection placeholder filled in (BF1609)", () => {
    const slack = bundleWorkflow(workflowFiles("n", { locks: false, notify: "slack" }));
    expect(checkBundleAsl([slack])).toEqual([]);
    const broken = { ...slack, notifyMachine: { ...notifyMachine("slack"), StartAt: "nowhere" } };
    const problems = checkBundleAsl([broken]);
    expect(problems.map((p) => `${p.code} ${p.workflow}`)).toEqual(["BF1609 n"]);
    expect(problems[0]?.message).toMatch(/^the notify machine definition is not valid ASL:\n {4}\S/);
  });
});
