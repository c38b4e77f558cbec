import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_INPUTS,
  runComparison,
  WORKLOADS,
  type ComparisonInputs,
  type ComparisonResult,
  type InputName,
} from '.';
import {
  FIGURES,
  figureRows,
  formatBytes,
  formatMs,
  formatUsd,
  INPUT_LABELS,
  parseHeaderLines,
  priceRow,
  summarise,
} from './format';

let chat: ComparisonResult;
let order: ComparisonResult;
beforeAll(async () => {
  chat = await runComparison(WORKLOADS.chat, DEFAULT_INPUTS);
  order = await runComparison(WORKLOADS['order-status'], DEFAULT_INPUTS);
});

describe('figures', () => {
  it('shows every figure for every approach, marking the lowest of each row', () => {
    const rows = figureRows(chat);
    expect(rows.map((r) => r.id)).toEqual(FIGURES.map((f) => f.id));
    const row = (id: string) => rows.find((r) => r.id === id)!;
    const best = (id: string) =>
      row(id)
        .cells.filter((c) => c.best)
        .map((c) => c.approach);
    expect(best('bytes')).toEqual(['websocket-push']);
    expect(best('latency')).toEqual(['websocket-push']);
    expect(best('wastedPolls')).toEqual(['websocket-push']);
    expect(best('cost')).toEqual(['websocket-push']);
    expect(row('wastedPolls').cells.map((c) => c.text)).toEqual([
      '35 of 55 (64%)',
      '35 of 55 (64%)',
      'none (no polling)',
    ]);
    expect(row('bytes').cells[0]!.text).toBe('90.7 kB (67.3 kB up, 23.4 kB down)');
    expect(row('latency').cells[2]!.text).toBe('100 ms (min 100 ms, max 100 ms)');
  });

  it('labels each figure with the inputs it depends on, without the message count for the order workload', () => {
    const latency = (r: ComparisonResult) => figureRows(r).find((f) => f.id === 'latency')!.cells;
    expect(latency(chat)[0]!.dependsOn).toEqual([
      'round-trip time',
      'poll interval',
      'message count',
      'TLS version',
      'keep-alive',
    ]);
    expect(latency(chat)[2]!.dependsOn).toEqual(['round-trip time']);
    expect(latency(order)[0]!.dependsOn).toEqual(['round-trip time', 'poll interval', 'TLS version', 'keep-alive']);
  });

  // Each input changed on its own; a figure that moves must list that input.
  const changes: [InputName, (i: ComparisonInputs) => ComparisonInputs][] = [
    ['rttMs', (i) => ({ ...i, rttMs: 300 })],
    ['pollIntervalS', (i) => ({ ...i, pollIntervalS: 2 })],
    ['messageCount', (i) => ({ ...i, messageCount: 7 })],
    ['headerSet', (i) => ({ ...i, headerSet: { preset: 'browser-minimal' } })],
    ['tlsVersion', (i) => ({ ...i, tlsVersion: '1.2' })],
    ['keepAlive', (i) => ({ ...i, keepAlive: { enabled: false, idleTimeoutS: 60 } })],
    ['keepAlive', (i) => ({ ...i, keepAlive: { enabled: true, idleTimeoutS: 3 } })],
    ['scale', (i) => ({ ...i, scale: { clients: 7, eventsPerDay: 3, activeHoursPerDay: 2, daysPerMonth: 20 } })],
  ];
  it.each(changes.map(([name, change], i) => [`${name} #${i}`, name, change] as const))(
    'lists %s wherever changing it moves a figure',
    async (_label, name, change) => {
      for (const [workload, base] of [
        ['chat', chat],
        ['order-status', order],
      ] as const) {
        const changed = figureRows(await runComparison(WORKLOADS[workload], change(DEFAULT_INPUTS)));
        const before = figureRows(base);
        let moved = 0;
        before.forEach((row, r) =>
          row.cells.forEach((cell, c) => {
            if (cell.text === changed[r]!.cells[c]!.text) return;
            moved++;
            expect(cell.dependsOn, `${workload} ${row.id} ${cell.approach}`).toContain(INPUT_LABELS[name]);
          }),
        );
        // Every input but the message count moves something in both workloads.
        if (!(name === 'messageCount' && workload === 'order-status')) expect(moved, workload).toBeGreaterThan(0);
      }
    },
  );

  it('cites the price row of every cost line, with its source and the date it was read', () => {
    for (const a of chat.approaches) {
      for (const line of a.cost.lines) {
        const row = priceRow(line.pricingId)!;
        expect(row.source, line.pricingId).toMatch(/^https:\/\//);
        expect(row.readOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(typeof row.recheck).toBe('boolean');
      }
    }
    expect(priceRow('nope')).toBeUndefined();
  });

  it('summarises the differences: the best approach per headline figure and how far the others are', () => {
    const items = summarise(chat);
    expect(items.map((i) => i.id)).toEqual(['bytes', 'latency', 'wastedPolls', 'requests', 'cost']);
    for (const i of items) expect(i.best).toBe('websocket-push');
    expect(items[0]!.sentence).toBe(
      'WebSocket API push: 5,212 B. HTTP API polling: 81.7 kB (16× more); REST API polling: 90.7 kB (17× more).',
    );
    expect(items[2]!.sentence).toBe(
      'WebSocket API push: none (no polling). REST API polling: 35 of 55 (64%); HTTP API polling: 35 of 55 (64%).',
    );
  });
});

describe('helpers', () => {
  it('formats bytes, durations and dollars for the figures', () => {
    expect([formatBytes(812), formatBytes(90661), formatBytes(55_465_453_636)]).toEqual([
      '812 B',
      '90.7 kB',
      '55465.5 MB',
    ]);
    expect([formatMs(100), formatMs(2525), formatMs(Number.NaN)]).toEqual(['100 ms', '2.53 s', '?']);
    expect([formatUsd(614.699), formatUsd(0.0093466), formatUsd(0)]).toEqual(['$614.70', '$0.0093', '$0']);
  });

  it('reads custom headers as Name: value lines', () => {
    expect(parseHeaderLines('A: 1\n  B:two:three  \n')).toEqual({
      headers: [
        ['A', '1'],
        ['B', 'two:three'],
      ],
    });
    expect(parseHeaderLines('no colon')).toEqual({ error: expect.stringContaining('line 1') });
    expect(parseHeaderLines('Bad Name: x')).toEqual({ error: expect.stringContaining('line 1') });
  });
});
