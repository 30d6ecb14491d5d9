// A real npm registry for the release test: verdaccio 6.8.0 on a free loopback port, serving the
// packages this repository publishes from its own storage and every other package through the
// npm registry (its uplink), as a company registry would. The test's projects ask it for the
// @batchflow scope only (test/support/user-shell.ts).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.js";

export interface Registry {
  readonly url: string;
  /** An npmrc naming the registry and a publish token. */
  readonly npmrc: string;
  /** `npm publish` of a packed tarball. */
  publish(tarball: string): void;
  stop(): Promise<void>;
}

const verdaccioBin = join(
  createRequire(import.meta.url).resolve("verdaccio/package.json"),
  "..",
  "bin",
  "verdaccio",
);

export async function startRegistry(): Promise<Registry> {
  const dir = mkdtempSync(join(tmpdir(), "batchflow-registry-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  // Our scope is never proxied: what installs is what this test published, never a package of
  // that name on the public registry.
  writeFileSync(
    join(dir, "config.yaml"),
    `storage: ${join(dir, "storage")}
auth:
  htpasswd:
    file: ${join(dir, "htpasswd")}
    max_users: 10
uplinks:
  npmjs:
    url: https://registry.npmjs.org/
    timeout: 60s
    max_fails: 10
packages:
  "@batchflow/*":
    access: $all
    publish: $authenticated
  "**":
    access: $all
    proxy: npmjs
server:
  keepAliveTimeout: 60
log: { type: stdout, format: pretty, level: warn }
`,
  );
  const logFile = join(dir, "verdaccio.log");
  const log = openSync(logFile, "w");
  const child = spawn(
    process.execPath,
    [verdaccioBin, "--config", join(dir, "config.yaml"), "--listen", `127.0.0.1:${port}`],
    { stdio: ["ignore", log, log], detached: true },
  );
  closeSync(log);
  const exited = new Promise<Error>((resolve) =>
    child.once("exit", (code) =>
      resolve(new Error(`verdaccio exited with code ${code}:\n${readFileSync(logFile, "utf8")}`)),
    ),
  );
  const ready = await Promise.race([waitForPing(url, 30_000).then(() => undefined), exited]);
  if (ready instanceof Error) throw ready;

  const token = await createUser(url);
  const npmrc = join(dir, "npmrc");
  writeFileSync(npmrc, `registry=${url}\n//127.0.0.1:${port}/:_authToken=${token}\n`);
  return {
    url,
    npmrc,
    publish(tarball) {
      execFileSync("npm", ["publish", tarball, "--userconfig", npmrc, "--registry", url], {
        stdio: "pipe",
        env: { ...process.env, npm_config_update_notifier: "false" },
      });
    },
    async stop() {
      await stopProcess(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function createUser(url: string): Promise<string> {
  const res = await fetch(new URL("-/user/org.couchdb.user:release-test", url), {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "release-test", password: "release-test-password" }),
  });
  const body = (await res.json()) as { token?: string };
  if (!res.ok || body.token === undefined) throw new Error(`verdaccio refused the test user: ${res.status}`);
  return body.token;
}

async function waitForPing(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(new URL("-/ping", url))).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`verdaccio did not answer on ${url} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  process.kill(-child.pid, "SIGTERM");
  const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 3000);
  await gone;
  clearTimeout(timer);
}
