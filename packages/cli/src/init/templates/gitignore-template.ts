/** .gitignore of a new project. */
export function gitignoreTemplate(): string {
  return `node_modules/
# batchflow run: logs, traces and local locks
.batchflow/
# local values of secrets for batchflow run
.env
# what a killed batchflow compile leaves beside the output, until the next command removes it
.batchflow.*
# dist/batchflow/ is the compiled output: commit it, so reviews show the state machine's diff and
# batchflow compile --check can fail CI when it is stale.
`;
}
