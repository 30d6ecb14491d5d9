// Side-effect module: installs `Promise.withResolvers` (ES2024) when the runtime lacks it.
//
// aws-local-stepfunctions@3.0.0 declares node >= 22 and calls `Promise.withResolvers()` inside every
// Task state (to race the task against its `TimeoutSeconds`). Node 20 does not have it, so import this
// module before the library: `import "./promise-with-resolvers.js";`.

interface PromiseWithResolversShim<T> {
  promise: Promise<T>;
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (reason?: unknown) => void;
}

const promiseConstructor = Promise as PromiseConstructor & {
  withResolvers?: <T>() => PromiseWithResolversShim<T>;
};

if (typeof promiseConstructor.withResolvers !== "function") {
  Object.defineProperty(Promise, "withResolvers", {
    configurable: true,
    writable: true,
    enumerable: false,
    value: function withResolvers<T>(): PromiseWithResolversShim<T> {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

export {};
