/**
 * The preloaded example: AWS's serverless chat pattern (connections stored in a table,
 * broadcast with @connections), written for SDK v3. Files are imported as raw text: the
 * page never runs them; the runtime transpiles them inside the sandbox.
 */
import api from './api.json';
import onconnect from './onconnect.ts?raw';
import ondisconnect from './ondisconnect.ts?raw';
import sendmessage from './sendmessage.ts?raw';
import defaultHandler from './default.ts?raw';
import type { Example } from '../index';

export const chatExample: Example = {
  id: 'chat',
  title: 'Serverless chat',
  apiType: 'WEBSOCKET',
  // api.json is plain data; validation at Deploy time checks it like any learner edit.
  definition: api as unknown as Example['definition'],
  files: {
    'onconnect.ts': onconnect,
    'ondisconnect.ts': ondisconnect,
    'sendmessage.ts': sendmessage,
    'default.ts': defaultHandler,
  },
  focus: 'sendmessage.ts',
  // Written for the route selection expression that is deployed: `{"action":"sendmessage",…}`
  // under `$request.body.action`, `{"type":"sendmessage",…}` under `$request.body.type`.
  presets: [
    { label: 'sendmessage', route: 'sendmessage', body: { data: 'hello' } },
    { label: 'unknown action', route: 'dance' },
    { label: 'not JSON', text: 'hi there' },
  ],
};
