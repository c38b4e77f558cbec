/**
 * `@aws-sdk/client-dynamodb`, `@aws-sdk/lib-dynamodb` and `@aws-sdk/util-dynamodb` with their
 * real names. The low-level client sends attribute values to the page's TableStore through the
 * host; the document client marshals plain JS values first, as lib-dynamodb does. Outputs carry
 * `$metadata`; errors are DynamoDBServiceException instances with `name`, `$fault` and
 * `$metadata.httpStatusCode` (ResourceNotFoundException 400, ValidationException 400, …).
 */
import {
  fromAttr,
  marshallItem,
  toAttr,
  unmarshallItem,
  type AttributeMap,
  type MarshallOptions,
} from '../dynamodb/attribute-value';
import {
  Command,
  ServiceException,
  esModule,
  exceptionClass,
  metadata,
  middlewareStack,
  requestId,
  type ShimHost,
} from './common';

const OPERATION = Symbol('operation');

/** Operations the TableStore runs. Others exist as commands that fail with a clear message. */
const SUPPORTED = ['PutItem', 'GetItem', 'DeleteItem', 'Scan', 'Query'] as const;
const UNSUPPORTED = [
  'UpdateItem',
  'BatchGetItem',
  'BatchWriteItem',
  'TransactGetItems',
  'TransactWriteItems',
  'DescribeTable',
  'CreateTable',
  'DeleteTable',
  'ListTables',
] as const;

type CommandClass = new (input: Record<string, unknown>) => Command;

/** What the document client needs of the low-level module. */
interface LowLevel {
  DynamoDBClient: abstract new (...args: never[]) => LowClient;
  [command: string]: unknown;
}
interface LowClient {
  config: { region: string };
  send(command: Command): Promise<Record<string, unknown>>;
}

export function createDynamoDbModules(host: ShimHost) {
  class DynamoDBServiceException extends ServiceException {}
  const modeledNames = [
    'ResourceNotFoundException',
    'ConditionalCheckFailedException',
    'ProvisionedThroughputExceededException',
    'ResourceInUseException',
    'ItemCollectionSizeLimitExceededException',
    'TransactionCanceledException',
    'RequestLimitExceeded',
  ];
  const modeled: Record<string, ReturnType<typeof exceptionClass>> = {};
  for (const n of modeledNames) modeled[n] = exceptionClass(DynamoDBServiceException, n, 'client');
  modeled.InternalServerError = exceptionClass(DynamoDBServiceException, 'InternalServerError', 'server');

  const commands: Record<string, CommandClass> = {};
  for (const op of [...SUPPORTED, ...UNSUPPORTED]) {
    const cls = class extends Command {
      static readonly [OPERATION] = op;
    };
    Object.defineProperty(cls, 'name', { value: `${op}Command` });
    commands[`${op}Command`] = cls;
  }

  class DynamoDBClient {
    readonly config: { region: string; endpoint?: unknown };
    readonly middlewareStack = middlewareStack();

    constructor(config: { region?: string; endpoint?: unknown } = {}) {
      this.config = { region: config.region ?? host.region, endpoint: config.endpoint };
    }

    async send(command: Command): Promise<Record<string, unknown>> {
      const operation = (command?.constructor as { [OPERATION]?: string } | undefined)?.[OPERATION];
      if (!operation) throw new TypeError('DynamoDBClient.send: expected a command of @aws-sdk/client-dynamodb');
      if ((UNSUPPORTED as readonly string[]).includes(operation)) {
        throw new Error(
          `${operation}Command is not supported by the playground's DynamoDB (supported: ${SUPPORTED.map((s) => `${s}Command`).join(', ')})`,
        );
      }
      const id = requestId();
      const res = await host.dynamodb({ operation, input: command.input });
      if (!res.ok) {
        const { name, message, statusCode } = res.error;
        const meta = metadata(statusCode, id);
        const Cls = modeled[name];
        throw Cls
          ? new Cls({ $metadata: meta, message })
          : new DynamoDBServiceException({
              name,
              $fault: statusCode >= 500 ? 'server' : 'client',
              $metadata: meta,
              message,
            });
      }
      return { $metadata: metadata(200, id), ...res.output };
    }

    destroy(): void {}
  }

  /** The aggregated client: `new DynamoDB({}).putItem({...})`. */
  class DynamoDB extends DynamoDBClient {}
  for (const op of SUPPORTED) {
    const method = op[0].toLowerCase() + op.slice(1);
    Object.defineProperty(DynamoDB.prototype, method, {
      value(this: DynamoDB, input: Record<string, unknown>) {
        return this.send(new commands[`${op}Command`](input));
      },
    });
  }

  const client = esModule({
    DynamoDBClient,
    DynamoDB,
    DynamoDBServiceException,
    ...commands,
    ...modeled,
  });

  return { client, lib: createLibDynamoDb(client as unknown as LowLevel), util: createUtilDynamoDb() };
}

