/**
 * At most `limit` tasks running at once, across every caller of `run`. After a task fails, tasks
 * not yet started are not started (they reject with that error), so a failed plan stops reading.
 */
export interface Limiter {
  run<T>(task: () => Promise<T>): Promise<T>;
}

export function createLimiter(limit: number): Limiter {
  let running = 0;
  let failure: { error: unknown } | undefined;
  const queue: Array<() => void> = [];
  const release = () => {
    running--;
    queue.shift()?.();
  };
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (running >= limit) await new Promise<void>((resolve) => queue.push(resolve));
      if (failure) {
        queue.shift()?.();
        throw failure.error;
      }
      running++;
      try {
        return await task();
      } catch (error) {
        failure ??= { error };
        throw error;
      } finally {
        release();
      }
    },
  };
}
