import { describe, expect, it } from "vitest";
import { secretMask } from "./secret-mask.js";

describe("secretMask", () => {
  it("masks every secret value, longest first, and leaves values too short to mask", () => {
    const mask = secretMask(["hunter2", "hunter2-long", "ab"]);
    expect(mask("pw=hunter2-long then hunter2, ab")).toBe("pw=*** then ***, ab");
    expect(secretMask([])("nothing")).toBe("nothing");
  });
});
