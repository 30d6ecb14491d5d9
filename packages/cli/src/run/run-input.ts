import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { diagnostic } from "@batchflow/core";
import { CliError, exitCode } from "../cli-error.js";

/** `--input`: JSON text, or `@file` holding JSON (relative to the current directory). */
export function parseRunInput(given: string, cwd: string): unknown {
  let text = given;
  let source = "--input";
  if (given.startsWith("@")) {
    const file = resolve(cwd, given.slice(1));
    source = `--input ${given}`;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      throw inputError(
        `${source}: cannot read ${given.slice(1)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        "give @path/to/input.json, relative to the current directory",
      );
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw inputError(
      `${source} is not valid JSON: ${(error as Error).message}`,
      `give the execution input as JSON, e.g. --input '{"date":"2026-01-31"}', or from a file: --input @input.json`,
    );
  }
}

function inputError(message: string, hint: string): CliError {
  return new CliError([diagnostic({ code: "BF1502", message, hint })], exitCode.usage);
}
