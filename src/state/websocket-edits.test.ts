import { describe, expect, it } from 'vitest';
import { chatExample } from '../examples';
import { validateDefinition, type WebSocketApiDefinition } from '../gateway';
import {
  addWebSocketRoute,
  removeWebSocketRoute,
  renameWebSocketRoute,
  setRouteSelectionExpression,
  setWebSocketRouteAuthorizer,
  setWebSocketRouteFunction,
  setWebSocketRouteTwoWay,
} from './websocket-edits';

/** A fresh copy of the chat example's definition (edits never touch the example itself). */
function chat(): WebSocketApiDefinition {
  return structuredClone(chatExample.definition) as WebSocketApiDefinition;
}

describe('WebSocket API edits', () => {
  it('refuses custom route keys starting with $ (DG websocket-api-develop-routes)', () => {
    const def = chat();
    expect(addWebSocketRoute(def, '$join')).toMatch(/must not start with \$/);
    expect(addWebSocketRoute(def, 'join', 'sendmessage')).toBeNull();
    expect(def.routes.join.integration?.function).toBe('sendmessage');
  });

  it('adds a route integrated with the first function by default, and refuses an empty or taken key', () => {
    const def = chat();
    expect(addWebSocketRoute(def, '  ')).toBe('A route key is required.');
    expect(addWebSocketRoute(def, 'sendmessage')).toBe('A route "sendmessage" already exists.');
    expect(addWebSocketRoute(def, ' typing ')).toBeNull();
    expect(def.routes.typing).toEqual({
      integration: { type: 'AWS_PROXY', function: Object.keys(def.functions)[0] },
    });
    expect(addWebSocketRoute(def, '$disconnect')).toMatch(/already exists/);
    const bare: WebSocketApiDefinition = { ...def, routes: {}, functions: {} };
    expect(addWebSocketRoute(bare, '$connect')).toBeNull();
    expect(bare.routes.$connect).toEqual({});
  });

  it('toggles a two-way route with routeResponseSelectionExpression $default (DG apigateway-websocket-api-route-response)', () => {
    const def = chat();
    setWebSocketRouteTwoWay(def, 'sendmessage', true);
    expect(def.routes.sendmessage.routeResponseSelectionExpression).toBe('$default');
    setWebSocketRouteTwoWay(def, 'sendmessage', false);
    expect(def.routes.sendmessage).not.toHaveProperty('routeResponseSelectionExpression');
  });

  it('renames a route in place, keeping the order, and leaves a taken key alone', () => {
    const def = chat();
    const keys = Object.keys(def.routes);
    renameWebSocketRoute(def, 'sendmessage', 'chat');
    expect(Object.keys(def.routes)).toEqual(keys.map((k) => (k === 'sendmessage' ? 'chat' : k)));
    renameWebSocketRoute(def, 'chat', '$connect');
    expect(def.routes.chat).toBeDefined();
  });

  it('sets and removes a route integration, keeping its other settings', () => {
    const def = chat();
    def.routes.sendmessage.integration = { type: 'AWS_PROXY', function: 'sendmessage', timeoutInMillis: 5000 };
    setWebSocketRouteFunction(def, 'sendmessage', 'default');
    expect(def.routes.sendmessage.integration).toEqual({
      type: 'AWS_PROXY',
      function: 'default',
      timeoutInMillis: 5000,
    });
    setWebSocketRouteFunction(def, 'sendmessage', '');
    expect(def.routes.sendmessage).not.toHaveProperty('integration');
    setWebSocketRouteFunction(def, 'no-such-route', 'default');
    expect(def.routes).not.toHaveProperty('no-such-route');
  });

  it('sets and clears the $connect authorizer, and removes routes', () => {
    const def = chat();
    setWebSocketRouteAuthorizer(def, '$connect', 'tokenCheck');
    expect(def.routes.$connect.authorizer).toBe('tokenCheck');
    setWebSocketRouteAuthorizer(def, '$connect', '');
    expect(def.routes.$connect).not.toHaveProperty('authorizer');
    removeWebSocketRoute(def, 'sendmessage');
    expect(def.routes).not.toHaveProperty('sendmessage');
  });

  it('makes definitions the validator accepts', () => {
    const def = chat();
    setRouteSelectionExpression(def, '$request.body.type');
    expect(addWebSocketRoute(def, 'typing', 'sendmessage')).toBeNull();
    setWebSocketRouteTwoWay(def, 'typing', true);
    expect(validateDefinition(def)).toMatchObject({ ok: true });
    expect(def.routeSelectionExpression).toBe('$request.body.type');
  });
});
