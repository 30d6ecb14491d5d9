import { describe, expect, it } from "vitest";
import { code, print, stringLiteral } from "./source-printer.js";

describe("source printer", () => {
  it("keeps what fits on one line and breaks the rest one member a line", () => {
    const short = code.call(
      "job",
      code.string("a"),
      code.object([["command", code.list([code.string("x")])]]),
    );
    expect(print(short, "", 0, 1)).toBe('job("a", { command: ["x"] })');
    const long = code.list(Array.from({ length: 12 }, (_, i) => code.string(`argument-${i}`)));
    expect(print(long, "", 0, 1).split("\n")).toHaveLength(14);
  });

  it("writes shorthand members and quotes keys that are not identifiers", () => {
    expect(
      print(
        code.object([
          ["task", code.text("task")],
          ["A-B", code.string("1")],
        ]),
        "",
        0,
        0,
      ),
    ).toBe('{ task, "A-B": "1" }');
  });

  it("quotes strings as Biome does: single quotes when that needs fewer escapes", () => {
    expect(stringLiteral("plain")).toBe('"plain"');
    expect(stringLiteral('say "hi"')).toBe(`'say "hi"'`);
    expect(stringLiteral(`it's "x"`)).toBe(`'it\\'s "x"'`);
    expect(stringLiteral(`it's`)).toBe(`"it's"`);
  });
});
