import { describe, expect, it } from 'vitest';
import { PRICING } from './pricing';

describe('the pricing table', () => {
  it('cites a source URL and the ISO date it was read on every row', () => {
    for (const row of Object.values(PRICING)) {
      expect(row.source, row.id).toMatch(/^https:\/\//);
      for (const via of row.via) expect(via, row.id).toMatch(/^https:\/\//);
      expect(row.readOn, row.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(Number.isNaN(Date.parse(row.readOn)), row.id).toBe(false);
      expect(row.usdPerUnit, row.id).toBeGreaterThan(0);
      expect(row.unitSize, row.id).toBeGreaterThan(0);
      expect(row.region).toBe('us-east-1');
    }
  });

  it('holds the first-tier us-east-1 prices from the API Gateway pricing page', () => {
    expect(PRICING['rest-requests'].usdPerUnit).toBe(3.5);
    expect(PRICING['http-requests'].usdPerUnit).toBe(1);
    expect(PRICING['websocket-messages'].usdPerUnit).toBe(1);
    expect(PRICING['websocket-connection-minutes'].usdPerUnit).toBe(0.25);
    expect(PRICING['data-transfer-out'].usdPerUnit).toBe(0.09);
  });

  it('meters HTTP API requests in 512 KB increments and WebSocket messages in 32 KB increments (API Gateway pricing page)', () => {
    expect(PRICING['http-requests'].incrementBytes).toBe(512 * 1024);
    expect(PRICING['websocket-messages'].incrementBytes).toBe(32 * 1024);
  });

  it('keys every row by its own id', () => {
    for (const [key, row] of Object.entries(PRICING)) expect(row.id).toBe(key);
  });
});
