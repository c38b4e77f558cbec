/**
 * The same runtime in-process, for Node tests and CI lesson checks: the same transpiler, loader,
 * shims and ExecutionEnvironment as the browser sandbox, minus the worker.
 *
 * Limits, by design: there is no separate thread to kill, so the function timeout is enforced
 * by racing the handler against a timer. That ends waits on promises and timers (an `await` on
 * something slow), and the timed-out environment is discarded so the next invocation starts
 * cold, as on Lambda. It CANNOT stop a synchronous infinite loop (`while (true) {}`) or a
 * microtask loop: those block the Node process. Lesson checks that exercise runaway code run in
 * the browser sandbox instead.
 */
import type { InvocationRequest, InvocationResult, Invoker } from '../gateway';
import { ExecutionEnvironment } from './lambda/environment';
import { timedOutResult } from './lambda/logs';
import type { RuntimeServices } from './services';
import { createVersionKeys } from './version';

export interface NodeInvokerOptions {
  /** The learner's files now (read at every invocation, so an edit deploys a new version). */
  getFiles(): Record<string, string>;
  services: RuntimeServices;
  /** Warm environments kept per function (Lambda keeps several for concurrent requests). Default 4. */
  poolSize?: number;
}

export interface NodeInvoker extends Invoker {
  /** How many warm environments each function has. */
  environments(): Record<string, number>;
  /** Drops every environment: the next invocations are cold starts. */
  dispose(): void;
}

interface Pool {
  version: string;
  idle: ExecutionEnvironment[];
}

export function createNodeInvoker(options: NodeInvokerOptions): NodeInvoker {
  const poolSize = options.poolSize ?? 4;
  const pools = new Map<string, Pool>();
  const versionOf = createVersionKeys();

  async function invoke(request: InvocationRequest): Promise<InvocationResult> {
    const files = options.getFiles();
    const version = versionOf(request.functionName, files, request.config, request.region);
    let pool = pools.get(request.functionName);
    if (!pool || pool.version !== version) {
      pool = { version, idle: [] };
      pools.set(request.functionName, pool);
    }
    const env =
      pool.idle.pop() ??
      new ExecutionEnvironment({
        functionName: request.functionName,
        files,
        config: request.config,
        region: request.region,
        services: options.services,
      });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), request.config.timeout * 1000);
    });
    try {
      const result = await Promise.race([env.invoke(request), timeout]);
      if (result === 'timeout') return timedOutResult(request, env.currentLogs);
      const current = pools.get(request.functionName);
      if (current === pool && pool.idle.length < poolSize) pool.idle.push(env);
      return result;
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    invoke,
    environments() {
      return Object.fromEntries([...pools].map(([name, p]) => [name, p.idle.length]));
    },
    dispose() {
      pools.clear();
    },
  };
}
