/**
 * How the comparison's results read on screen: numbers formatted (counts, bytes, durations,
 * dollars), the figures of each approach with the best of each row marked and the inputs each
 * depends on, a one-line summary per headline figure, the announcement of a run, and the
 * reading of custom `Name: value` header lines. Pure, so it is unit-tested in Node;
 * src/state/compare.svelte.ts holds the view's state and derives its figures with these.
 */
import type { ApiType } from '../gateway';
import { PRICING, type PricingRow } from './pricing';
import type { ApproachId, ApproachResult, ComparisonResult, HeaderPresetName, InputName } from './types';

export const APPROACH_IDS: readonly ApproachId[] = ['rest-polling', 'http-polling', 'websocket-push'];
export const API_TYPE_OF: Record<ApproachId, ApiType> = {
  'rest-polling': 'REST',
  'http-polling': 'HTTP',
  'websocket-push': 'WEBSOCKET',
};

/** How each input is named on screen (figures list the inputs they depend on by these names). */
export const INPUT_LABELS: Record<InputName, string> = {
  rttMs: 'round-trip time',
  pollIntervalS: 'poll interval',
  messageCount: 'message count',
  headerSet: 'header set',
  tlsVersion: 'TLS version',
  keepAlive: 'keep-alive',
  scale: 'scale',
};

export const HEADER_PRESETS: { id: HeaderPresetName; label: string }[] = [
  { id: 'browser-minimal', label: 'Browser, minimal (fetch from a page)' },
  { id: 'browser-typical', label: 'Browser, typical (client hints, cookies)' },
  { id: 'custom', label: 'Custom headers' },
];

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(n: number): string {
  return Number.isFinite(n) ? int.format(n) : '?';
}

/** Bytes as a count, with kB (1000 bytes) beside it once it is large. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return '?';
  if (Math.abs(n) < 10_000) return `${int.format(Math.round(n))} B`;
  if (Math.abs(n) < 10_000_000) return `${(n / 1000).toFixed(1)} kB`;
  return `${(n / 1_000_000).toFixed(1)} MB`;
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  if (Math.abs(ms) < 1000) return `${Math.round(ms)} ms`;
  // Rounded in integers first: 2525 ms is 2.53 s, not the 2.52 that toFixed gives for 2.525.
  return `${(Math.round(ms / 10) / 100).toFixed(2)} s`;
}

export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd)) return '?';
  if (usd === 0) return '$0';
  if (Math.abs(usd) < 0.01) return `$${usd.toPrecision(2)}`;
  return `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

function ratio(worse: number, better: number): string {
  if (!(better > 0)) return '';
  const r = worse / better;
  return r >= 10 ? `${Math.round(r)}×` : `${r.toFixed(1)}×`;
}

// --------------------------------------------------------------------------------- figures

export type FigureId =
  | 'connections'
  | 'handshakes'
  | 'bytes'
  | 'bytesPerEvent'
  | 'overhead'
  | 'latency'
  | 'expectedLatency'
  | 'wastedPolls'
  | 'requests'
  | 'billedUnits'
  | 'cost';

export interface FigureDef {
  id: FigureId;
  label: string;
  /** The number compared across approaches (lower is better), or null where it does not apply. */
  value: (a: ApproachResult) => number | null;
  text: (a: ApproachResult) => string;
  /** A compact form for the summary (defaults to `text`). */
  short?: (a: ApproachResult) => string;
  /**
   * The inputs this figure depends on, for polling and for push. Checked against the model in
   * format.test.ts: changing any other input leaves the figure as it was.
   */
  deps: { polling: InputName[]; push: InputName[] };
}

const isPush = (a: ApproachResult) => a.apiType === 'WEBSOCKET';

