// The README's first command: compile every bundled example with the built CLI, as a user would,
// show the job graph each state machine encodes, then run the talk's workflow on this machine.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const ecsRunTask = "arn:${AWS::Partition}:states:::ecs:runTask.sync";
const cli = join(root, "packages/batchflow/bin/batchflow.js");
let failed = 0;
// The talk's migration first: it is the main example.
const examples = readdirSync(join(root, "examples")).sort((a, b) =>
  a === "seed-migration" ? -1 : b === "seed-migration" ? 1 : a.localeCompare(b),
);
for (const name of examples) {
  const cwd = join(root, "examples", name);
  console.log(`\n$ cd examples/${name} && batchflow compile`);
  const run = spawnSync(process.execPath, [cli, "compile"], { cwd, stdio: "inherit" });
  if (run.status !== 0) {
    failed++;
    continue;
  }
  const out = join(cwd, "dist/batchflow");
  for (const workflow of readdirSync(out).sort()) {
    const asl = join(out, workflow, "state-machine.asl.json");
    if (!existsSync(asl)) continue;
    console.log(`\n  ${workflow}: the state machine, state by state`);
    printBranch(JSON.parse(readFileSync(asl, "utf8")), "    ");
    // batchflow's own state machines beside it: written once per workflow, not into its definition.
    for (const [file, what] of [
      ["lock-machine.asl.json", "the lock machine, which takes and gives back its locks"],
      ["notify-machine.asl.json", "the notify machine, which an EventBridge rule starts when a run ends"],
    ]) {
      const path = join(out, workflow, file);
      if (!existsSync(path)) continue;
      const states = Object.keys(JSON.parse(readFileSync(path, "utf8")).States).length;
      console.log(`    + ${file}: ${what} (${states} states)`);
    }
  }
}
// The main job: the migrated crontab, its jobs as local processes (`make run <job>`), live.
const seed = join(root, "examples/seed-migration");
console.log("\n$ cd examples/seed-migration && batchflow run ads-hourly");
const run = spawnSync(process.execPath, [cli, "run", "ads-hourly"], { cwd: seed, stdio: "inherit" });
if (run.status !== 0) failed++;
process.exitCode = failed === 0 ? 0 : 1;

function printBranch(branch, indent) {
  for (const [name, state] of Object.entries(branch.States)) {
    const next = state.Next ? `-> ${state.Next}` : state.End ? "-> end" : "";
    const extra = [
      state.TimeoutSeconds && state.Resource === ecsRunTask && `timeout ${state.TimeoutSeconds}s`,
      state.Retry &&
        state.Resource === ecsRunTask &&
        `retry ${state.Retry.map((r) => r.ErrorEquals.join("|")).join(", ")}`,
      state.Catch && `catch ${state.Catch.map((c) => `${c.ErrorEquals.join("|")} -> ${c.Next}`).join(", ")}`,
      state.Type === "Task" && describeTask(state),
    ].filter(Boolean);
    console.log(
      `${indent}${name.padEnd(36)} ${state.Type.padEnd(8)} ${next}${extra.length ? `  (${extra.join("; ")})` : ""}`,
    );
    for (const [i, b] of (state.Branches ?? []).entries()) {
      console.log(`${indent}  branch ${i + 1}:`);
      printBranch(b, `${indent}    `);
    }
  }
}

/** What a Task state does, in a few words. */
function describeTask(state) {
  const p = state.Parameters ?? {};
  switch (state.Resource) {
    case ecsRunTask:
      return `command: ${p.Overrides.ContainerOverrides[0].Command.join(" ")}`;
    case "arn:${AWS::Partition}:states:::states:startExecution.sync:2": {
      // A call of the workflow's lock machine (lock-machine.asl.json), which takes or gives back the lock.
      const { op, lock, tries, poll } = p.Input;
      const how = op === "acquire" ? (tries > 0 ? `, polling every ${poll}s while busy` : ", once") : "";
      return `${op === "acquire" ? "take" : "release"} lock ${lock}${how}, in the lock machine`;
    }
    case "arn:${AWS::Partition}:states:::http:invoke":
      return "post the message to Slack";
    case "arn:${AWS::Partition}:states:::sns:publish":
      return "publish the message to SNS";
    case "arn:${AWS::Partition}:states:::aws-sdk:secretsmanager:getSecretValue":
      return "read the webhook URL from Secrets Manager";
    default:
      return state.Resource;
  }
}
