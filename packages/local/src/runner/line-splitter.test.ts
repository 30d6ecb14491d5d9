import { describe, expect, it } from "vitest";
import { LineSplitter } from "./line-splitter.js";

describe("LineSplitter", () => {
  it("splits chunks into lines: UTF-8 across chunks, CRLF, carriage-return redraws, a last line without newline", () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    const text = Buffer.from("héllo\r\nprogress 10%\rprogress 100%\n\nlast");
    splitter.write(text.subarray(0, 2)); // cuts "é" in half
    splitter.write(text.subarray(2));
    expect(lines).toEqual(["héllo", "progress 100%", ""]);
    splitter.end();
    expect(lines).toEqual(["héllo", "progress 100%", "", "last"]);
  });
});
