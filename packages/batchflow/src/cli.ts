// The `batchflow` command (bin/batchflow.js); not a public entry of the package.
export { main } from "@batchflow/cli";
