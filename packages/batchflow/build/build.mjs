// Builds the package: the generated ASL schema validator first, then the JavaScript (tsup) and the
// declarations (tsc -p tsconfig.types.json) side by side, as they only read the same sources (tsup
// empties dist/, tsc writes .types/), then sucrase gets a file of its own (bundle-sucrase.mjs), the
// declarations are rolled up into dist/ (bundle-types.mjs), and THIRD-PARTY-NOTICES.md gets the list of what dist/ bundles
// (third-party-notices.mjs). tsc is single-threaded; on 2 cores tsup's second of work fits beside it.
import { spawn } from "node:child_process";

/** Runs a command of node_modules/.bin (on PATH under `pnpm run`) to its end. */
function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: "inherit" });
    child.once("error", reject);
    child.once("exit", (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`${command} ${args.join(" ")} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

// The ASL schema validator that @batchflow/deploy imports is generated code (see that package's build).
await run("node", ["../deploy/build/compile-asl-schema.mjs"]);
const results = await Promise.allSettled([run("tsup", []), run("tsc", ["-p", "tsconfig.types.json"])]);
const failed = results.filter((r) => r.status === "rejected");
if (failed.length > 0) {
  for (const f of failed) console.error(f.reason.message);
  process.exit(1);
}
await import("./bundle-sucrase.mjs");
await import("./bundle-types.mjs");
await import("./third-party-notices.mjs");
