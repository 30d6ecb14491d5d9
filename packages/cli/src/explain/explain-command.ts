import { exitCode } from "../cli-error.js";
import { reportCompileProblems } from "../project/compile-project.js";
import type { Terminal } from "../terminal.js";
import type { ExplainArgs } from "./explain-args.js";
import { loadExplainedWorkflows } from "./explain-project.js";
import { explainService } from "./explain-service.js";
import { explainTask } from "./explain-task.js";
import { explainWorkflow } from "./explain-workflow.js";
import { formatExplanations } from "./format-explanation.js";
import { readJobDurations } from "./job-durations.js";
import { listPrices } from "./list-prices.js";
import { workflowMaps } from "./map-items.js";

/**
 * `batchflow explain [workflow ...]`: when each workflow and scheduled task runs, how long a run
 * can take, and an estimate of what it, and each service, costs a month. Compiles in memory;
 * writes nothing.
 */
export async function explainCommand(args: ExplainArgs, term: Terminal): Promise<number> {
  const { project, workflows, tasks, services } = await loadExplainedWorkflows(term.cwd, args.workflows);
  if (reportCompileProblems(project, term, "nothing was explained")) return exitCode.failed;
  // A scheduled task's expected duration is given under its name, as a job's.
  const jobs = [
    ...new Set([
      ...workflows.flatMap((w) => w.resolved.jobs.map((j) => j.name)),
      ...tasks.map((t) => t.name),
    ]),
  ];
  const maps = [
    ...new Set(
      workflows.flatMap((w) => workflowMaps(w.resolved.body, w.compiled, undefined).list.map((m) => m.map)),
    ),
  ];
  const durations =
    args.durations === undefined ? undefined : await readJobDurations(args.durations, term.cwd, jobs, maps);
  const explained = [];
  for (const w of workflows) {
    explained.push(await explainWorkflow({ ...w, durations, from: args.from, prices: listPrices }));
  }
  const explainedTasks = [];
  for (const task of tasks) {
    explainedTasks.push(await explainTask({ task, durations, from: args.from, prices: listPrices }));
  }
  const explainedServices = services.map((s) => explainService(s, listPrices));
  if (args.json) {
    const json = {
      estimate: "an estimate from public list prices, not a quote",
      from: new Date(args.from).toISOString(),
      prices: listPrices,
      ...(durations === undefined ? {} : { durationsFile: durations.file }),
      workflows: explained,
      tasks: explainedTasks,
      services: explainedServices,
    };
    term.out(JSON.stringify(json, null, 2));
  } else {
    for (const line of formatExplanations(
      explained,
      explainedTasks,
      explainedServices,
      args.from,
      listPrices,
      term,
    )) {
      term.out(line);
    }
  }
  return exitCode.ok;
}
