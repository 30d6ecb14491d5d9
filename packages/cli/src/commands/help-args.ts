import type { CommandSpec } from "../args/command-spec.js";

/** `batchflow help [command]`: parsed by main itself, described here for the help. */
export const helpSpec: CommandSpec = {
  name: "help",
  summary: "show the help of batchflow, or of one command",
  description: ["batchflow help compile is batchflow compile --help."],
  positionals: [{ name: "command", description: "the command to explain" }],
  options: {},
  exitCodes: [
    [0, "the help was shown"],
    [2, "no such command"],
  ],
};
