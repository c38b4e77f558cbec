/**
 * What every engine instance (WebSocket, HTTP API, REST API) sets up the same way: its virtual
 * clock, seeded ids, account, API id, Region, stage, execute-api domain, trace and the shared
 * Lambda integration. One place, so the defaults and the order ids are drawn in (which replays
 * depend on) cannot drift between API types.
 */
import { ManualClock, type Clock } from './clock';
import { IdGenerator } from './ids';
import type { Invoker } from './invoker';
import type { LambdaFunctionDefinition } from './functions';
import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION } from './request-defaults';
import { LambdaIntegration } from './lambda-integration';
import { PendingWork } from './pending-work';
import { TraceLog } from './trace';

export interface InstanceCore {
  clock: Clock;
  ids: IdGenerator;
  accountId: string;
  apiId: string;
  region: string;
  stage: string;
  /** `{apiId}.execute-api.{region}.amazonaws.com`, or the host's own name when one was given. */
  domainName: string;
  trace: TraceLog;
  lambda: LambdaIntegration;
  /** Work in flight (invocations, background `$disconnect`s), for `whenIdle()`. */
  work: PendingWork;
}

export function createInstanceCore(
  options: {
    invoker: Invoker;
    clock?: Clock;
    seed?: string | number;
    accountId?: string;
    traceLimit?: number;
    domainName?: string;
  },
  def: {
    apiId?: string;
    region?: string;
    stage?: { name: string };
    functions: Readonly<Record<string, LambdaFunctionDefinition>>;
  },
  defaultStage: string,
): InstanceCore {
  const clock = options.clock ?? new ManualClock();
  const ids = new IdGenerator(options.seed ?? 1);
  const accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
  // Drawn first, before any other id, so a definition without an apiId replays identically.
  const apiId = def.apiId ?? ids.apiId();
  const region = def.region ?? DEFAULT_REGION;
  const stage = def.stage?.name ?? defaultStage;
  const trace = new TraceLog({ now: () => clock.now(), apiId, stage, limit: options.traceLimit });
  const work = new PendingWork();
  const lambda = new LambdaIntegration({
    invoker: options.invoker,
    clock,
    ids,
    trace,
    region,
    accountId,
    functions: def.functions,
    track: work,
  });
  return {
    clock,
    ids,
    accountId,
    apiId,
    region,
    stage,
    // A local host serves the API under its own name (CreateWebSocketApiOptions.domainName).
    domainName: options.domainName ?? `${apiId}.execute-api.${region}.amazonaws.com`,
    trace,
    lambda,
    work,
  };
}
