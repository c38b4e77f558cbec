/**
 * The invoker for running checks in Node (tests, CI): the runtime's in-process runner with
 * the same transpiler, loader and SDK shims as the browser sandbox. The page passes the
 * sandbox (`createSandboxRuntime`) instead.
 */
import { createNodeInvoker } from '../runtime/node-invoker';
import type { InvokerFactory } from './runner';

export const nodeInvokerFactory: InvokerFactory = ({ getFiles, services }) => createNodeInvoker({ getFiles, services });
