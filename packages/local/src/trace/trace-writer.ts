import { createWriteStream, openSync, type WriteStream } from "node:fs";
import type { RunEvent } from "../run/run-events.js";
import { RunSetupError } from "../run/run-setup-error.js";
import { traceRecord } from "./trace-record.js";

/** Writes the execution trace as JSON Lines, one event per line, as the events happen. */
export class TraceWriter {
  readonly #stream: WriteStream;

  /**
   * Opens (truncates) `path` at once, so a path that cannot be written fails before anything starts;
   * `shown` is how messages name it.
   */
  constructor(
    readonly path: string,
    shown = path,
  ) {
    let fd: number;
    try {
      fd = openSync(path, "w");
    } catch (error) {
      const { code, message } = error as NodeJS.ErrnoException;
      const why = code === "ENOENT" ? "its directory does not exist" : (code ?? message);
      throw RunSetupError.of(
        "BF1508",
        `cannot write the trace file ${shown}: ${why}`,
        "give --json a path in a directory that exists and that you can write to",
      );
    }
    this.#stream = createWriteStream(path, { fd, autoClose: true });
    this.#stream.on("error", () => {});
  }

  write(event: RunEvent): void {
    const record = traceRecord(event);
    if (record !== undefined) this.#stream.write(`${JSON.stringify(record)}\n`);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.#stream.end(() => resolve());
      this.#stream.once("error", () => resolve());
    });
  }
}
