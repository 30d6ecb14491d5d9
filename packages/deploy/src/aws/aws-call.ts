import { type CallContext, toDeployError } from "./aws-errors.js";

/** Runs one AWS call; any failure becomes a DeployError naming the action and the resource. */
export async function awsCall<T>(ctx: CallContext, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toDeployError(error, ctx);
  }
}

/** `awsCall` for a read whose "does not exist" answer is `undefined`, not an error. */
export async function awsFind<T>(
  ctx: CallContext,
  notFound: (error: unknown) => boolean,
  run: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    if (notFound(error)) return undefined;
    throw toDeployError(error, ctx);
  }
}

/** `awsCall` for a delete: "already gone" is success, so an interrupted prune can be re-run. */
export async function awsDelete(
  ctx: CallContext,
  notFound: (error: unknown) => boolean,
  run: () => Promise<unknown>,
): Promise<void> {
  await awsFind(ctx, notFound, run);
}
