/**
 * What every part of one deployed WebSocket stage reads: its definition and facts, virtual
 * clock, seeded ids, trace, Lambda integration, work in flight and live connections. The
 * engine builds one; connect, message routing, `$disconnect` and `@connections` take it.
 */
import type { Clock } from '../clock';
import type { IdGenerator } from '../ids';
import type { LambdaIntegration } from '../integration/lambda';
import type { PendingWork } from '../pending-work';
import type { TraceLog } from '../trace';
import type { ConnectionRegistry } from './connections';
import type { WebSocketApiDefinition } from './definition';
import type { ApiFacts, RequestFacts } from './events';

export interface WebSocketStage {
  readonly definition: WebSocketApiDefinition;
  readonly accountId: string;
  readonly apiId: string;
  readonly region: string;
  readonly stage: string;
  readonly domainName: string;
  /** What every event of this stage shares (`requestContext.apiId`, `stage`, `domainName`, `stageVariables`). */
  readonly facts: ApiFacts;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly trace: TraceLog;
  readonly lambda: LambdaIntegration;
  readonly work: PendingWork;
  readonly connections: ConnectionRegistry;
  /** `requestContext.requestTime` (CLF) for an epoch time. */
  readonly formatTime: (epochMs: number) => string;
  /** Set by `dispose()`: nothing new starts after it. */
  disposed: boolean;
}

/** `requestId`, `requestTimeEpoch` and `requestTime` of one event, at `at` (default: now). */
export function requestFacts(ws: WebSocketStage, requestId: string, at = ws.clock.now()): RequestFacts {
  return { requestId, requestTimeEpoch: at, requestTime: ws.formatTime(at) };
}
