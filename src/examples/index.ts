/** Examples the playground can load. Built-in code is trusted (it ships with the site). */
import type { ApiDefinition, ApiType } from '../gateway';

export const API_TYPE_LABELS: Record<ApiType, string> = { WEBSOCKET: 'WebSocket', HTTP: 'HTTP API', REST: 'REST API' };

/** A ready-made request for the HTTP/REST request builder (path relative to the stage URL). */
export interface RequestPreset {
  label: string;
  method: string;
  path: string;
  query?: string;
  headers?: [string, string][];
  body?: string;
}

/** A named caller of an HTTP/REST API (the request builder shows two side by side). */
export interface CallerPreset {
  name: string;
  /**
   * `browser`: a web page on another origin (CORS applies, as for any fetch from this page).
   * `server`: a backend calling the API (no Origin, so no CORS; fake mode only).
   */
  kind: 'browser' | 'server';
  /** Headers the caller starts with (e.g. its API key). */
  headers?: [string, string][];
}

/**
 * A message offered under each WebSocket client (a chip), in one of three forms:
 * - `route`: a JSON message asking for that route key. The key is written where the running
 *   API's route selection expression reads it (`{"type":"join"}` under `$request.body.type`),
 *   next to `body`'s members, so the chip keeps routing the same after the expression changes.
 * - `json`: this JSON, as is; `{"$connectionId": "Bob"}` anywhere in it becomes Bob's
 *   connection id (as in lesson checks).
 * - `text`: this text, as is (e.g. a message that is not JSON).
 */
export type MessagePreset = { label: string } & (
  { route: string; body?: Record<string, unknown> } | { json: unknown } | { text: string }
);

export interface Example {
  id: string;
  title: string;
  apiType: ApiType;
  definition: ApiDefinition;
  /** Handler files, path → source text. */
  files: Record<string, string>;
  /** The file the editor opens first. */
  focus: string;
  /** WebSocket: messages offered in the client composers. */
  presets: MessagePreset[];
  /** HTTP/REST: requests offered in the request builder. */
  requests?: RequestPreset[];
  /** HTTP/REST: the two callers (default: a browser app and a partner system). */
  callers?: CallerPreset[];
}

export { chatExample } from './chat/index';
export { httpOrdersExample } from './http-orders/index';
export { restOrdersExample } from './rest-orders/index';

import { chatExample } from './chat/index';
import { httpOrdersExample } from './http-orders/index';
import { restOrdersExample } from './rest-orders/index';

/** The example each API type starts from (the type switcher loads these). */
export const EXAMPLES: Record<ApiType, Example> = {
  WEBSOCKET: chatExample,
  HTTP: httpOrdersExample,
  REST: restOrdersExample,
};
