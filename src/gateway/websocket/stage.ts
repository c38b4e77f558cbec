/**
 * What every part of one deployed WebSocket stage reads: what every engine instance has
 * (../instance.ts: clock, seeded ids, trace, Lambda integration, work in flight), its
 * definition and facts, and its live connections. The
 * engine builds one; connect, message routing, `$disconnect` and `@connections` take it.
 */
import type { InstanceCore } from '../core/instance';
import type { ConnectionRegistry } from './connections';
import type { WebSocketApiDefinition } from './definition';
import type { ApiFacts, RequestFacts } from './events';

export interface WebSocketContext extends Readonly<InstanceCore> {
  readonly definition: WebSocketApiDefinition;
  /** What every event of this stage shares (`requestContext.apiId`, `stage`, `domainName`, `stageVariables`). */
  readonly facts: ApiFacts;
  readonly connections: ConnectionRegistry;
  /** `requestContext.requestTime` (CLF) for an epoch time. */
  readonly formatTime: (epochMs: number) => string;
  /** Set by `dispose()`: nothing new starts after it. */
  disposed: boolean;
}

/** `requestId`, `requestTimeEpoch` and `requestTime` of one event, at `at` (default: now). */
export function requestFacts(ws: WebSocketContext, requestId: string, at = ws.clock.now()): RequestFacts {
  return { requestId, requestTimeEpoch: at, requestTime: ws.formatTime(at) };
}
