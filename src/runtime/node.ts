/**
 * The runtime's pure entry point: everything that runs in Node (tests, CI lesson checks) and in
 * the page alike. It never imports the browser sandbox (./sandbox/*), so Node can load it.
 */
export { transpile, type TranspileError, type TranspileResult } from './transpile';
export { ModuleLoader, ModuleNotFoundError, UserCodeSyntaxError, TASK_ROOT, type LoaderOptions } from './loader';
export {
  ExecutionEnvironment,
  parseHandler,
  toLambdaError,
  type EnvironmentOptions,
  type LambdaError,
} from './lambda/environment';
export { logMessage } from './lambda/logs';
export {
  TableStore,
  TABLE_OPERATIONS,
  type KeySchema,
  type KeyType,
  type TableDefinitions,
  type TableChange,
  type TableListener,
  type TableSnapshot,
  type TableOperation,
} from './dynamodb/table-store';
export {
  DynamoDbError,
  marshallItem,
  unmarshallItem,
  type AttributeValue,
  type AttributeMap,
} from './dynamodb/attribute-value';
export {
  createRuntimeServices,
  normalizeEndpoint,
  type RuntimeServices,
  type CreateRuntimeServicesOptions,
  type ManagementCall,
  type ManagementCallResult,
  type ManagementOperation,
  type DynamoDbCall,
  type DynamoDbCallResult,
  type TableOpInfo,
} from './services';
export { SHIM_SPECIFIERS } from './shims';
export { createVersionKeys, versionKey } from './version';
export { createNodeInvoker, type NodeInvoker, type NodeInvokerOptions } from './node-invoker';
export {
  deploy,
  deployDefinitionFile,
  readDefinition,
  type DeployOptions,
  type DeployResult,
  type Deployment,
  type InvokerFactory,
  type InvokerFactoryOptions,
  type ReadDefinitionResult,
} from './deployment';
