import { closeSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";

/**
 * `<dir>/<job>.log`: each job's output, every attempt, between batchflow's marker lines. Written
 * synchronously, line by line: cheaper per job than a stream, and nothing is lost when batchflow exits.
 */
export class JobLogs {
  readonly #files = new Map<string, number>();

  constructor(readonly dir: string) {}

  /** A line of the job's output (secrets already masked). */
  line(job: string, text: string): void {
    this.#write(job, `${text}\n`);
  }

  /** A line batchflow adds: an attempt started or ended, a stop signal sent. */
  marker(job: string, text: string): void {
    this.#write(job, `--- batchflow: ${text} ---\n`);
  }

  /** The attempt is over: its file is closed (a workflow may have more jobs than a process may open files). */
  release(job: string): void {
    const fd = this.#files.get(job);
    if (fd === undefined) return;
    this.#files.delete(job);
    closeSync(fd);
  }

  pathOf(job: string): string {
    return join(this.dir, `${job}.log`);
  }

  close(): void {
    for (const fd of this.#files.values()) closeSync(fd);
    this.#files.clear();
  }

  #write(job: string, text: string): void {
    try {
      let fd = this.#files.get(job);
      if (fd === undefined) {
        fd = openSync(this.pathOf(job), "a");
        this.#files.set(job, fd);
      }
      writeSync(fd, text);
    } catch {
      // A log that cannot be written (disk full, directory removed) must not fail the job.
    }
  }
}
