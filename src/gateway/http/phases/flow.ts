/**
 * What the HTTP API pipeline's phases share: the per-request `Flow`, and the per-instance
 * `HttpContext` (what every engine instance has, ../../instance.ts, plus the stage's
 * definition and facts, route table, JWKS and authorizer cache).
 */
import type { GatewayHttpResponse } from '../../core/http-types';
import type { InstanceCore } from '../../core/instance';
import type { Participant } from '../../core/trace';
import type { HttpApiDefinition } from '../definition';
import type { HttpApiFacts, HttpRequestFacts } from '../events';
import type { JwtKeySource } from '../jwt/discovery';
import type { RouteTable } from '../routes';

/** One deployed stage's state, shared by every request (built once by the engine). */
export interface HttpContext extends Readonly<InstanceCore> {
  readonly definition: HttpApiDefinition;
  /** What every event of this stage shares. */
  readonly facts: HttpApiFacts;
  readonly routes: RouteTable;
  /** Where JWT authorizers get the keys they verify against (a fixed set, or OpenID discovery). */
  readonly jwtKeys: JwtKeySource;
  /** Lambda authorizer results by authorizer and identity, for `resultTtlInSeconds`. */
  readonly authCache: Map<string, { expiresAt: number; value: unknown }>;
  /** The seq of each response's http.response event (so the browser's steps can cite it). */
  readonly responseSeq: WeakMap<GatewayHttpResponse, number>;
}

/** One request in flight: what every phase needs. */
export interface Flow {
  requestId: string;
  participant: Participant;
  facts: HttpRequestFacts;
  /** Path after the stage, as sent. */
  path: string;
  origin: string | undefined;
  /** The seq of the last step, which the next trace event answers. */
  seq: number;
}
