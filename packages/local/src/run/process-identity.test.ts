import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { isAlive, processIdentity, thisProcess } from "./process-identity.js";

describe("process identity", () => {
  it("knows this process, and a child until it has ended", async () => {
    expect(isAlive(thisProcess())).toBe(true);
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60_000)"]);
    const id = processIdentity(child.pid!);
    expect(isAlive(id)).toBe(true);
    child.kill("SIGKILL");
    await once(child, "exit");
    expect(isAlive(id)).toBe(false);
  });

  it("does not take a pid reused by a later process for the one that had it", () => {
    const me = thisProcess();
    if (me.start === undefined) return; // no /proc: the pid alone decides
    expect(isAlive({ pid: me.pid, start: `${me.start}0` })).toBe(false);
  });
});
