/** Examples the playground can load. Built-in code is trusted (it ships with the site). */
import type { WebSocketApiDefinition } from '../gateway/websocket/definition';

export interface Example {
  id: string;
  title: string;
  definition: WebSocketApiDefinition;
  /** Handler files, path → source text. */
  files: Record<string, string>;
  /** The file the editor opens first. */
  focus: string;
  /** Messages offered in the client composers. */
  presets: { label: string; text: string }[];
}

export { chatExample } from './chat/index';
