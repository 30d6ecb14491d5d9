// Stand-ins for the modules aws-local-stepfunctions imports but batchflow never uses, swapped in
// when the library is bundled (see tsup.config.ts). batchflow serves every Task state with a local
// handler, so the library's Lambda client is never constructed; should it ever be, it says why.
import { createRequire } from "node:module";

const notUsed = (): never => {
  throw new Error("batchflow runs every Task state locally; the AWS SDK for Lambda is not part of it");
};

export class LambdaClient {
  constructor() {
    notUsed();
  }
}

export class InvokeCommand {}

export const fromCognitoIdentityPool = notUsed;

// The library validates definitions only when asked (batchflow's runs do not ask): the validator,
// batchflow's own asl-validator dependency, is loaded on the first call instead of at start-up.
const require = createRequire(import.meta.url);
export default function aslValidator(...args: unknown[]): unknown {
  return (require("asl-validator") as (...a: unknown[]) => unknown)(...args);
}
