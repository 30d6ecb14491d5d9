// aws-local-stepfunctions, loaded for local runs. batchflow serves every Task state with a local handler,
// so the library's AWS SDK clients (for Lambda tasks) are never used, and the ASL validator only when
// asked to validate. Importing the library's ESM build loads them all, which costs ~150 ms at the start of
// every `batchflow run`. This module loads the library's CommonJS build (same code) with those modules
// replaced, for the duration of the load, by stand-ins: the SDK by stubs that throw if ever called, the
// validator by a function that loads the real one on first use. The require cache is restored right
// after, so nothing else in the process sees the stand-ins.
import "../polyfill/promise-with-resolvers.js";
import { createRequire, Module } from "node:module";
import type * as Library from "aws-local-stepfunctions";

export type {
  RunOptions,
  StateMachineDefinition,
} from "aws-local-stepfunctions";

const require = createRequire(import.meta.url);

function load(): typeof Library {
  const libraryPath = require.resolve("aws-local-stepfunctions");
  const fromLibrary = createRequire(libraryPath);
  const notUsed = (): never => {
    throw new Error("batchflow runs every Task state locally; the AWS SDK is not loaded");
  };
  const standIns: Record<string, unknown> = {
    "@aws-sdk/client-lambda": {
      LambdaClient: class {
        constructor() {
          notUsed();
        }
      },
      InvokeCommand: class {},
    },
    "@aws-sdk/credential-providers": { fromCognitoIdentityPool: notUsed },
    "asl-validator": (...args: unknown[]) =>
      (fromLibrary("asl-validator") as (...a: unknown[]) => unknown)(...args),
  };
  const installed: string[] = [];
  try {
    for (const [id, exports] of Object.entries(standIns)) {
      const path = fromLibrary.resolve(id);
      if (require.cache[path] !== undefined) continue;
      const standIn = new Module(path);
      standIn.filename = path;
      standIn.loaded = true;
      standIn.exports = exports;
      require.cache[path] = standIn;
      installed.push(path);
    }
    return require(libraryPath) as typeof Library;
  } finally {
    for (const path of installed) delete require.cache[path];
  }
}

const library = load();

export const ExecutionAbortedError = library.ExecutionAbortedError;
export type ExecutionAbortedError = Library.ExecutionAbortedError;
export const ExecutionError = library.ExecutionError;
export type ExecutionError = Library.ExecutionError;
export const ExecutionTimeoutError = library.ExecutionTimeoutError;
export type ExecutionTimeoutError = Library.ExecutionTimeoutError;
export const StateMachine = library.StateMachine;
export type StateMachine = Library.StateMachine;
