/**
 * The REST API example: the same shop as a REST API (payload format 1.0), with what only REST
 * has: API keys and usage plans, a request validator with a model, a stage cache, a MOCK
 * integration, and a non-proxy Lambda integration with mapping templates. Files are imported
 * as raw text: the page never runs them; the runtime transpiles them inside the sandbox.
 */
import api from './api.json';
import getOrder from './get-order.ts?raw';
import createOrder from './create-order.ts?raw';
import productLookup from './product-lookup.ts?raw';
import orders from './lib/orders.ts?raw';
import catalog from './lib/catalog.ts?raw';
import type { Example } from '../index';

/** The partner's key from api.json (shown in the request builder so a learner can try it). */
export const PARTNER_API_KEY = 'partner-0123456789abcdefghij';

export const restOrdersExample: Example = {
  id: 'rest-orders',
  title: 'Shop orders (REST API)',
  apiType: 'REST',
  // api.json is plain data; validation at Deploy time checks it like any learner edit.
  definition: api as unknown as Example['definition'],
  files: {
    'get-order.ts': getOrder,
    'create-order.ts': createOrder,
    'product-lookup.ts': productLookup,
    'lib/orders.ts': orders,
    'lib/catalog.ts': catalog,
  },
  focus: 'get-order.ts',
  presets: [],
  requests: [
    { label: 'GET /orders/1', method: 'GET', path: '/orders/1' },
    {
      label: 'POST /orders',
      method: 'POST',
      path: '/orders',
      headers: [['Content-Type', 'application/json']],
      body: '{"productId": "p-2", "quantity": 1}',
    },
    {
      label: 'POST invalid body',
      method: 'POST',
      path: '/orders',
      headers: [['Content-Type', 'application/json']],
      body: '{"productId": "shoes", "quantity": 0}',
    },
    { label: 'GET /products (MOCK)', method: 'GET', path: '/products' },
    { label: 'GET /products/p-9', method: 'GET', path: '/products/p-9' },
    { label: 'refetch (Cache-Control)', method: 'GET', path: '/orders/1', headers: [['Cache-Control', 'max-age=0']] },
    { label: 'unknown resource', method: 'GET', path: '/customers' },
  ],
  callers: [
    { name: 'Browser app', kind: 'browser' },
    { name: 'Partner system', kind: 'server', headers: [['x-api-key', PARTNER_API_KEY]] },
  ],
};
