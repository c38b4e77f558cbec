/**
 * The trace's schema as data, for checking an imported file event by event: the fields every
 * event has, and each kind's own (src/gateway/core/trace.ts is the model; the mapped types below
 * make TypeScript refuse this table when a kind or a field is added there and not here).
 * An imported trace is untrusted: every field is checked for its type, enums for their values,
 * and a field the kind does not have is an error, so what is shown is always a trace the
 * engine could have written.
 */
import { KNOWN_DIFFERENCES, TRACE_VERSION, type TraceBase, type TraceDetail, type TraceKind } from '../gateway';

/** How one field is checked. */
type Check =
  | 'string'
  | 'number'
  | 'int'
  | 'boolean'
  /** Any JSON value (a Lambda event or result), bounded in depth. */
  | 'json'
  /** An object of string values (headers, identity sources, path parameters). */
  | 'record'
  /** An array of strings. */
  | 'strings'
  | 'participant'
  | 'known-difference'
  /** One of these strings. */
  | { oneOf: readonly string[] }
  /** An object with exactly these fields. */
  | { object: Readonly<Record<string, Field>> };

/** A field's check, and whether it may be absent. */
interface Field {
  check: Check;
  optional: boolean;
}

type Req = Field & { optional: false };
type Opt = Field & { optional: true };
const req = (check: Check): Req => ({ check, optional: false });
const opt = (check: Check): Opt => ({ check, optional: true });
const oneOf = (...values: string[]): Check => ({ oneOf: values });

/** Every key of `T` (the optional ones with `opt`, the others with `req`), and no other. */
type FieldsOf<T> = { [F in keyof T]-?: undefined extends T[F] ? Opt : Req };
type DetailOf<K extends TraceKind> = Omit<Extract<TraceDetail, { kind: K }>, 'kind'>;

const BASE: FieldsOf<Omit<TraceBase, 'v'>> = {
  seq: req('int'),
  t: req('number'),
  from: req('participant'),
  to: req('participant'),
  apiId: req('string'),
  stage: req('string'),
  causeSeq: opt('int'),
  connectionId: opt('string'),
  requestId: opt('string'),
  messageId: opt('string'),
  invocationId: opt('string'),
  summary: req('string'),
  bytes: opt('number'),
  unconfirmed: opt('known-difference'),
};

const MGMT = oneOf('PostToConnection', 'GetConnection', 'DeleteConnection');