function createUtilDynamoDb() {
  return esModule({
    marshall: (data: Record<string, unknown>, options?: MarshallOptions) => marshallItem(data, options),
    unmarshall: (data: AttributeMap) => unmarshallItem(data),
    convertToAttr: toAttr,
    convertToNative: fromAttr,
  });
}

interface TranslateConfig {
  marshallOptions?: MarshallOptions;
  unmarshallOptions?: Record<string, unknown>;
}

/** Which input fields hold plain values to marshal, and which output fields to unmarshal. */
const DOC_COMMANDS: Record<string, { op: string; maps: string[] }> = {
  Put: { op: 'PutItem', maps: ['Item', 'ExpressionAttributeValues'] },
  Get: { op: 'GetItem', maps: ['Key'] },
  Delete: { op: 'DeleteItem', maps: ['Key', 'ExpressionAttributeValues'] },
  Scan: { op: 'Scan', maps: ['ExpressionAttributeValues', 'ExclusiveStartKey'] },
  Query: { op: 'Query', maps: ['ExpressionAttributeValues', 'ExclusiveStartKey'] },
  Update: { op: 'UpdateItem', maps: ['Key', 'ExpressionAttributeValues'] },
  BatchWrite: { op: 'BatchWriteItem', maps: [] },
  BatchGet: { op: 'BatchGetItem', maps: [] },
  TransactWrite: { op: 'TransactWriteItems', maps: [] },
  TransactGet: { op: 'TransactGetItems', maps: [] },
};

function createLibDynamoDb(low: LowLevel) {
  const DOC = Symbol('doc');
  const commands: Record<string, CommandClass> = {};
  for (const [name, spec] of Object.entries(DOC_COMMANDS)) {
    const cls = class extends Command {
      static readonly [DOC] = spec;
    };
    Object.defineProperty(cls, 'name', { value: `${name}Command` });
    commands[`${name}Command`] = cls;
  }

  class DynamoDBDocumentClient {
    readonly config: { region: string; translateConfig: TranslateConfig };
    readonly middlewareStack = middlewareStack();
    readonly #client: LowClient;

    constructor(client: LowClient, translateConfig: TranslateConfig = {}) {
      this.#client = client;
      this.config = { region: client?.config?.region, translateConfig };
    }

    static from(client: LowClient, translateConfig?: TranslateConfig) {
      if (!(client instanceof low.DynamoDBClient)) {
        throw new TypeError('DynamoDBDocumentClient.from expects a DynamoDBClient from @aws-sdk/client-dynamodb');
      }
      return new this(client, translateConfig);
    }

    async send(command: Command): Promise<Record<string, unknown>> {
      const spec = (command?.constructor as { [DOC]?: { op: string; maps: string[] } } | undefined)?.[DOC];
      if (!spec) {
        // lib-dynamodb clients also pass low-level commands straight through.
        return this.#client.send(command);
      }
      const options = this.config.translateConfig.marshallOptions ?? {};
      const input: Record<string, unknown> = { ...(command.input as Record<string, unknown>) };
      for (const field of spec.maps) {
        if (input[field] !== undefined) input[field] = marshallItem(input[field] as Record<string, unknown>, options);
      }
      const LowCommand = low[`${spec.op}Command`] as CommandClass;
      const out = await this.#client.send(new LowCommand(input));
      const result: Record<string, unknown> = { ...out };
      for (const field of ['Item', 'Attributes', 'LastEvaluatedKey']) {
        if (result[field]) result[field] = unmarshallItem(result[field] as AttributeMap);
      }
      if (Array.isArray(result.Items)) result.Items = (result.Items as AttributeMap[]).map(unmarshallItem);
      return result;
    }

    destroy(): void {}
  }

  /** The aggregated document client: `DynamoDBDocument.from(client).put({...})`. */
  class DynamoDBDocument extends DynamoDBDocumentClient {}
  for (const name of Object.keys(DOC_COMMANDS)) {
    const method = name[0].toLowerCase() + name.slice(1);
    Object.defineProperty(DynamoDBDocument.prototype, method, {
      value(this: DynamoDBDocument, input: Record<string, unknown>) {
        return this.send(new commands[`${name}Command`](input));
      },
    });
  }

  return esModule({ DynamoDBDocumentClient, DynamoDBDocument, ...commands });
}
