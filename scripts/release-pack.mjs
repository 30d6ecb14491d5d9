// `pnpm release:pack`: packs every publishable workspace package (those not marked private) into
// release/, as `pnpm publish` would, and checks each tarball as a registry user would get it: the
// manifest names no workspace: version and no workspace-only export condition, every file that
// exports and bin name is inside, and publint and arethetypeswrong find nothing wrong. Run after
// `pnpm build`. Exits 1 on the first problem.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const out = join(root, "release");
const pnpm = ["-y", "pnpm@12.4.2"];
const bin = (name) => join(root, "node_modules/.bin", name);

const publishable = readdirSync(join(root, "packages"))
  .map((dir) => join(root, "packages", dir))
  .filter((dir) => !JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).private);

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const problems = [];
for (const dir of publishable) {
  execFileSync("npx", [...pnpm, "pack", "--pack-destination", out], { cwd: dir, stdio: "pipe" });
}
for (const tarball of readdirSync(out).filter((f) => f.endsWith(".tgz"))) {
  const path = join(out, tarball);
  const unpacked = mkdtempSync(join(tmpdir(), "batchflow-pack-"));
  try {
    execFileSync("tar", ["xzf", path, "-C", unpacked]);
    problems.push(...checkManifest(join(unpacked, "package"), tarball));
  } finally {
    rmSync(unpacked, { recursive: true, force: true });
  }
  run(tarball, bin("publint"), ["run", path, "--strict"]);
  // ESM only, by design (docs/design/packaging.md): CommonJS require() and node10 are not targets.
  run(tarball, bin("attw"), [path, "--profile", "esm-only", "--format", "ascii"]);
  console.log(`${tarball}: packed and checked (publint, arethetypeswrong)`);
}
if (problems.length > 0) {
  for (const p of problems) console.error(`release:pack: ${p}`);
  process.exit(1);
}

function checkManifest(dir, tarball) {
  const manifest = readFileSync(join(dir, "package.json"), "utf8");
  const pkg = JSON.parse(manifest);
  const found = [];
  if (manifest.includes("workspace:")) found.push(`${tarball}: a workspace: version is left in package.json`);
  if (manifest.includes("@batchflow/source"))
    found.push(`${tarball}: the @batchflow/source condition is left`);
  for (const field of ["dependencies", "peerDependencies", "optionalDependencies"]) {
    for (const name of Object.keys(pkg[field] ?? {})) {
      if (name.startsWith("@batchflow/") && !publishedNames().has(name))
        found.push(`${tarball}: ${field} names ${name}, which is not published`);
    }
  }
  if (pkg.devDependencies || pkg.scripts) found.push(`${tarball}: devDependencies or scripts were packed`);
  if (!pkg.engines?.node) found.push(`${tarball}: no engines.node`);
  const targets = [...exportTargets(pkg.exports), ...Object.values(pkg.bin ?? {})];
  for (const target of targets) {
    if (!existsSync(join(dir, target))) found.push(`${tarball}: ${target} is named but not packed`);
  }
  return found;
}

function* exportTargets(exports) {
  if (typeof exports === "string") yield exports;
  else if (exports && typeof exports === "object")
    for (const v of Object.values(exports)) yield* exportTargets(v);
}

function publishedNames() {
  return new Set(publishable.map((dir) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name));
}

function run(tarball, command, args) {
  try {
    execFileSync(command, args, { cwd: root, stdio: "pipe", encoding: "utf8" });
  } catch (error) {
    console.error(`${tarball}: ${command.split("/").pop()} failed:\n${error.stdout}${error.stderr}`);
    process.exit(1);
  }
}
