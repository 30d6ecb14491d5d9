export { CliError, exitCode } from "./cli-error.js";
export { main } from "./main.js";
export type { Terminal } from "./terminal.js";
