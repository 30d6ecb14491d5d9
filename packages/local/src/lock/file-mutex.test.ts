import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";
import { afterEach, describe, expect, it } from "vitest";
import { thisProcess } from "../run/process-identity.js";
import { takeFileMutex, unnamedStaleMs } from "./file-mutex.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const lockedFile = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "batchflow-mutex-"));
  dirs.push(dir);
  return join(dir, "item.json");
};

/** The pid of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
    encoding: "utf8",
  });
  return Number(child.stdout);
}

describe("takeFileMutex", () => {
  it("lets one take hold it at a time, however many wait", async () => {
    const file = lockedFile();
    let holding = 0;
    let most = 0;
    let done = 0;
    await Promise.all(
      Array.from({ length: 12 }, async () => {
        const release = await takeFileMutex(file);
        holding++;
        most = Math.max(most, holding);
        await sleep(3);
        holding--;
        done++;
        release();
      }),
    );
    expect({ most, done }).toEqual({ most: 1, done: 12 });
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it("waits for a live holder and takes it once given back", async () => {
    const file = lockedFile();
    const first = await takeFileMutex(file);
    let second = false;
    const waiting = takeFileMutex(file).then((release) => {
      second = true;
      return release;
    });
    await sleep(30);
    expect(second).toBe(false);
    first();
    (await waiting)();
    expect(second).toBe(true);
  });

  it("removes at once a mutex whose holder has died", async () => {
    const file = lockedFile();
    const me = thisProcess();
    writeFileSync(`${file}.lock`, `${JSON.stringify({ pid: deadPid(), start: me.start, take: "old" })}\n`);
    const release = await takeFileMutex(file);
    release();
    expect(readdirSync(join(file, ".."))).toEqual([]);
  });

  it("removes a dead holder whose remover died while removing it", async () => {
    const file = lockedFile();
    const dead = deadPid();
    writeFileSync(`${file}.lock`, `${JSON.stringify({ pid: dead, take: "holder" })}\n`);
    writeFileSync(`${file}.lock~holder`, `${JSON.stringify({ pid: dead, take: "remover" })}\n`);
    (await takeFileMutex(file))();
    expect(readdirSync(join(file, ".."))).toEqual([]);
  });

  it("takes a mutex that names nobody (empty, or an older batchflow's directory) once it is stale", async () => {
    const file = lockedFile();
    const old = (Date.now() - unnamedStaleMs - 1_000) / 1000;
    writeFileSync(`${file}.lock`, "");
    utimesSync(`${file}.lock`, old, old);
    (await takeFileMutex(file))();
    mkdirSync(`${file}.lock`);
    utimesSync(`${file}.lock`, old, old);
    (await takeFileMutex(file))();
    expect(readdirSync(join(file, ".."))).toEqual([]);
  });

  it.each<[string, () => string]>([
    ["empty", () => ""],
    // A dead holder, whose file would be removed at once, but its take would name the remover's
    // mutex file outside the directory: it names nobody.
    ["a take that could be a path", () => `${JSON.stringify({ pid: deadPid(), take: "../../x" })}\n`],
  ])("does not take a mutex that names nobody (%s) while it is fresh", async (_, contents) => {
    const file = lockedFile();
    writeFileSync(`${file}.lock`, contents());
    let taken = false;
    const waiting = takeFileMutex(file).then((release) => {
      taken = true;
      release();
    });
    await sleep(60);
    expect(taken).toBe(false);
    rmSync(`${file}.lock`);
    await waiting;
    expect(taken).toBe(true);
    expect(readdirSync(join(file, ".."))).toEqual([]);
  });
});

describe("takeFileMutex across processes", () => {
  it("keeps one process inside at a time while many remove holders (and removers) that died", async () => {
    const dir = mkdtempSync(join(tmpdir(), "batchflow-mutex-race-"));
    dirs.push(dir);
    const contender = join(dir, "contender.mjs");
    buildSync({
      entryPoints: [fileURLToPath(new URL("./file-mutex.contender.ts", import.meta.url))],
      bundle: true,
      platform: "node",
      format: "esm",
      outfile: contender,
      logLevel: "error",
    });
    const file = join(dir, "item.json");
    const dead = String(deadPid());
    const results = await Promise.all(
      Array.from(
        { length: 6 },
        () =>
          new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
            const child = spawn(process.execPath, [contender, file, "200", dead]);
            let [out, err] = ["", ""];
            child.stdout.on("data", (data) => {
              out += data;
            });
            child.stderr.on("data", (data) => {
              err += data;
            });
            child.on("close", (code) => resolve({ code, out, err }));
          }),
      ),
    );
    expect(results).toEqual(Array(6).fill({ code: 0, out: '{"overlaps":0}', err: "" }));
    expect(readdirSync(dir).sort()).toEqual(["contender.mjs"]);
  });
});
