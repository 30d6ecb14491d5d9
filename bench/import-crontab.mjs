// `batchflow import crontab` over the corpus of real crontabs in test/fixtures/crontab-corpus: what
// it converts, what it reports, and how long the command takes (the installed CLI, as users run it).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { fmt, median, printTable } from "./util.mjs";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const corpus = join(root, "test/fixtures/crontab-corpus");
const cli = join(root, "packages/batchflow/bin/batchflow.js");

export function runImportBench({ passes = 1 } = {}) {
  const files = readdirSync(corpus)
    .filter((f) => f.endsWith(".crontab"))
    .sort();
  const out = mkdtempSync(join(tmpdir(), "batchflow-import-bench-"));
  const walls = [];
  let lines = 0;
  let converted = 0;
  let reported = 0;
  try {
    for (let pass = 0; pass < passes; pass++) {
      for (const file of files) {
        const format = /^# format: (user|system)$/m.exec(readFileSync(join(corpus, file), "utf8"))?.[1];
        const dir = join(out, `${pass}-${file}`);
        const start = performance.now();
        const run = spawnSync(
          process.execPath,
          [cli, "import", "crontab", join(corpus, file), "--out", dir, "--format", format],
          {
            encoding: "utf8",
          },
        );
        walls.push(performance.now() - start);
        if (run.status !== 0) throw new Error(`import of ${file} failed: ${run.stderr}`);
        if (pass > 0) continue;
        const counts =
          /^(\d+) schedule lines? read .*: (\d+) converted into \d+ workflows?, (\d+) not converted\.$/m.exec(
            run.stdout,
          );
        if (!counts) throw new Error(`unexpected output for ${file}: ${run.stdout}`);
        lines += Number(counts[1]);
        converted += Number(counts[2]);
        reported += Number(counts[3]);
      }
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  const perFile = median(walls);
  printTable(
    `batchflow import crontab: the corpus of ${files.length} real crontabs (median of ${walls.length} CLI runs)`,
    ["schedule lines", "converted", "reported", "ms per file (median)", "whole corpus ms"],
    [[lines, converted, reported, fmt(perFile, 0), fmt(perFile * files.length, 0)]],
  );
  return { files: files.length, lines, converted, reported, perFileMs: perFile };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) runImportBench();