const KINDS: { [K in TraceKind]: FieldsOf<DetailOf<K>> } = {
  'ws.upgrade': { query: req('string'), headers: req('record'), subprotocols: req('strings') },
  'ws.handshake': { status: req('int'), accepted: req('boolean'), protocol: opt('string'), headers: req('record') },
  'ws.frame.in': { opcode: req(oneOf('text', 'binary')), size: req('int'), text: req('string') },
  'ws.route': {
    expression: req('string'),
    value: req('string'), // or null: see NULLABLE
    routeKey: req('string'),
    match: req(oneOf('exact', 'default', 'none')),
  },
  'ws.frame.out': {
    size: req('int'),
    text: req('string'),
    cause: req(
      oneOf('route-response', 'post-to-connection', 'forbidden', 'integration-error', 'bad-request', 'observed'),
    ),
  },
  'ws.close': {
    code: req('int'),
    reason: req('string'),
    initiator: req(oneOf('client', 'gateway', 'management', 'idle-timeout', 'max-duration', 'limit', 'network')),
  },
  'authorizer.invoke': { functionName: req('string'), identity: req('record') },
  'authorizer.result': {
    functionName: req('string'),
    decision: req(oneOf('allow', 'deny', 'unauthorized', 'error')),
    status: opt('int'),
    principalId: opt('string'),
  },
  'gateway.reject': { status: req('int'), reason: req('string') },
  'lambda.invoke': {
    functionName: req('string'),
    routeKey: req('string'),
    eventType: req('string'),
    event: opt('json'),
  },
  'lambda.result': {
    functionName: req('string'),
    outcome: req(oneOf('ok', 'error', 'timeout')),
    durationMs: req('number'),
    value: opt('json'),
    error: opt({ object: { errorType: req('string'), errorMessage: req('string') } }),
  },
  'lambda.log': {
    functionName: req('string'),
    level: req(oneOf('log', 'info', 'warn', 'error', 'platform')),
    text: req('string'),
  },
  'integration.timeout': { functionName: req('string'), timeoutMs: req('number') },
  'mgmt.request': { operation: req(MGMT), target: req('string'), size: opt('int') },
  'mgmt.response': { operation: req(MGMT), status: req('int'), errorName: opt('string') },
  'table.op': {
    table: req('string'),
    operation: req('string'),
    ok: req('boolean'),
    items: opt('int'),
    error: opt('string'),
    change: opt({
      object: { type: req(oneOf('put', 'delete')), key: req('json'), item: opt('json'), cut: opt('boolean') },
    }),
  },
  'clock.advance': { ms: req('number') },
  'deployment.replaced': { closedConnections: req('int'), code: req('int') },
  'ws.client-fail': { reason: req('string'), code: req('int') },
  'http.request': {
    method: req('string'),
    path: req('string'),
    query: req('string'),
    headers: req('record'),
    bodySize: req('int'),
    bodyPreview: req('string'),
  },
  'http.route': {
    routeKey: req('string'), // or null: see NULLABLE
    match: req(oneOf('exact', 'param', 'greedy', 'any', 'default', 'none')),
    pathParameters: opt('record'),
  },
  'http.response': {
    status: req('int'),
    headers: req('record'),
    bodySize: req('int'),
    bodyPreview: req('string'),
    source: req(oneOf('integration', 'gateway', 'cache', 'mock')),
    errorType: opt('string'),
  },
  'cors.preflight': {
    origin: req('string'),
    requestMethod: req('string'),
    requestHeaders: req('strings'),
    status: req('int'),
    allowed: req('boolean'),
    modelled: req('boolean'),
  },
  'cors.verdict': { origin: req('string'), allowed: req('boolean'), reason: req('string'), modelled: req('boolean') },
  'auth.jwt': {
    outcome: req(oneOf('allow', 'unauthorized', 'forbidden')),
    reason: req('string'),
    subject: opt('string'),
    scopes: opt('strings'),
  },
  'apikey.check': {
    outcome: req(oneOf('ok', 'missing', 'invalid', 'disabled', 'not-in-plan')),
    keyId: opt('string'),
  },
  throttle: {
    scope: req(oneOf('account', 'stage', 'route', 'usage-plan')),
    outcome: req(oneOf('allowed', 'throttled', 'quota-exceeded')),
    tokensLeft: opt('number'),
    quotaLeft: opt('number'),
  },
  cache: {
    outcome: req(oneOf('HIT', 'MISS', 'STORE', 'INVALIDATE', 'BYPASS')),
    key: req('string'),
    ttlSeconds: req('number'),
  },
  validation: { outcome: req(oneOf('ok', 'failed')), validator: req('string'), message: opt('string') },
  mapping: {
    direction: req(oneOf('request', 'response')),
    mapping: req(oneOf('vtl', 'parameter')),
    ok: req('boolean'),
    outputPreview: opt('string'),
    error: opt({ object: { message: req('string'), line: req('int'), column: req('int') } }),
  },
  'integration.mock': { statusCode: req('int') },
};

/** Fields that are `string | null` in the model (present, but null when there is no value). */
const NULLABLE: Partial<Record<TraceKind, readonly string[]>> = {
  'ws.route': ['value', 'routeKey'],
  'http.route': ['routeKey'],
};

/** `lambda.invoke`'s event and `lambda.result`'s value hold any JSON, but not nested deeper than this. */
export const MAX_JSON_DEPTH = 64;

const PARTICIPANT = /^(gateway|management|(client|authorizer|integration|table):.*)$/s;

function typeName(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'object') return 'an object';
  if (typeof x === 'string') return 'a string';
  if (typeof x === 'number') return 'a number';
  return typeof x;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function depthOf(x: unknown, limit: number): number {
  if (typeof x !== 'object' || x === null) return 0;
  if (limit <= 0) return 1;
  let deepest = 0;
  for (const v of Object.values(x)) {
    deepest = Math.max(deepest, depthOf(v, limit - 1));
    if (deepest >= limit) break;
  }
  return deepest + 1;
}

