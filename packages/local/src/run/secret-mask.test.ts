import { describe, expect, it } from "vitest";
import { secretMask } from "./secret-mask.js";

describe("secretMask", () => {
  it("masks every secret value, longest first, and leaves values too short to mask", () => {
    const mask = secretMask(["hunter2", "hunter2-long", "ab"]);
    expect(mask("pw=hunter2-long then hunter2, ab")).toBe("pw=*** then ***, ab");
    expect(secretMask([])("nothing")).toBe("nothing");
  });

  it("masks each line of a multi-line secret, as the job prints it line by line", () => {
    const key = "-----BEGIN KEY-----\nMIIEvQIBADANBgkq\r\nhkiG9w0BAQEFAASC\n-----END KEY-----";
    const mask = secretMask([key]);
    const printed = `key: ${key}`.split(/\r?\n/).map(mask);
    expect(printed).toEqual(["key: ***", "***", "***", "***"]);
    expect(mask.texts).toContain("MIIEvQIBADANBgkq");
  });
});
