#!/usr/bin/env node
import module from "node:module";

// Node.js 22.1 and later keep the V8 bytecode of the CLI's modules between runs (in the OS temp
// directory, or NODE_COMPILE_CACHE; NODE_DISABLE_COMPILE_CACHE=1 turns it off), as TypeScript's
// tsc does: a command starts 16 to 27 ms sooner (bench/compile-cache.mjs on Node.js 22 and 24).
// Node.js 20 has no such cache. Before the CLI is imported, which is why that import is dynamic. A cache it cannot write is reported in the
// returned status, not thrown, and the CLI runs without it.
module.enableCompileCache?.();

const { main } = await import("../dist/cli.js");
process.exitCode = await main(process.argv.slice(2));
