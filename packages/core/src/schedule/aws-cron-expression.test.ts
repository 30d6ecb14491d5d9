import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { awsCronToExpression } from "./aws-cron-expression.js";
import { parseAwsCron } from "./aws-cron-matcher.test-helper.js";
import { crontabToAws } from "./crontab-to-aws.js";
import type { ScheduleProblem } from "./schedule-result.js";

const ok = (expression: string) => ({ ok: true, expression });
const codes = (expr: string) => {
  const result = awsCronToExpression(expr);
  return result.ok ? [] : result.problems.map((p) => p.code);
};
const problem = (expr: string) => {
  const result = awsCronToExpression(expr);
  if (result.ok) throw new Error(`${expr} was accepted`);
  return result.problems[0] as ScheduleProblem;
};

describe("awsCronToExpression", () => {
  it("takes what EventBridge documents, L, W and # included, and writes it as cron(...)", () => {
    expect(awsCronToExpression("0 9 ? * MON#1 *")).toEqual(ok("cron(0 9 ? * MON#1 *)"));
    expect(awsCronToExpression("cron(0 9 ? * mon#1 *)")).toEqual(ok("cron(0 9 ? * MON#1 *)"));
    expect(awsCronToExpression("  0   18 L * ? *  ")).toEqual(ok("cron(0 18 L * ? *)"));
    expect(awsCronToExpression("0 8 15W * ? *")).toEqual(ok("cron(0 8 15W * ? *)"));
    expect(awsCronToExpression("0 10 ? * 6L *")).toEqual(ok("cron(0 10 ? * 6L *)"));
    expect(awsCronToExpression("0 10 ? * FRIL *")).toEqual(ok("cron(0 10 ? * FRIL *)"));
    expect(awsCronToExpression("0 10 ? * L *")).toEqual(ok("cron(0 10 ? * L *)"));
    expect(awsCronToExpression("0/15 8-17 ? * MON-FRI *")).toEqual(ok("cron(0/15 8-17 ? * MON-FRI *)"));
    expect(awsCronToExpression("*/5 * * jan,jul ? 2027-2030")).toEqual(
      ok("cron(*/5 * * JAN,JUL ? 2027-2030)"),
    );
    expect(awsCronToExpression("0 0 1 1/3 ? *")).toEqual(ok("cron(0 0 1 1/3 ? *)"));
  });

  it("refuses what EventBridge refuses, saying which field and what to write", () => {
    expect(problem("0 9 * * MON#1 *")).toMatchObject({
      code: "BF1109",
      message: expect.stringContaining('sets both day-of-month ("*") and day-of-week ("MON#1")'),
      hint: expect.stringContaining('"0 9 ? * MON#1 *"'),
    });
    expect(problem("0 9 ? * ? *").message).toContain('"?" in both day fields');
    expect(problem("0 9 * * *")).toMatchObject({
      code: "BF1109",
      hint: expect.stringContaining('"0 9 * * * *"'),
    });
    expect(problem("0 0 9 ? * MON *").message).toContain("has 7 fields");
    expect(problem("0 9 ? * MON#6 *")).toMatchObject({
      code: "BF1102",
      message: expect.stringContaining("#6"),
    });
    expect(problem("0 9 ? * 8L *")).toMatchObject({ code: "BF1102" });
    expect(problem("0 9 32W * ? *")).toMatchObject({ code: "BF1102" });
    expect(problem("0 9 LW * ? *").hint).toContain("not LW");
    expect(problem("0 9 L,15 * ? *").message).toContain("mixes");
    expect(problem("0 9 ? * MON#1,FRI *").message).toContain("mixes");
    expect(problem("0 L ? * MON *").message).toContain("takes no ?, L, W or #");
    expect(problem("0 9 ? * MON/2 *").message).toContain('"/" increments in day-of-week');
    expect(problem("60 9 ? * MON *")).toMatchObject({ code: "BF1102" });
    expect(problem("0 9 ? * 0 *")).toMatchObject({
      code: "BF1102",
      hint: expect.stringContaining("1 is Sunday"),
    });
    expect(problem("0 9 * * ? 1969")).toMatchObject({ code: "BF1102" });
    expect(problem("0/90 9 * * ? *")).toMatchObject({ code: "BF1102" });
    expect(problem("0 22-2 * * ? *")).toMatchObject({
      code: "BF1109",
      hint: expect.stringContaining("22-23,0-2"),
    });
    expect(problem("0 9 ? * FRI-MON *").hint).toContain("FRI-SAT,SUN-MON");
    expect(codes("0 9 ? * FUNDAY *")).toEqual(["BF1109"]);
    expect(codes("")).toEqual(["BF1109"]);
  });

  it("takes every expression the crontab converter writes, as it is written", () => {
    const field = (min: number, max: number) =>
      fc.oneof(
        fc.constant("*"),
        fc.integer({ min, max }).map(String),
        fc
          .tuple(fc.integer({ min, max }), fc.integer({ min, max }))
          .map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
        fc
          .tuple(fc.integer({ min, max }), fc.integer({ min: 2, max: max - min + 1 }))
          .map(([a, n]) => `${a}/${n}`),
      );
    fc.assert(
      fc.property(
        field(0, 59),
        field(0, 23),
        field(1, 31),
        field(1, 12),
        field(0, 7),
        fc.boolean(),
        (m, h, dom, mon, dow, byDay) => {
          const line = byDay ? `${m} ${h} * ${mon} ${dow}` : `${m} ${h} ${dom} ${mon} *`;
          const converted = crontabToAws(line);
          if (!converted.ok) return;
          expect(awsCronToExpression(converted.expression)).toEqual(ok(converted.expression));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("agrees with the test's own reading of AWS cron on values, ranges, increments and lists", () => {
    const item = (min: number, max: number, increments: boolean) =>
      fc.oneof(
        fc.integer({ min: min - 1, max: max + 1 }).map(String),
        fc.tuple(fc.integer({ min, max }), fc.integer({ min, max })).map(([a, b]) => `${a}-${b}`),
        ...(increments
          ? [
              fc
                .tuple(fc.integer({ min, max }), fc.integer({ min: 0, max: max - min + 1 }))
                .map(([a, n]) => `${a}/${n}`),
            ]
          : []),
      );
    const field = (min: number, max: number, increments = true) =>
      fc.oneof(
        fc.constant("*"),
        fc.array(item(min, max, increments), { minLength: 1, maxLength: 3 }).map((items) => items.join(",")),
      );
    const days = fc.oneof(
      field(1, 31).map((dom) => [dom, "?"]),
      field(1, 7, false).map((dow) => ["?", dow]),
      fc.constant(["*", "*"]),
    );
    fc.assert(
      fc.property(
        field(0, 59),
        field(0, 23),
        days,
        field(1, 12),
        field(1970, 2199),
        (m, h, [dom, dow], mon, y) => {
          const expression = `cron(${m} ${h} ${dom} ${mon} ${dow} ${y})`;
          let reference = true;
          try {
            parseAwsCron(expression);
          } catch {
            reference = false;
          }
          expect(awsCronToExpression(expression).ok, expression).toBe(reference);
        },
      ),
      { numRuns: 500 },
    );
  });
});
