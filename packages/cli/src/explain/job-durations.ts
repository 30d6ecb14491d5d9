import { readFile } from "node:fs/promises";
import { relative } from "node:path";
import { diagnostic } from "@batchflow/core";
import { nearest } from "../args/did-you-mean.js";
import { cliCode } from "../cli-codes.js";
import { CliError } from "../cli-error.js";

/** Expected seconds per job name, items per map, and where they came from. */
export interface JobDurations {
  /** `durations`: a `{ "<job>": seconds }` file; `trace`: a `batchflow run --json` trace. */
  readonly source: "durations" | "trace";
  readonly file: string;
  readonly seconds: ReadonlyMap<string, number>;
  /** Items per run, by Map state name (`{ "map-process": { "items": 50 } }`); a trace gives none. */
  readonly items: ReadonlyMap<string, number>;
}

/**
 * Reads `--durations FILE`: a JSON object of job names and seconds (and of map names and
 * `{ "items": n }`), or the JSON Lines trace `batchflow run --json` writes, where each job's
 * duration is that of its attempt that succeeded (else its longest). Names no explained workflow
 * has are an error: a typo would go unnoticed.
 */
export async function readJobDurations(
  file: string,
  root: string,
  jobs: ReadonlyArray<string>,
  maps: ReadonlyArray<string> = [],
): Promise<JobDurations> {
  const shown = relative(root, file) || file;
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw problem(
      cliCode.durationsRead,
      `cannot read the durations file ${shown}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      "give --durations a JSON file of job names and seconds, or the trace of batchflow run --json",
    );
  }
  const parsed = wholeJson(text);
  const durations: JobDurations =
    parsed !== undefined && !isTraceRecord(parsed)
      ? { source: "durations", file: shown, ...durationsObject(parsed, shown) }
      : { source: "trace", file: shown, seconds: traceDurations(text, shown), items: new Map() };
  const unknown = [
    ...[...durations.seconds.keys()].filter((name) => !jobs.includes(name)),
    ...[...durations.items.keys()].filter((name) => !maps.includes(name)),
  ];
  if (unknown.length > 0) {
    const names = [...jobs, ...maps];
    const near = unknown.map((name) => nearest(name, names)).find((n) => n !== undefined);
    throw problem(
      cliCode.durationsJob,
      `${shown} names ${unknown.map((n) => `"${n}"`).join(", ")}, which no workflow or scheduled task explained here has`,
      `${near === undefined ? "" : `did you mean "${near}"? `}the jobs (and scheduled tasks) are ${jobs.join(", ")}${maps.length === 0 ? "" : `; the maps (for { "items": n }) are ${maps.join(", ")}`}`,
    );
  }
  return durations;
}

function wholeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isTraceRecord(value: unknown): boolean {
  return typeof value === "object" && value !== null && "type" in value && "time" in value;
}

function durationsObject(
  value: unknown,
  shown: string,
): { seconds: ReadonlyMap<string, number>; items: ReadonlyMap<string, number> } {
  const shape =
    'write { "<job>": seconds, ... } and { "<map>": { "items": n } }, e.g. { "hoge": 600, "map-process": { "items": 50 } }';
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw problem(cliCode.durationsShape, `${shown} is not a JSON object of job names and seconds`, shape);
  }
  const seconds = new Map<string, number>();
  const items = new Map<string, number>();
  for (const [name, v] of Object.entries(value)) {
    if (typeof v === "object" && v !== null && !Array.isArray(v)) {
      const entry = v as Record<string, unknown>;
      const count = entry.items;
      const extra = Object.keys(entry).filter((k) => k !== "items");
      if (extra.length > 0 || typeof count !== "number" || !Number.isInteger(count) || count < 0) {
        throw problem(
          cliCode.durationsShape,
          `${shown}: the entry of map "${name}" is ${JSON.stringify(v)}, not { "items": <whole number> }`,
          shape,
        );
      }
      items.set(name, count);
      continue;
    }
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      throw problem(
        cliCode.durationsShape,
        `${shown}: the duration of "${name}" is ${JSON.stringify(v)}, not a number of seconds`,
        shape,
      );
    }
    seconds.set(name, v);
  }
  return { seconds, items };
}

/** A job's expected duration in a trace: its last succeeded attempt, else its longest attempt. */
function traceDurations(text: string, shown: string): ReadonlyMap<string, number> {
  const succeeded = new Map<string, number>();
  const longest = new Map<string, number>();
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  for (const [index, line] of lines.entries()) {
    const record = wholeJson(line) as {
      type?: unknown;
      job?: unknown;
      durationMs?: unknown;
      outcome?: unknown;
    };
    if (typeof record !== "object" || record === null || typeof record.type !== "string") {
      throw problem(
        cliCode.durationsShape,
        `${shown} is neither a JSON object of job durations nor a batchflow run --json trace (line ${index + 1})`,
        'give a { "<job>": seconds } file, or the file batchflow run <workflow> --json FILE wrote',
      );
    }
    if (record.type !== "JobEnded" || typeof record.job !== "string" || typeof record.durationMs !== "number")
      continue;
    const seconds = record.durationMs / 1000;
    if (record.outcome === "succeeded") succeeded.set(record.job, seconds);
    longest.set(record.job, Math.max(seconds, longest.get(record.job) ?? 0));
  }
  return new Map([...longest].map(([job, seconds]) => [job, succeeded.get(job) ?? seconds]));
}

function problem(code: (typeof cliCode)[keyof typeof cliCode], message: string, hint: string): CliError {
  return new CliError([diagnostic({ code, message, hint })]);
}
