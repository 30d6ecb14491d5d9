import { describe, expect, it } from "vitest";
import { cron, rate } from "../builders/schedules.js";
import { DefinitionError } from "../diagnostics/batchflow-error.js";
import { DiagnosticSink } from "../diagnostics/diagnostic-sink.js";
import { brand } from "../ir/brand.js";
import type { CronSchedule } from "../ir/schedule-spec.js";
import { resolveSchedule } from "../resolve/resolve-schedule.js";
import { crontabToAws } from "./crontab-to-aws.js";
import { parseRate } from "./rate-expression.js";
import { checkTimeZone } from "./time-zone.js";

function thrown(build: () => unknown): DefinitionError {
  try {
    build();
  } catch (error) {
    if (error instanceof DefinitionError) return error;
    throw error;
  }
  throw new Error("nothing was thrown");
}

describe("cron() and rate() arguments", () => {
  it("refuse an expression that is not a string at the call (BF1107)", () => {
    const error = thrown(() => cron(123 as never));
    expect(error.code).toBe("BF1107");
    expect(error.diagnostics[0]).toMatchObject({
      message: "cron() takes the crontab line as a string, not the number 123",
      hint: 'write it in quotes: cron("35 * * * *")',
      location: { file: expect.stringMatching(/schedule-arguments\.test\.ts$/) },
    });
    expect(thrown(() => rate(undefined as never)).diagnostics[0]?.message).toBe(
      "rate() takes the rate as a string, not undefined",
    );
  });

  it("check their options like any options object", () => {
    expect(thrown(() => cron("0 3 * * *", { timezone: 9 } as never)).diagnostics[0]).toMatchObject({
      code: "BF1012",
      message:
        'cron() options: timezone must be a string (an IANA time zone like "Asia/Tokyo"), not the number 9',
    });
    expect(thrown(() => cron("0 3 * * *", { timezon: "Asia/Tokyo" } as never)).diagnostics[0]).toMatchObject({
      code: "BF1011",
      hint: 'did you mean "timezone"?',
    });
    expect(thrown(() => rate("1 hour", "Asia/Tokyo" as never)).diagnostics[0]).toMatchObject({
      code: "BF1012",
      message: 'rate() options must be an object like { timezone: "Asia/Tokyo" }, not a string',
      hint: 'write { timezone: "Asia/Tokyo" }',
    });
  });
});

describe("the schedule parsers, given what a hand-built node may hold", () => {
  it("reach resolve as coded problems, not as a crash", () => {
    const sink = new DiagnosticSink("w");
    const spec = {
      [brand]: "schedule",
      kind: "cron",
      expression: 123,
      timezone: 9,
    } as unknown as CronSchedule;
    expect(resolveSchedule(spec, sink)).toBeUndefined();
    expect(sink.items.map((d) => d.code)).toEqual(["BF1107", "BF1106"]);
  });

  it("report a problem instead of throwing", () => {
    expect(crontabToAws(123 as never)).toEqual({
      ok: false,
      problems: [expect.objectContaining({ code: "BF1107" })],
    });
    expect(parseRate(null as never)).toEqual({
      ok: false,
      problems: [expect.objectContaining({ code: "BF1107" })],
    });
    expect(checkTimeZone(9 as never)).toMatchObject({
      code: "BF1106",
      message: "The time zone must be a string, not the number 9.",
    });
  });
});