/** What is wrong with `value` as `check`, or null when it is right. */
function problem(value: unknown, check: Check): string | null {
  const want = (what: string) => `must be ${what}, not ${typeName(value)}`;
  if (typeof check === 'object') {
    if ('oneOf' in check) {
      if (typeof value === 'string' && check.oneOf.includes(value)) return null;
      const got = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeName(value);
      return `must be one of ${check.oneOf.map((v) => `"${v}"`).join(', ')}, not ${got}`;
    }
    if (!isObject(value)) return want('an object');
    return fieldsProblem(value, check.object);
  }
  switch (check) {
    case 'string':
      return typeof value === 'string' ? null : want('a string');
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : want('a finite number');
    case 'int':
      return Number.isSafeInteger(value) ? null : want('an integer');
    case 'boolean':
      return typeof value === 'boolean' ? null : want('true or false');
    case 'json':
      return depthOf(value, MAX_JSON_DEPTH) <= MAX_JSON_DEPTH ? null : `is nested deeper than ${MAX_JSON_DEPTH} levels`;
    case 'record': {
      if (!isObject(value)) return want('an object of strings');
      const bad = Object.entries(value).find(([, v]) => typeof v !== 'string');
      return bad ? `.${bad[0]} must be a string, not ${typeName(bad[1])}` : null;
    }
    case 'strings': {
      if (!Array.isArray(value)) return want('an array of strings');
      const i = value.findIndex((v) => typeof v !== 'string');
      return i < 0 ? null : `[${i}] must be a string, not ${typeName(value[i])}`;
    }
    case 'participant':
      return typeof value === 'string' && PARTICIPANT.test(value)
        ? null
        : typeof value === 'string'
          ? `must be a participant (gateway, management, client:…, authorizer:…, integration:… or table:…), not ${JSON.stringify(value.slice(0, 40))}`
          : want('a participant');
    case 'known-difference':
      return typeof value === 'string' && Object.hasOwn(KNOWN_DIFFERENCES, value)
        ? null
        : `must name a known difference, not ${typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeName(value)}`;
  }
}

/** The first wrong, missing or unexpected field of `obj` against `fields`, or null. */
function fieldsProblem(
  obj: Record<string, unknown>,
  fields: Readonly<Record<string, Field>>,
  nullable: readonly string[] = [],
): string | null {
  for (const [name, field] of Object.entries(fields)) {
    const value = obj[name];
    if (value === undefined) {
      if (field.optional) continue;
      return `"${name}" is missing`;
    }
    if (value === null && nullable.includes(name)) continue;
    const p = problem(value, field.check);
    if (p) return `"${name}" ${p}`;
  }
  return null;
}

/**
 * Checks one untrusted value as a trace event of `TRACE_VERSION`: the shared fields, the kind's
 * own fields, and no field the kind does not have. Returns the reason it is not one, or null.
 */
export function traceEventProblem(x: unknown): string | null {
  if (!isObject(x)) return `must be an object, not ${typeName(x)}`;
  if (x.v !== TRACE_VERSION) return `"v" must be ${TRACE_VERSION}, not ${JSON.stringify(x.v) ?? 'missing'}`;
  if (typeof x.kind !== 'string') return x.kind === undefined ? '"kind" is missing' : '"kind" must be a string';
  if (!Object.hasOwn(KINDS, x.kind)) return `unknown kind ${JSON.stringify(x.kind.slice(0, 40))}`;
  const kind = x.kind as TraceKind;
  const own: Readonly<Record<string, Field>> = KINDS[kind];
  const base = fieldsProblem(x, BASE);
  if (base) return `(${kind}) ${base}`;
  const detail = fieldsProblem(x, own, NULLABLE[kind]);
  if (detail) return `(${kind}) ${detail}`;
  const extra = Object.keys(x).find(
    (k) => k !== 'v' && k !== 'kind' && !Object.hasOwn(BASE, k) && !Object.hasOwn(own, k),
  );
  return extra === undefined ? null : `(${kind}) has a field a ${kind} event does not have: "${extra.slice(0, 40)}"`;
}
