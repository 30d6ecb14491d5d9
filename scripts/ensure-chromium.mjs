// The browser test (test/graph-browser.test.ts) drives Debian's Chromium. The test line runs this
// first: when /usr/bin/chromium is missing and this is root on a machine with apt-get, it starts
// `apt-get install -y chromium` (without the recommended packages) in the background and returns
// at once, so the install (about a minute) overlaps the build and the other tests instead of adding
// to the test line; the browser test waits for it through the status file. Anywhere else it
// prints what to do and exits 0.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, openSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const chromiumPath = "/usr/bin/chromium";
const root = dirname(dirname(fileURLToPath(import.meta.url)));
/** `{ "state": "installing" | "done" | "failed", "log": path }`: what the browser test reads. */
export const statusFile = join(root, "test/.tmp/chromium-install.json");

if (import.meta.url === `file://${process.argv[1]}`) {
  // A status left by an earlier install must not make the browser test wait for one that is over.
  rmSync(statusFile, { force: true });
  if (existsSync(chromiumPath)) process.exit(0);
  const apt = spawnSync("sh", ["-c", "command -v apt-get"], { encoding: "utf8" }).stdout.trim();
  if (apt === "" || process.getuid?.() !== 0) {
    console.warn(
      `note: ${chromiumPath} is missing: the browser test needs Debian's chromium (apt-get install -y chromium, as root)`,
    );
    process.exit(0);
  }
  mkdirSync(dirname(statusFile), { recursive: true });
  const log = join(dirname(statusFile), "chromium-install.log");
  writeFileSync(statusFile, `${JSON.stringify({ state: "installing", log })}\n`);
  // Without the recommended packages and dpkg's fsync of every file it unpacks: on a new machine
  // 25 packages instead of 116 and 15 upgrades (systemd, avahi, printing, perl: nothing a headless
  // browser uses), 115 MB to fetch instead of 131, 398 MB unpacked instead of 463.
  const install = "apt-get install -y --no-install-recommends -o Dpkg::Options::=--force-unsafe-io chromium";
  const script = `${install} && s=done || s=failed; printf '{"state":"%s","log":"%s"}\\n' "$s" "${log}" > "${statusFile}"`;
  const out = openSync(log, "w");
  const child = spawn("sh", ["-c", script], {
    detached: true,
    stdio: ["ignore", out, out],
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  child.unref();
  console.log(`installing Debian's chromium in the background for the browser test (log: ${log})`);
}
