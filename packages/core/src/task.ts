/**
 * `task()`: turns a named top-level function into a remote function. `.remote(...)`
 * returns an `ObjectRef` at once and runs the function on a worker once the refs
 * among its arguments are ready; `.options()` gives a copy with other options.
 */
import { InvalidArgumentError } from "./errors.js";
import { callSiteModule } from "./internal/callSiteModule.js";
import { clusterClient } from "./internal/clusterClient.js";
import { noteOutgoing } from "./internal/tracing/CallTracer.js";
import { evaluatedNamespace } from "./internal/evaluatedModules.js";
import { moduleUrl } from "./internal/loadExport.js";
import { ObjectRef } from "./ObjectRef.js";

export interface TaskOptions {
  /** Name in listings and errors; defaults to the function's name. */
  readonly name?: string;
  /** Runs again after its worker died, at most this many times; defaults to 3. */
  readonly retries?: number;
  /** Also retry when it throws: `true` for any error, or the error names to retry; defaults to `false`. */
  readonly retryExceptions?: boolean | readonly string[];
  /** Resources each run holds; `cpu` defaults to 1. Defaults to `{ cpu: 1 }`. */
  readonly resources?: Readonly<Record<string, number>>;
  /** The module that defines and exports the function; defaults to the call site of `task()`. */
  readonly module?: string;
}

/** An argument may be given as its value or as a ref to it. */
export type RemoteArgs<A extends unknown[]> = { [K in keyof A]: A[K] | PromiseLike<A[K]> };

/**
 * A remote function is also the plain function: calling it runs `fn` here (which is
 * also how a worker finds it when the module exports the remote function).
 */
export interface RemoteFunction<F extends (...args: never[]) => unknown> {
  (...args: Parameters<F>): ReturnType<F>;
  readonly name: string;
  /** Submits a run; returns the ref of its result at once. */
  remote(...args: RemoteArgs<Parameters<F>>): ObjectRef<Awaited<ReturnType<F>>>;
  /** The same function with other options. */
  options(options: TaskOptions): RemoteFunction<F>;
}

/**
 * @example
 * export const square = task(function square(x: number) { return x * x; });
 * const four = square.remote(2);
 * console.log(await square.remote(four)); // 16
 */
export function task<F extends (...args: never[]) => unknown>(
  fn: F,
  options: TaskOptions = {},
): RemoteFunction<F> {
  if (typeof fn !== "function") {
    throw new InvalidArgumentError(`task() takes a function, not ${typeof fn}`);
  }
  if (fn.name === "" || fn.name === "anonymous") {
    throw new InvalidArgumentError(
      "task() needs a named function declared at module top level and exported, " +
        "e.g. `export const add = task(function add(a, b) { return a + b; })`: an anonymous " +
        "function cannot be found by a worker",
    );
  }
  const module = options.module ?? callSiteModule();
  const loaded = evaluatedNamespace(module);
  if (loaded !== undefined && loaded[fn.name] !== fn) {
    throw new InvalidArgumentError(
      `task ${fn.name} is made inside main() (or another function) of ${module}, not at ` +
        `its top level: a worker imports that module and finds only its top-level exports; ` +
        `move it there: \`export const ${fn.name} = task(function ${fn.name}() { … })\``,
    );
  }
  const remote = remoteFunction(fn, { ...options, module });
  checkExported(remote, fn, module);
  return remote;
}

/** Why a task cannot run on a worker, found once its module has loaded; `remote()` throws it. */
const notRunnable = new WeakMap<object, InvalidArgumentError>();

/**
 * Checks, once the defining module has finished loading, that a worker can find `fn`
 * there: exported under its own name (itself or as the remote function). A nested or
 * unexported function is refused at `remote()` with the fix, not deep in a worker.
 */
function checkExported(remote: object, fn: { readonly name: string }, module: string): void {
  import(moduleUrl(module)).then(
    (namespace: Record<string, unknown>) => {
      const exported = namespace[fn.name];
      if (exported !== fn && exported !== remote) {
        notRunnable.set(
          remote,
          new InvalidArgumentError(
            `task ${fn.name} is not exported as '${fn.name}' from ${module}: declare it at module ` +
              `top level and export it (\`export const ${fn.name} = task(function ${fn.name}() { … })\`)`,
          ),
        );
      }
    },
    () => undefined, // a module that fails to load fails in the worker with its own error
  );
}

function remoteFunction<F extends (...args: never[]) => unknown>(
  fn: F,
  options: TaskOptions & { readonly module: string },
): RemoteFunction<F> {
  const retries = options.retries ?? 3;
  if (!Number.isInteger(retries) || retries < 0) {
    throw new InvalidArgumentError(
      `task ${fn.name}: retries must be a whole number ≥ 0, not ${retries}`,
    );
  }
  const name = options.name ?? fn.name;
  const local = (...args: Parameters<F>) => fn(...args) as ReturnType<F>;
  Object.defineProperty(local, "name", { value: name });
  const remote: RemoteFunction<F> = Object.assign(local, {
    remote(...args: RemoteArgs<Parameters<F>>) {
      const problem = notRunnable.get(remote);
      if (problem !== undefined) throw problem;
      const id = clusterClient().submitTask({
        function: { module: options.module, exportName: fn.name },
        name,
        args,
        retries,
        retryExceptions: options.retryExceptions ?? false,
        resources: options.resources ?? {},
      });
      noteOutgoing(id, name);
      return new ObjectRef<Awaited<ReturnType<F>>>(id);
    },
    options(more: TaskOptions) {
      const copy = remoteFunction(fn, {
        ...options,
        ...more,
        module: more.module ?? options.module,
      });
      const problem = notRunnable.get(remote);
      if (problem !== undefined) notRunnable.set(copy, problem);
      return copy;
    },
  });
  return remote;
}
