/**
 * src/runtime: running learner Lambda handlers as Lambda does.
 *
 * - `createSandboxRuntime` (browser): an `Invoker` that runs handlers in module workers inside
 *   an opaque-origin frame, with warm reuse and a watchdog for the function timeout.
 * - `createNodeInvoker` (Node, CI): the same transpiler, loader and SDK shims in-process.
 * - `TableStore` + `createRuntimeServices`: the in-memory DynamoDB tables and the `@connections`
 *   bridge the SDK shims reach by message passing; they live outside the workers.
 *
 * Node code imports './node' (no browser code); the page may import this file.
 */
export * from './node';
export { createSandboxRuntime } from './sandbox/sandbox';
