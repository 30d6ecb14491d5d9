export { CliError, exitCode } from "./cli-error.js";
export { main } from "./main.js";
// For the tests that kill compile: the repair every command runs before it reads the output.
export { readOutput } from "./output/output-access.js";
export type { Recovered } from "./output/recover-output.js";
export type { Terminal } from "./terminal.js";
