// aws-local-stepfunctions, the interpreter of local runs. It declares node >= 22 and calls
// `Promise.withResolvers()` inside every Task state, so the polyfill is installed first.
//
// The published package bundles the library (packages/batchflow/tsup.config.ts): it is not one of
// its dependencies, so installing batchflow on Node 20 prints no engine warning, and its AWS SDK
// clients (for Lambda tasks, which batchflow never runs: every Task state is served locally) are
// left out of the bundle.
import "../polyfill/promise-with-resolvers.js";

export {
  ExecutionAbortedError,
  ExecutionError,
  ExecutionTimeoutError,
  type RunOptions,
  StateMachine,
  type StateMachineDefinition,
} from "aws-local-stepfunctions";
