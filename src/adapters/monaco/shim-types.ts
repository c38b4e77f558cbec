/**
 * Type declarations for the modules learner code can import inside the sandbox: the AWS SDK
 * v3 shims (same names and shapes as the real SDK, trimmed to what the runtime implements)
 * and Lambda's `process.env`. Given to Monaco as extra libs for IntelliSense only; the
 * runtime's shims are the implementation.
 */

const COMMON = `
  /** Like the SDK's ResponseMetadata. */
  export interface ResponseMetadata {
    httpStatusCode?: number;
    requestId?: string;
    attempts?: number;
    totalRetryDelay?: number;
  }
  export interface MetadataBearer {
    $metadata: ResponseMetadata;
  }
  /** A command whose output type \`send()\` infers. */
  export class Command<Input, Output> {
    constructor(input: Input);
    readonly input: Input;
    /** Type-only marker (the SDK's middleware stack is not modelled). */
    readonly __output?: Output;
  }
  /** SDK v3 service errors: recognise them by \`name\` (e.g. 'GoneException'); there is no top-level statusCode. */
  export class ServiceException extends Error {
    readonly name: string;
    readonly $fault: 'client' | 'server';
    readonly $metadata: ResponseMetadata;
  }
`;

export const SDK_SHIM_TYPES: Record<string, string> = {
  'file:///node_modules/@aws-sdk/client-apigatewaymanagementapi/index.d.ts': `
declare module '@aws-sdk/client-apigatewaymanagementapi' {
  ${COMMON}
  export interface ApiGatewayManagementApiClientConfig {
    /** \`https://{apiId}.execute-api.{region}.amazonaws.com/{stage}\`: the @connections endpoint. */
    endpoint?: string;
    region?: string;
  }
  export class ApiGatewayManagementApiClient {
    constructor(config?: ApiGatewayManagementApiClientConfig);
    send<I, O>(command: Command<I, O>): Promise<O>;
    destroy(): void;
  }
  export interface PostToConnectionCommandInput {
    ConnectionId: string;
    /** Up to 131,072 bytes. */
    Data: string | Uint8Array;
  }
  export interface PostToConnectionCommandOutput extends MetadataBearer {}
  export class PostToConnectionCommand extends Command<PostToConnectionCommandInput, PostToConnectionCommandOutput> {}
  export interface GetConnectionCommandInput {
    ConnectionId: string;
  }
  export interface GetConnectionCommandOutput extends MetadataBearer {
    ConnectedAt?: Date;
    Identity?: { SourceIp?: string; UserAgent?: string };
    LastActiveAt?: Date;
  }
  export class GetConnectionCommand extends Command<GetConnectionCommandInput, GetConnectionCommandOutput> {}
  export interface DeleteConnectionCommandInput {
    ConnectionId: string;
  }
  export interface DeleteConnectionCommandOutput extends MetadataBearer {}
  export class DeleteConnectionCommand extends Command<DeleteConnectionCommandInput, DeleteConnectionCommandOutput> {}
  /** 410: the connection no longer exists. */
  export class GoneException extends ServiceException {}
  /** 413: over 131,072 bytes. */
  export class PayloadTooLargeException extends ServiceException {}
  export class ForbiddenException extends ServiceException {}
  export class LimitExceededException extends ServiceException {}
}
`,
  'file:///node_modules/@aws-sdk/client-dynamodb/index.d.ts': `
declare module '@aws-sdk/client-dynamodb' {
  ${COMMON}
  export interface AttributeValue {
    S?: string;
    N?: string;
    BOOL?: boolean;
    NULL?: boolean;
    M?: Record<string, AttributeValue>;
    L?: AttributeValue[];
    SS?: string[];
    NS?: string[];
  }
  export interface DynamoDBClientConfig {
    region?: string;
    endpoint?: string;
  }
  export class DynamoDBClient {
    constructor(config?: DynamoDBClientConfig);
    send<I, O>(command: Command<I, O>): Promise<O>;
    destroy(): void;
  }
  type Item = Record<string, AttributeValue>;
  interface ExpressionInput {
    ExpressionAttributeNames?: Record<string, string>;
    ExpressionAttributeValues?: Record<string, AttributeValue>;
  }
  export interface PutItemCommandInput { TableName: string | undefined; Item: Item }
  export interface PutItemCommandOutput extends MetadataBearer {}
  export class PutItemCommand extends Command<PutItemCommandInput, PutItemCommandOutput> {}
  export interface GetItemCommandInput extends ExpressionInput { TableName: string | undefined; Key: Item; ProjectionExpression?: string }
  export interface GetItemCommandOutput extends MetadataBearer { Item?: Item }
  export class GetItemCommand extends Command<GetItemCommandInput, GetItemCommandOutput> {}
  export interface DeleteItemCommandInput { TableName: string | undefined; Key: Item }
  export interface DeleteItemCommandOutput extends MetadataBearer {}
  export class DeleteItemCommand extends Command<DeleteItemCommandInput, DeleteItemCommandOutput> {}
  export interface ScanCommandInput extends ExpressionInput { TableName: string | undefined; ProjectionExpression?: string }
  export interface ScanCommandOutput extends MetadataBearer { Items?: Item[]; Count?: number; ScannedCount?: number }
  export class ScanCommand extends Command<ScanCommandInput, ScanCommandOutput> {}
  export interface QueryCommandInput extends ExpressionInput {
    TableName: string | undefined;
    /** \`pk = :v\`, optionally \`AND begins_with(sk, :p)\` or \`AND sk = :s\`. */
    KeyConditionExpression: string;
    ProjectionExpression?: string;
  }
  export interface QueryCommandOutput extends MetadataBearer { Items?: Item[]; Count?: number; ScannedCount?: number }
  export class QueryCommand extends Command<QueryCommandInput, QueryCommandOutput> {}
  export class ResourceNotFoundException extends ServiceException {}
}
`,
  'file:///node_modules/@aws-sdk/lib-dynamodb/index.d.ts': `
declare module '@aws-sdk/lib-dynamodb' {
  import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
  ${COMMON}
  type Doc = Record<string, any>;
  interface ExpressionInput {
    ExpressionAttributeNames?: Record<string, string>;
    ExpressionAttributeValues?: Record<string, any>;
  }
  export class DynamoDBDocumentClient {
    static from(client: DynamoDBClient, config?: unknown): DynamoDBDocumentClient;
    send<I, O>(command: Command<I, O>): Promise<O>;
    destroy(): void;
  }
  export interface PutCommandInput { TableName: string | undefined; Item: Doc }
  export interface PutCommandOutput extends MetadataBearer {}
  export class PutCommand extends Command<PutCommandInput, PutCommandOutput> {}
  export interface GetCommandInput extends ExpressionInput { TableName: string | undefined; Key: Doc; ProjectionExpression?: string }
  export interface GetCommandOutput extends MetadataBearer { Item?: Doc }
  export class GetCommand extends Command<GetCommandInput, GetCommandOutput> {}
  export interface DeleteCommandInput { TableName: string | undefined; Key: Doc }
  export interface DeleteCommandOutput extends MetadataBearer {}
  export class DeleteCommand extends Command<DeleteCommandInput, DeleteCommandOutput> {}
  export interface ScanCommandInput extends ExpressionInput { TableName: string | undefined; ProjectionExpression?: string }
  export interface ScanCommandOutput extends MetadataBearer { Items?: Doc[]; Count?: number; ScannedCount?: number }
  export class ScanCommand extends Command<ScanCommandInput, ScanCommandOutput> {}
  export interface QueryCommandInput extends ExpressionInput {
    TableName: string | undefined;
    KeyConditionExpression: string;
    ProjectionExpression?: string;
  }
  export interface QueryCommandOutput extends MetadataBearer { Items?: Doc[]; Count?: number; ScannedCount?: number }
  export class QueryCommand extends Command<QueryCommandInput, QueryCommandOutput> {}
}
`,
  'file:///node_modules/@types/playground-lambda-env/index.d.ts': `
/** Lambda's environment: the function's variables plus AWS_REGION, AWS_LAMBDA_FUNCTION_NAME, … */
declare var process: { env: Record<string, string | undefined> };
/** @types/aws-lambda's handler.d.ts imports Writable for response streaming (not modelled here). */
declare module 'node:stream' {
  export class Writable {
    write(chunk: unknown): boolean;
    end(chunk?: unknown): void;
  }
}
`,
};
