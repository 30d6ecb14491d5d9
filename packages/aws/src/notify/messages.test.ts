import { describe, expect, it } from "vitest";
import { executionConsoleLink, fill, formatExpression, renderNotification } from "./messages.js";

describe("notification text", () => {
  it("renders a failure as the state machine composes it", () => {
    const link = executionConsoleLink("arn:aws:states:eu-west-1:000000000000:execution:wf:abc");
    expect(link).toBe(
      "https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/arn:aws:states:eu-west-1:000000000000:execution:wf:abc",
    );
    expect(
      renderNotification("jobFailure", {
        workflow: "wf",
        job: "fuga",
        exitCode: 2,
        stoppedReason: "Essential container in task exited",
        error: "States.TaskFailed",
        started: "2026-12-05T03:35:00.120Z",
        ended: "2026-12-05T03:36:01.455Z",
        link,
      }),
    ).toBe(
      `:x: *wf* failed: job \`fuga\` exited with code 2 (Essential container in task exited). Error: States.TaskFailed. Started 2026-12-05T03:35:00.120Z, ended 2026-12-05T03:36:01.455Z. ${link}`,
    );
  });

  it("becomes a States.Format call with the workflow written in and the rest as paths", () => {
    expect(
      formatExpression("*{workflow}* started {started}: {link}", "ads-hourly", {
        started: "$$.Execution.StartTime",
        link: "$.l",
      }),
    ).toBe("States.Format('*ads-hourly* started {}: {}', $$.Execution.StartTime, $.l)");
  });

  it("escapes what is special in an intrinsic string", () => {
    expect(formatExpression("it's {a} \\ {b} {c}", "wf", { a: "$.a", b: "$.b", c: "$.c" })).toBe(
      "States.Format('it\\'s {} \\\\ {} {}', $.a, $.b, $.c)",
    );
    expect(formatExpression("{literal}{x}", "wf", { literal: "$.l", x: "$.x" })).toBe(
      "States.Format('{}{}', $.l, $.x)",
    );
  });

  it("refuses a template field without a path", () => {
    expect(() => formatExpression("{nope}", "wf", {})).toThrow(
      "notification template field {nope} has no path",
    );
  });

  it("fills unknown fields with nothing", () => {
    expect(fill("{workflow}:{cause}", { workflow: "wf", started: "", ended: "", link: "" })).toBe("wf:");
  });
});
