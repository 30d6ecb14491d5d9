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
        seconds: 61,
        link,
      }),
    ).toBe(
      `:x: *wf* failed: job \`fuga\` exited with code 2 (Essential container in task exited). Error: States.TaskFailed. Ran 61 s. ${link}`,
    );
  });

  it("becomes a States.Format call with the workflow written in and the rest as paths", () => {
    expect(
      formatExpression("*{workflow}* took {seconds} s: {link}", "ads-hourly", {
        seconds: "$.s",
        link: "$.l",
      }),
    ).toBe("States.Format('*ads-hourly* took {} s: {}', $.s, $.l)");
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
    expect(fill("{workflow}:{cause}", { workflow: "wf", seconds: 1, link: "" })).toBe("wf:");
  });
});
