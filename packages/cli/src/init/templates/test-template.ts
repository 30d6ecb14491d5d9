/** test/hello.test.ts of a new project: simulate() of a success and a failure, and a snapshot. */
export function testTemplate(): string {
  return `import { compile } from "@batchflow/batchflow";
import { simulate } from "@batchflow/batchflow/testing";
import { describe, expect, it } from "vitest";
import config from "../batchflow.config.js";
import { hello } from "../workflows/hello.js";

describe("hello", () => {
  it("runs extract, then load", async () => {
    const run = await simulate(hello, {}, { config });
    expect(run.status).toBe("SUCCEEDED");
    expect(run.attempts("extract")).toBe(1);
    expect(run.attempts("load")).toBe(1);
  });

  it("tries a failing load twice, then fails", async () => {
    const run = await simulate(hello, { jobs: { load: { exitCode: 1 } } }, { config });
    expect(run.status).toBe("FAILED");
    expect(run.error).toBe("States.TaskFailed");
    expect(run.attempts("load")).toBe(2);
    expect(run.duration).toBe(10_000); // the retry interval, in virtual time
  });

  it("compiles to the reviewed state machine", () => {
    // The first run writes the snapshot; commit it, and review its diff when the workflow changes.
    expect(compile(hello, { config }).stateMachine).toMatchSnapshot();
  });
});
`;
}