export const FIGURES: readonly FigureDef[] = [
  {
    id: 'connections',
    label: 'Connections opened',
    value: (a) => a.connections.opened,
    text: (a) =>
      isPush(a)
        ? `${formatCount(a.connections.opened)} (one per client, held open)`
        : `${formatCount(a.connections.opened)} (${formatCount(a.connections.reusedRequests)} requests reused one)`,
    deps: { polling: ['pollIntervalS', 'messageCount', 'keepAlive'], push: [] },
  },
  {
    id: 'handshakes',
    label: 'Handshake round trips',
    value: (a) => a.connections.handshakeRoundTrips,
    text: (a) => {
      const c = a.connections;
      const parts = [`${c.tcpHandshakes} TCP`, `${c.tlsHandshakes} TLS`];
      if (c.upgrades) parts.push(`${c.upgrades} upgrade`);
      return `${formatCount(c.handshakeRoundTrips)} (${parts.join(' + ')})`;
    },
    deps: { polling: ['pollIntervalS', 'tlsVersion', 'keepAlive'], push: ['tlsVersion'] },
  },
  {
    id: 'bytes',
    label: 'Bytes on the wire',
    value: (a) => a.bytes.total,
    text: (a) =>
      `${formatBytes(a.bytes.total)} (${formatBytes(a.bytes.clientToServer)} up, ${formatBytes(a.bytes.serverToClient)} down)`,
    short: (a) => formatBytes(a.bytes.total),
    deps: { polling: ['pollIntervalS', 'messageCount', 'headerSet', 'keepAlive'], push: ['messageCount', 'headerSet'] },
  },
  {
    id: 'bytesPerEvent',
    label: 'Bytes per event delivered',
    value: (a) => a.bytes.perEvent,
    text: (a) => formatBytes(a.bytes.perEvent),
    deps: { polling: ['pollIntervalS', 'messageCount', 'headerSet', 'keepAlive'], push: ['messageCount', 'headerSet'] },
  },
  {
    id: 'overhead',
    label: 'Of which headers and framing',
    value: (a) => a.bytes.overhead,
    text: (a) =>
      `${formatBytes(a.bytes.overhead)} (${a.bytes.total ? Math.round((a.bytes.overhead / a.bytes.total) * 100) : 0}%)${a.bytes.upgrade ? `, upgrade ${formatBytes(a.bytes.upgrade)}` : ''}`,
    deps: { polling: ['pollIntervalS', 'messageCount', 'headerSet', 'keepAlive'], push: ['messageCount', 'headerSet'] },
  },
  {
    id: 'latency',
    label: 'Latency, event → client (mean)',
    value: (a) => a.latency.meanMs,
    text: (a) => `${formatMs(a.latency.meanMs)} (min ${formatMs(a.latency.minMs)}, max ${formatMs(a.latency.maxMs)})`,
    short: (a) => `${formatMs(a.latency.meanMs)} mean`,
    deps: { polling: ['rttMs', 'pollIntervalS', 'messageCount', 'tlsVersion', 'keepAlive'], push: ['rttMs'] },
  },
  {
    id: 'expectedLatency',
    label: 'Expected latency at a random moment',
    value: (a) => a.latency.expectedMs,
    text: (a) => formatMs(a.latency.expectedMs),
    deps: { polling: ['rttMs', 'pollIntervalS', 'messageCount', 'tlsVersion', 'keepAlive'], push: ['rttMs'] },
  },
  {
    id: 'wastedPolls',
    label: 'Wasted polls',
    value: (a) => (isPush(a) ? 0 : a.polls.wasted),
    text: (a) =>
      isPush(a)
        ? 'none (no polling)'
        : `${formatCount(a.polls.wasted)} of ${formatCount(a.polls.total)} (${a.polls.total ? Math.round((a.polls.wasted / a.polls.total) * 100) : 0}%)`,
    deps: { polling: ['pollIntervalS', 'messageCount'], push: [] },
  },
  {
    id: 'requests',
    label: 'Requests / messages',
    value: (a) => (isPush(a) ? a.counts.messagesIn + a.counts.messagesOut : a.counts.requests),
    text: (a) =>
      isPush(a)
        ? `${formatCount(a.counts.messagesIn)} in + ${formatCount(a.counts.messagesOut)} out`
        : `${formatCount(a.counts.requests)} HTTP requests (${formatCount(a.polls.total)} polls)`,
    short: (a) =>
      isPush(a)
        ? `${formatCount(a.counts.messagesIn + a.counts.messagesOut)} messages`
        : `${formatCount(a.counts.requests)} requests`,
    deps: { polling: ['pollIntervalS', 'messageCount'], push: ['messageCount'] },
  },
  {
    id: 'billedUnits',
    label: 'Billed units in this run',
    value: (a) => a.counts.billedUnits,
    text: (a) =>
      isPush(a)
        ? `${formatCount(a.counts.billedUnits)} messages + ${a.counts.connectionMinutes.toFixed(1)} connection minutes`
        : `${formatCount(a.counts.billedUnits)} requests`,
    // Connection minutes last as long as the run, which the round trips and handshakes stretch.
    deps: { polling: ['pollIntervalS', 'messageCount'], push: ['rttMs', 'messageCount', 'tlsVersion'] },
  },
  {
    id: 'cost',
    label: 'Estimated monthly cost',
    value: (a) => a.cost.totalUsd,
    text: (a) => formatUsd(a.cost.totalUsd),
    short: (a) => `${formatUsd(a.cost.totalUsd)} a month`,
    deps: {
      polling: ['pollIntervalS', 'messageCount', 'headerSet', 'keepAlive', 'scale'],
      push: ['messageCount', 'scale'],
    },
  },
];

