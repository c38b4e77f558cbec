/**
 * `@aws-sdk/client-apigatewaymanagementapi` with its real names: ApiGatewayManagementApiClient
 * plus PostToConnectionCommand, GetConnectionCommand and DeleteConnectionCommand (and the
 * aggregated ApiGatewayManagementApi). Calls reach the gateway's `@connections` API through the
 * host; answers and errors are shaped as SDK v3 shapes them (docs/aws-behaviour.md §3).
 */
import {
  Command,
  ServiceException,
  endpointString,
  esModule,
  exceptionClass,
  metadata,
  middlewareStack,
  uuidLike,
  type ShimHost,
} from './common';
import type { ManagementCallResult, ManagementOperation } from '../services';

const OPERATION = Symbol('operation');

export function createApiGatewayManagementApiModule(host: ShimHost) {
  class ApiGatewayManagementApiServiceException extends ServiceException {}
  const GoneException = exceptionClass(ApiGatewayManagementApiServiceException, 'GoneException', 'client');
  const ForbiddenException = exceptionClass(ApiGatewayManagementApiServiceException, 'ForbiddenException', 'client');
  const LimitExceededException = exceptionClass(
    ApiGatewayManagementApiServiceException,
    'LimitExceededException',
    'client',
  );
  const PayloadTooLargeException = exceptionClass(
    ApiGatewayManagementApiServiceException,
    'PayloadTooLargeException',
    'client',
  );
  const modeled: Record<string, typeof GoneException> = {
    GoneException,
    ForbiddenException,
    LimitExceededException,
    PayloadTooLargeException,
  };

  class PostToConnectionCommand extends Command<{ ConnectionId?: string; Data?: unknown }> {
    static readonly [OPERATION]: ManagementOperation = 'PostToConnection';
  }
  class GetConnectionCommand extends Command<{ ConnectionId?: string }> {
    static readonly [OPERATION]: ManagementOperation = 'GetConnection';
  }
  class DeleteConnectionCommand extends Command<{ ConnectionId?: string }> {
    static readonly [OPERATION]: ManagementOperation = 'DeleteConnection';
  }

  function toError(res: ManagementCallResult, id: string): ServiceException {
    let message: string | undefined;
    try {
      message = (JSON.parse(res.body) as { message?: string }).message ?? undefined;
    } catch {
      // a non-JSON body carries no message
    }
    const name = res.errorName ?? (res.statusCode >= 500 ? 'InternalServerError' : 'UnknownError');
    const meta = metadata(res.statusCode, id);
    const Cls = modeled[name];
    // Smithy falls back to "UnknownError" when the body has no message.
    if (Cls) return new Cls({ $metadata: meta, message: message ?? 'UnknownError' });
    return new ApiGatewayManagementApiServiceException({
      name,
      $fault: res.statusCode >= 500 ? 'server' : 'client',
      $metadata: meta,
      message: message ?? 'UnknownError',
    });
  }

  class ApiGatewayManagementApiClient {
    readonly config: { endpoint: string; region: string };
    readonly middlewareStack = middlewareStack();

    constructor(config: { endpoint?: unknown; region?: string } = {}) {
      this.config = { endpoint: endpointString(config.endpoint), region: config.region ?? host.region };
    }

    async send(command: Command<Record<string, unknown>>): Promise<Record<string, unknown>> {
      const operation = (command?.constructor as { [OPERATION]?: ManagementOperation } | undefined)?.[OPERATION];
      if (!operation)
        throw new TypeError(
          'ApiGatewayManagementApiClient.send: expected a command of @aws-sdk/client-apigatewaymanagementapi',
        );
      const input = command.input as { ConnectionId?: unknown; Data?: unknown };
      if (typeof input.ConnectionId !== 'string' || input.ConnectionId === '') {
        // What the SDK's serializer throws before any request is made.
        throw new Error('No value provided for input HTTP label: ConnectionId.');
      }
      let data: string | Uint8Array | undefined;
      if (operation === 'PostToConnection') {
        const d = input.Data;
        if (typeof d === 'string' || d instanceof Uint8Array) data = d;
        else if (ArrayBuffer.isView(d)) data = new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
        else if (d === undefined) data = '';
        else
          throw new TypeError(`PostToConnectionCommand: Data must be a string, Buffer or Uint8Array; got ${typeof d}`);
        // A Uint8Array subclass (Buffer) must cross the message channel as plain bytes.
        if (data instanceof Uint8Array && data.constructor !== Uint8Array) data = new Uint8Array(data);
      }
      const id = uuidLike();
      const res = await host.management({
        endpoint: this.config.endpoint,
        operation,
        connectionId: input.ConnectionId,
        data,
      });
      if (res.statusCode >= 300) throw toError(res, id);
      const $metadata = metadata(res.statusCode, id);
      if (operation !== 'GetConnection') return { $metadata };
      const body = JSON.parse(res.body || '{}') as {
        connectedAt?: string;
        lastActiveAt?: string;
        identity?: { sourceIp?: string; userAgent?: string };
      };
      return {
        $metadata,
        ConnectedAt: body.connectedAt ? new Date(body.connectedAt) : undefined,
        Identity: body.identity ? { SourceIp: body.identity.sourceIp, UserAgent: body.identity.userAgent } : undefined,
        LastActiveAt: body.lastActiveAt ? new Date(body.lastActiveAt) : undefined,
      };
    }

    destroy(): void {}
  }

  /** The aggregated client: `new ApiGatewayManagementApi({endpoint}).postToConnection({...})`. */
  class ApiGatewayManagementApi extends ApiGatewayManagementApiClient {
    postToConnection(input: { ConnectionId?: string; Data?: unknown }) {
      return this.send(new PostToConnectionCommand(input));
    }
    getConnection(input: { ConnectionId?: string }) {
      return this.send(new GetConnectionCommand(input));
    }
    deleteConnection(input: { ConnectionId?: string }) {
      return this.send(new DeleteConnectionCommand(input));
    }
  }

  return esModule({
    ApiGatewayManagementApiClient,
    ApiGatewayManagementApi,
    PostToConnectionCommand,
    GetConnectionCommand,
    DeleteConnectionCommand,
    ApiGatewayManagementApiServiceException,
    GoneException,
    ForbiddenException,
    LimitExceededException,
    PayloadTooLargeException,
  });
}
