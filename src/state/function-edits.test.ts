import { describe, expect, it } from 'vitest';
import { chatExample, restOrdersExample } from '../examples';
import { validateDefinition, type ApiDefinition } from '../gateway';
import {
  addFunction,
  removeFunction,
  renameHandlerFile,
  setFunctionEnvironment,
  updateFunction,
} from './function-edits';

function copy(def: ApiDefinition): ApiDefinition {
  return structuredClone(def);
}

describe('function edits (every API type)', () => {
  it('adds a function for a handler file, refusing an unusable or taken name', () => {
    const def = copy(restOrdersExample.definition);
    expect(addFunction(def, 'bad name', 'a.ts')).toMatch(/letters, digits/);
    expect(addFunction(def, 'x'.repeat(65), 'a.ts')).toMatch(/up to 64/);
    expect(addFunction(def, ' health ', 'lib/health.ts')).toBeNull();
    expect(def.functions.health).toEqual({ handler: 'lib/health.handler', timeout: 3, environment: {} });
    expect(addFunction(def, 'health', 'b.ts')).toBe('A function "health" already exists.');
  });

  it('changes handler and timeout, replaces the environment (keys trimmed, empty keys dropped), removes', () => {
    const def = copy(chatExample.definition);
    updateFunction(def, 'sendmessage', { timeout: 10 });
    updateFunction(def, 'sendmessage', { handler: 'chat.send' });
    expect(def.functions.sendmessage).toMatchObject({ handler: 'chat.send', timeout: 10 });
    setFunctionEnvironment(def, 'sendmessage', [
      [' TABLE_NAME ', 'other'],
      ['  ', 'dropped'],
    ]);
    expect(def.functions.sendmessage.environment).toEqual({ TABLE_NAME: 'other' });
    removeFunction(def, 'sendmessage');
    expect(def.functions).not.toHaveProperty('sendmessage');
    removeFunction(def, 'sendmessage');
    updateFunction(def, 'sendmessage', { timeout: 1 });
    expect(def.functions).not.toHaveProperty('sendmessage');
  });

  it('points handler specs at a renamed file, keeping the export name', () => {
    const def = copy(chatExample.definition);
    def.functions.sendmessage.handler = 'sendmessage.onMessage';
    renameHandlerFile(def, 'sendmessage.ts', 'lib/chat.js');
    expect(def.functions.sendmessage.handler).toBe('lib/chat.onMessage');
    expect(def.functions.onconnect.handler).toBe('onconnect.handler');
    expect(validateDefinition(def)).toMatchObject({ ok: true });
  });
});