export interface FigureCell {
  approach: ApproachId;
  value: number | null;
  text: string;
  /** The lowest (best) value of the row; ties are all best. */
  best: boolean;
  /** The inputs this cell depends on, as screen names. */
  dependsOn: string[];
}

export interface FigureRow {
  id: FigureId;
  label: string;
  cells: FigureCell[];
}

/** The inputs a figure depends on for one approach, limited to those this workload uses. */
export function dependsOn(figure: FigureDef, approach: ApproachResult, used: readonly InputName[]): InputName[] {
  return (isPush(approach) ? figure.deps.push : figure.deps.polling).filter((d) => used.includes(d));
}

/** Every figure for every approach, with the best of each row marked. */
export function figureRows(result: ComparisonResult): FigureRow[] {
  return FIGURES.map((f) => {
    const values = result.approaches.map((a) => f.value(a));
    const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
    const min = finite.length ? Math.min(...finite) : NaN;
    // A row where every approach has the same value has no best.
    const allEqual = finite.every((v) => v === finite[0]);
    return {
      id: f.id,
      label: f.label,
      cells: result.approaches.map((a, i) => ({
        approach: a.id,
        value: values[i]!,
        text: f.text(a),
        best: values[i] === min && !allEqual,
        dependsOn: dependsOn(f, a, result.inputsUsed).map((d) => INPUT_LABELS[d]),
      })),
    };
  });
}

/** The summary: per headline figure, which approach is best and by how much the others differ. */
export interface SummaryItem {
  id: FigureId;
  label: string;
  best: ApproachId;
  sentence: string;
}

const SUMMARY_FIGURES: FigureId[] = ['bytes', 'latency', 'wastedPolls', 'requests', 'cost'];

export function summarise(result: ComparisonResult): SummaryItem[] {
  const label = (id: ApproachId) => result.approaches.find((a) => a.id === id)!.label;
  return SUMMARY_FIGURES.map((id) => {
    const f = FIGURES.find((x) => x.id === id)!;
    const short = f.short ?? f.text;
    const cells = result.approaches.map((a) => ({ id: a.id, value: f.value(a) ?? Infinity, text: short(a) }));
    const sorted = [...cells].sort((a, b) => a.value - b.value);
    const best = sorted[0]!;
    const others = sorted
      .slice(1)
      .map((c) => {
        const r = c.value > best.value ? ratio(c.value, best.value) : '';
        return `${label(c.id)}: ${c.text}${r ? ` (${r} more)` : ''}`;
      })
      .join('; ');
    return { id, label: f.label, best: best.id, sentence: `${label(best.id)}: ${best.text}. ${others}.` };
  });
}

/** The price row a cost line cites. */
export function priceRow(pricingId: string): PricingRow | undefined {
  return (PRICING as Record<string, PricingRow>)[pricingId];
}

/** Parses `Name: value` lines; a bad line names its number. */
export function parseHeaderLines(text: string): { headers: [string, string][] } | { error: string } {
  const headers: [string, string][] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))
      return {
        error: `Custom headers, line ${i + 1}: write "Name: value" (a header name is letters, digits and - only).`,
      };
    headers.push([name, line.slice(colon + 1).trim()]);
  }
  return { headers };
}

/** The one line an aria-live region reads when a run completes. */
export function describeComparison(r: ComparisonResult): string {
  const bits = r.approaches.map((a) => {
    const wasted = isPush(a) ? 'no polls' : `${formatCount(a.polls.wasted)} wasted polls`;
    return `${a.label}: ${formatBytes(a.bytes.total)}, mean latency ${formatMs(a.latency.meanMs)}, ${wasted}, ${formatUsd(a.cost.totalUsd)} a month`;
  });
  return `Comparison updated for ${r.workload.name}. ${bits.join('. ')}.`;
}
