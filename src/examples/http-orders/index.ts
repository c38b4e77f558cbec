/**
 * The HTTP API example: a small shop's orders and products (payload format 2.0, a JWT
 * authorizer with a scope on POST /orders, CORS handled by the gateway, a greedy
 * `{proxy+}` route and a stage variable). Files are imported as raw text: the page never
 * runs them; the runtime transpiles them inside the sandbox.
 */
import api from './api.json';
import getOrder from './get-order.ts?raw';
import createOrder from './create-order.ts?raw';
import products from './products.ts?raw';
import orders from './lib/orders.ts?raw';
import catalog from './lib/catalog.ts?raw';
import type { Example } from '../index';

export const httpOrdersExample: Example = {
  id: 'http-orders',
  title: 'Shop orders (HTTP API)',
  apiType: 'HTTP',
  // api.json is plain data; validation at Deploy time checks it like any learner edit.
  definition: api as unknown as Example['definition'],
  files: {
    'get-order.ts': getOrder,
    'create-order.ts': createOrder,
    'products.ts': products,
    'lib/orders.ts': orders,
    'lib/catalog.ts': catalog,
  },
  focus: 'get-order.ts',
  presets: [],
  requests: [
    { label: 'GET /orders/1', method: 'GET', path: '/orders/1' },
    { label: 'GET /products', method: 'GET', path: '/products' },
    { label: 'GET /products/p-2', method: 'GET', path: '/products/p-2' },
    {
      label: 'POST /orders (needs a token)',
      method: 'POST',
      path: '/orders',
      headers: [['content-type', 'application/json']],
      body: '{"productId": "p-2", "quantity": 1}',
    },
    { label: 'unknown route', method: 'GET', path: '/customers' },
  ],
  callers: [
    { name: 'Browser app', kind: 'browser' },
    { name: 'Partner system', kind: 'server' },
  ],
};
