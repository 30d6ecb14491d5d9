import { describe, expect, it } from "vitest";
import { lockFileName } from "./lock-file-name.js";

describe("lockFileName", () => {
  it("keeps plain names readable and encodes everything that could make a path or a collision", () => {
    expect(lockFileName("batchflow-locks", "fuga.lock")).toBe("batchflow-locks~fuga.lock.json");
    expect(lockFileName("batchflow-locks", "../../etc/passwd")).toBe(
      "batchflow-locks~..%2F..%2Fetc%2Fpasswd.json",
    );
    expect(lockFileName("a~b", "c")).not.toBe(lockFileName("a", "b~c"));
    expect(lockFileName(".hidden", "x")).toBe("%2Ehidden~x.json");
    expect(lockFileName("t", "ロック 1")).toBe("t~%E3%83%AD%E3%83%83%E3%82%AF%201.json");
  });

  it("hashes names too long for a file name, keeping them distinct", () => {
    const a = lockFileName("t", "x".repeat(500));
    const b = lockFileName("t", `${"x".repeat(499)}y`);
    expect(a.length).toBeLessThanOrEqual(200);
    expect(a).toMatch(/^t~x+~[0-9a-f]{32}\.json$/);
    expect(a).not.toBe(b);
  });
});
