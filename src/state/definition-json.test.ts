import { describe, expect, it } from 'vitest';
import type { ApiDefinition } from '../gateway';
import { replaceDefinition } from './definition-json';

const ws = (): ApiDefinition =>
  ({
    protocolType: 'WEBSOCKET',
    name: 'chat',
    routeSelectionExpression: '$request.body.action',
    routes: { $default: { integration: { type: 'AWS_PROXY', function: 'echo' } } },
    functions: { echo: { handler: 'echo.handler' } },
  }) as ApiDefinition;

describe('the definition as JSON', () => {
  it('replaces the whole definition in place, dropping the fields the new text leaves out', () => {
    const def = ws();
    const next = {
      ...ws(),
      routes: { report: { integration: { type: 'AWS_PROXY', function: 'echo', timeoutInMillis: 5000 } } },
    };
    delete (next as Partial<ApiDefinition>).functions;
    expect(replaceDefinition(def, next)).toBeNull();
    expect(def).toEqual(next);
    expect('functions' in def).toBe(false);
  });

  it('refuses to change the API type, or anything that is not an object, and leaves the definition as it was', () => {
    const def = ws();
    expect(replaceDefinition(def, { ...ws(), protocolType: 'HTTP' })).toMatch(/protocolType stays "WEBSOCKET"/);
    expect(replaceDefinition(def, [1])).toMatch(/JSON object/);
    expect(def).toEqual(ws());
  });

  it('refuses a field of another JSON kind than the forms read, naming it, and leaves the definition as it was', () => {
    const def = ws();
    expect(replaceDefinition(def, { ...ws(), routes: 5 })).toBe(
      '"routes" must be an object, as it is now; got number.',
    );
    expect(replaceDefinition(def, { ...ws(), functions: [] })).toBe(
      '"functions" must be an object, as it is now; got a list.',
    );
    expect(replaceDefinition(def, { ...ws(), routes: { a: null } })).toBe('"routes"."a" must be an object; got null.');
    expect(replaceDefinition(def, { ...ws(), functions: { echo: 'echo.handler' } })).toMatch(
      /"functions"."echo" must be an object/,
    );
    expect(def).toEqual(ws());
  });
});
