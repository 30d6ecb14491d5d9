// A real AWS API emulator for the deploy tests: moto_server (moto 5.2.1) on a free loopback port.
//
// Each test worker starts one server (test/support/moto-server.py) for the files it runs; a file
// resets it (POST /moto-api/reset) before its own setup and before each test, and the server ends
// with the worker. Clients get this endpoint and dummy credentials explicitly, so no test can
// reach AWS or the instance-metadata address.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type AwsClients, type CallHooks, createClients } from "@batchflow/deploy";
import { beforeAll, beforeEach } from "vitest";
import { freePort } from "./free-port.js";

export const testRegion = "ap-northeast-1";
/** moto's default account. */
export const testAccount = "123456789012";
export const testCredentials = { accessKeyId: "testing", secretAccessKey: "testing" } as const;

const installHint =
  'moto was not found. The deploy tests need the moto AWS emulator: pip install "moto[server]" (moto 5.2.1)';
// moto_server's own entry point with what it recomputed on every request done once, Flask without
// debug mode and keep-alive connections (see the script): about half its CPU per call.
const serverScript = fileURLToPath(new URL("./moto-server.py", import.meta.url));

export interface MotoServer {
  readonly port: number;
  readonly endpoint: string;
  readonly pid: number;
  reset(): Promise<void>;
  /** Keeps a copy of the emulator's whole state (moto-server.py's POST /batchflow/save-state). */
  saveState(): Promise<void>;
  /** Brings back the state saveState() kept, as a reset and the same requests again would. */
  restoreState(): Promise<void>;
  /** Ends the server (synchronously, so that a worker's exit handler can). */
  stop(): void;
}

let interpreter: string | undefined;
/**
 * The Python that `python3` names, resolved once: a version manager's shim (pyenv) costs a quarter
 * of a second of CPU at every start.
 */
export function python(): string {
  if (interpreter === undefined) {
    const found = spawnSync("python3", ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" });
    interpreter = found.status === 0 && found.stdout.trim() !== "" ? found.stdout.trim() : "python3";
  }
  return interpreter;
}

/** Starts moto_server on a free loopback port and waits until it answers. */
export async function startMoto(): Promise<MotoServer> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  // moto logs every request. Into a file, not a pipe: a test blocked in spawnSync does not drain a
  // pipe, and a full one would stop moto_server mid-request.
  const logDir = mkdtempSync(join(tmpdir(), "batchflow-moto-"));
  const logFile = join(logDir, "moto.log");
  const log = openSync(logFile, "w");
  const child = spawn(python(), [serverScript, "-H", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", "ignore", log],
    detached: true,
    env: { ...process.env, MOTO_PORT: String(port), BATCHFLOW_MOTO_LOG_DIR: logDir },
  });
  closeSync(log);
  const logTail = (): string => {
    try {
      return readFileSync(logFile, "utf8").slice(-4000);
    } catch {
      return "";
    }
  };
  const exited = new Promise<Error>((resolve) => {
    child.once("error", (error: NodeJS.ErrnoException) =>
      resolve(error.code === "ENOENT" ? new Error(installHint) : error),
    );
    child.once("exit", (code) => {
      const log = logTail();
      resolve(
        new Error(
          /No module named 'moto'/.test(log) ? installHint : `moto_server exited with code ${code}:\n${log}`,
        ),
      );
    });
  });
  const ready = waitUntilAnswering(endpoint, 30_000);
  const outcome = await Promise.race([ready.then(() => undefined), exited]);
  if (outcome instanceof Error) {
    kill(child);
    rmSync(logDir, { recursive: true, force: true });
    throw outcome;
  }
  process.env.MOTO_PORT = String(port);
  // The server must not keep the worker alive; it ends with the worker (see moto-server.py).
  child.unref();
  const pid = child.pid!;
  return {
    port,
    endpoint,
    pid,
    reset: () => post(endpoint, "/moto-api/reset"),
    saveState: () => post(endpoint, "/batchflow/save-state"),
    restoreState: () => post(endpoint, "/batchflow/restore-state"),
    stop: () => {
      kill(child);
      rmSync(logDir, { recursive: true, force: true });
    },
  };
}

// One server per test worker: the files a worker runs one after another share it (vitest keeps a
// worker's modules between files), each starting from a reset. A new server spends ~3 s of CPU
// importing moto's services on its first calls; once per worker instead of once per file.
let workerServer: Promise<MotoServer> | undefined;
function serverOfThisWorker(): Promise<MotoServer> {
  if (workerServer === undefined) {
    const starting = startMoto();
    workerServer = starting;
    starting.then(
      (server) => process.once("exit", () => server.stop()),
      () => {
        workerServer = undefined;
      },
    );
  }
  return workerServer;
}

/**
 * Registers the lifecycle in the calling test file: the worker's server, reset before the file's
 * own setup and before every test. Returns an accessor for the running server.
 */
export function useMoto(): () => MotoServer {
  let server: MotoServer | undefined;
  beforeAll(async () => {
    server = await serverOfThisWorker();
    await server.reset();
  }, 40_000);
  beforeEach(async () => {
    await server?.reset();
  });
  return () => {
    if (!server) throw new Error("moto_server is not running (did beforeAll fail?)");
    return server;
  };
}

/** The deploy clients, pointed at moto with dummy credentials. */
export function motoClients(server: MotoServer, hooks?: CallHooks): AwsClients {
  return createClients({
    region: testRegion,
    endpoint: server.endpoint,
    credentials: testCredentials,
    maxAttempts: 1,
    ...(hooks ? { hooks } : {}),
  });
}

/** Environment for a CLI child process that talks to moto. */
export function motoEnv(server: MotoServer): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: testCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: testCredentials.secretAccessKey,
    AWS_REGION: testRegion,
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    MOTO_PORT: String(server.port),
  };
}

async function post(endpoint: string, path: string): Promise<void> {
  const res = await fetch(`${endpoint}${path}`, { method: "POST" });
  if (!res.ok) throw new Error(`moto ${path} failed: ${res.status} ${await res.text()}`);
}

async function waitUntilAnswering(endpoint: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${endpoint}/moto-api/reset`, { method: "POST" });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`moto_server did not answer on ${endpoint} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function kill(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    // moto_server runs in its own process group (detached): stop it and anything it started.
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}
