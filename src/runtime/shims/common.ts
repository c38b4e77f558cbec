/**
 * What every AWS SDK v3 shim shares: the host they call (services reached by message passing),
 * `$metadata`, ServiceException, and the Client/Command shape (`client.send(new XCommand(input))`).
 */
import type { DynamoDbCall, DynamoDbCallResult, ManagementCall, ManagementCallResult } from '../services';

/** The services as a handler's shims see them: the runtime fills in the invocation and function. */
export interface ShimHost {
  region: string;
  management(req: Omit<ManagementCall, 'invocationId' | 'functionName'>): Promise<ManagementCallResult>;
  dynamodb(req: Omit<DynamoDbCall, 'invocationId' | 'functionName'>): Promise<DynamoDbCallResult>;
}

/** `$metadata` on every SDK v3 output and service error. */
export interface ResponseMetadata {
  httpStatusCode: number;
  requestId: string;
  extendedRequestId: undefined;
  cfId: undefined;
  attempts: number;
  totalRetryDelay: number;
}

const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A request id of the given length (ids, not secrets: Math.random is fine and works off secure contexts). */
export function requestId(length = 52, chars = ID_CHARS): string {
  let s = '';
  for (let i = 0; i < length; i++) s += chars[Math.floor(Math.random() * chars.length)];
  return s;
}

/** A UUID-shaped request id, as `@connections` responses carry. */
export function uuidLike(): string {
  const h = requestId(32, '0123456789abcdef');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
}

export function metadata(httpStatusCode: number, id: string): ResponseMetadata {
  return {
    httpStatusCode,
    requestId: id,
    extendedRequestId: undefined,
    cfId: undefined,
    attempts: 1,
    totalRetryDelay: 0,
  };
}

export interface ServiceExceptionOptions {
  name: string;
  $fault: 'client' | 'server';
  $metadata: ResponseMetadata;
  message?: string;
}

/**
 * `@smithy/smithy-client`'s ServiceException: `name`, `$fault`, `$metadata.httpStatusCode`, and
 * deliberately NO top-level `statusCode` (SDK v2 had one; v3 does not), so `err.statusCode === 410`
 * never matches on Lambda and never matches here.
 */
export class ServiceException extends Error {
  $fault: 'client' | 'server';
  $metadata: ResponseMetadata;
  $retryable?: { throttling?: boolean };

  constructor(options: ServiceExceptionOptions) {
    super(options.message);
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = options.name;
    this.$fault = options.$fault;
    this.$metadata = options.$metadata;
  }

  static isInstance(value: unknown): value is ServiceException {
    return !!value && typeof value === 'object' && '$fault' in value && '$metadata' in value;
  }
}

export type ExceptionClass = new (
  opts: Omit<ServiceExceptionOptions, 'name' | '$fault'> & { message?: string },
) => ServiceException;

/** Declares a modeled exception class (e.g. `GoneException`) so `err instanceof GoneException` works. */
export function exceptionClass(
  base: typeof ServiceException,
  name: string,
  fault: 'client' | 'server',
): ExceptionClass {
  const cls = class extends base {
    constructor(opts: Omit<ServiceExceptionOptions, 'name' | '$fault'>) {
      super({ ...opts, name, $fault: fault });
    }
  };
  Object.defineProperty(cls, 'name', { value: name });
  return cls;
}

/** Base of the Command classes: `input`, and a per-client operation name. */
export class Command<I = Record<string, unknown>> {
  readonly input: I;
  readonly middlewareStack = middlewareStack();
  constructor(input: I) {
    this.input = (input ?? {}) as I;
  }
}

/** The middleware stack's methods as no-ops, for code that adds logging middleware. */
export function middlewareStack() {
  return {
    add() {},
    addRelativeTo() {},
    use() {},
    remove() {
      return false;
    },
    clone() {
      return middlewareStack();
    },
  };
}

/** Reads an SDK `endpoint` config value: a string, a URL, or an EndpointV2-like object. */
export function endpointString(endpoint: unknown): string {
  if (!endpoint) return '';
  if (typeof endpoint === 'string') return endpoint;
  if (typeof URL !== 'undefined' && endpoint instanceof URL) return endpoint.toString();
  const e = endpoint as { url?: unknown; protocol?: string; hostname?: string; port?: number; path?: string };
  if (e.url) return endpointString(e.url);
  if (e.hostname) return `${e.protocol ?? 'https:'}//${e.hostname}${e.port ? `:${e.port}` : ''}${e.path ?? ''}`;
  return String(endpoint);
}

/** Marks an exports object as an ES module namespace for sucrase's interop helpers. */
export function esModule<T extends object>(exports: T): T {
  Object.defineProperty(exports, '__esModule', { value: true });
  return exports;
}
