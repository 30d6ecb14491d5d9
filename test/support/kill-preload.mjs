// Test-only preload for the built CLI (`node --import ./kill-preload.mjs batchflow.js compile`):
// counts every call that changes the disk under BF_KILL_DIR (create, write, flush, rename,
// remove) and, at call number BF_KILL_AT, sends BF_KILL_SIGNAL (default SIGKILL) to its own
// process before the call is made. So a kill lands at an exact, repeatable step of the write or
// the switch, not at a moment a timer happened to pick. With BF_KILL_LOG, each counted call is
// appended to that file as "<n> <call> <path>" (a dry run lists the steps to choose from).
//
// Plain JavaScript: it runs in the CLI's own node process, before the CLI, without a TypeScript
// loader. It patches the `fs` module objects and then syncs the ESM named exports
// (`import { rename } from "node:fs/promises"`) to them.
import { createRequire, syncBuiltinESMExports } from "node:module";

const require = createRequire(import.meta.url);
const fs = require("node:fs");
const fsp = require("node:fs/promises");

const dir = process.env.BF_KILL_DIR;
const at = Number(process.env.BF_KILL_AT ?? "0");
const signal = process.env.BF_KILL_SIGNAL ?? "SIGKILL";
const log = process.env.BF_KILL_LOG;
const appendLog = fs.appendFileSync;
let count = 0;

/** Counts a call on `path` when it is under BF_KILL_DIR, and signals this process at call BF_KILL_AT. */
function step(call, path) {
  const p = path instanceof URL ? path.pathname : typeof path === "string" ? path : undefined;
  if (dir === undefined || p === undefined || !p.startsWith(dir)) return;
  count += 1;
  if (log !== undefined) appendLog(log, `${count} ${call} ${p}\n`);
  if (count === at) process.kill(process.pid, signal);
}

const writes = (flags) => typeof flags === "string" && /[wax+]/.test(flags);
const paths = new WeakMap();

for (const name of ["mkdir", "mkdtemp", "writeFile", "appendFile", "rename", "rm", "rmdir", "unlink"]) {
  const real = fsp[name];
  fsp[name] = function (path, ...rest) {
    step(name, path);
    return real.call(this, path, ...rest);
  };
}
for (const name of ["copyFile", "cp", "symlink", "link"]) {
  const real = fsp[name];
  fsp[name] = function (from, to, ...rest) {
    step(name, to);
    return real.call(this, from, to, ...rest);
  };
}
const realOpen = fsp.open;
fsp.open = async function (path, flags, ...rest) {
  if (writes(flags)) step(`open ${flags}`, path);
  const handle = await realOpen.call(this, path, flags, ...rest);
  paths.set(handle, String(path));
  return handle;
};
const handle = await realOpen("/dev/null", "r");
const FileHandle = Object.getPrototypeOf(handle);
await handle.close();
for (const name of ["writeFile", "write", "sync", "datasync", "truncate"]) {
  const real = FileHandle[name];
  FileHandle[name] = function (...args) {
    step(`handle.${name}`, paths.get(this));
    return real.apply(this, args);
  };
}
for (const name of ["mkdirSync", "writeFileSync", "renameSync", "rmSync", "rmdirSync", "unlinkSync"]) {
  const real = fs[name];
  fs[name] = function (path, ...rest) {
    step(name, path);
    return real.call(this, path, ...rest);
  };
}
for (const name of ["copyFileSync", "cpSync", "symlinkSync"]) {
  const real = fs[name];
  fs[name] = function (from, to, ...rest) {
    step(name, to);
    return real.call(this, from, to, ...rest);
  };
}
syncBuiltinESMExports();
