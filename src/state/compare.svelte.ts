/**
 * The "REST polling vs HTTP API polling vs WebSocket push" view as reactive state: the workload
 * and inputs the learner picked, the last comparison run (src/compare), and what the view
 * derives from it (one windowed sequence diagram per approach, the network path of each API
 * type, the figures with the inputs each depends on, and a summary of the differences).
 *
 * One mutation path per piece: `setWorkload`/`setInputs`/… change the inputs and schedule a
 * debounced run; `run()` runs now. A newer run always wins over an older one still finishing.
 */
import {
  DEFAULT_INPUTS,
  PRICING,
  runComparison,
  WORKLOADS,
  type ApproachId,
  type ApproachResult,
  type ComparisonInputs,
  type ComparisonResult,
  type HeaderPresetName,
  type InputName,
  type KeepAliveInput,
  type PricingRow,
  type ScaleInput,
  type Workload,
} from '../compare';
import { networkPath, traceToMermaid, type DiagramText, type EndpointType, type NetworkApiType } from '../diagram';

export type WorkloadId = Workload['id'];

/** Steps per page of each approach's sequence diagram (three diagrams share the screen). */
export const COMPARE_WINDOW = 40;
/** Short labels keep each diagram narrow enough for a third of the screen. */
export const COMPARE_LABEL_LENGTH = 40;
/** Quiet time after the last input change before the comparison re-runs. */
export const COMPARE_DEBOUNCE_MS = 400;

export const APPROACH_IDS: readonly ApproachId[] = ['rest-polling', 'http-polling', 'websocket-push'];
export const API_TYPE_OF: Record<ApproachId, NetworkApiType> = {
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

/** What a learner may change; nested objects merge. */
export interface InputsPatch {
  rttMs?: number;
  pollIntervalS?: number;
  messageCount?: number;
  headerPreset?: HeaderPresetName;
  /** `Name: value` per line; used when the preset is `custom`. */
  customHeaders?: string;
  tlsVersion?: ComparisonInputs['tlsVersion'];
  keepAlive?: Partial<KeepAliveInput>;
  scale?: Partial<ScaleInput>;
}

export interface CompareEnv {
  run?: (workload: Workload, inputs: ComparisonInputs) => Promise<ComparisonResult>;
  /** Timers for the debounce; tests pass manual ones. */
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  debounceMs?: number;
}

export type CompareStatus = 'idle' | 'pending' | 'running' | 'done' | 'error';

// ------------------------------------------------------------------------------ formatting

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

interface FigureDef {
  id: FigureId;
  label: string;
  /** The number compared across approaches (lower is better), or null where it does not apply. */
  value: (a: ApproachResult) => number | null;
  text: (a: ApproachResult) => string;
  /** A compact form for the summary (defaults to `text`). */
  short?: (a: ApproachResult) => string;
  /**
   * The inputs this figure depends on, for polling and for push. Checked against the model in
   * compare.svelte.test.ts: changing any other input leaves the figure as it was.
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

function copyInputs(i: ComparisonInputs): ComparisonInputs {
  return {
    ...i,
    headerSet:
      i.headerSet.preset === 'custom'
        ? { preset: 'custom', headers: i.headerSet.headers.map(([n, v]) => [n, v]) }
        : { ...i.headerSet },
    keepAlive: { ...i.keepAlive },
    scale: { ...i.scale },
  };
}

/** The input a model error names (`scale.clients must be …` → `scale`). */
function inputOf(message: string): InputName | null {
  const name = /^(\w+)/.exec(message)?.[1];
  return name && name in INPUT_LABELS ? (name as InputName) : null;
}

const DEFAULT_CUSTOM_HEADERS = 'User-Agent: my-app/1.0\nAccept: application/json';

// ----------------------------------------------------------------------------------- state

export class CompareState {
  #workload = $state<WorkloadId>('chat');
  #inputs = $state.raw<ComparisonInputs>(copyInputs(DEFAULT_INPUTS));
  #customHeaders = $state(DEFAULT_CUSTOM_HEADERS);
  #result = $state.raw<ComparisonResult | null>(null);
  #status = $state<CompareStatus>('idle');
  #error = $state<{ input: InputName | null; message: string } | null>(null);
  #announcement = $state('');
  #runs = $state(0);
  #windows = $state<Record<ApproachId, number>>({ 'rest-polling': 0, 'http-polling': 0, 'websocket-push': 0 });
  #restEndpoint = $state<EndpointType>('REGIONAL');
  #vpcLink = $state(false);
  #generation = 0;
  #timer: unknown = undefined;
  readonly #env: Required<CompareEnv>;

  constructor(env: CompareEnv = {}) {
    this.#env = {
      run: env.run ?? runComparison,
      setTimer: env.setTimer ?? ((fn, ms) => setTimeout(fn, ms)),
      clearTimer: env.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>)),
      debounceMs: env.debounceMs ?? COMPARE_DEBOUNCE_MS,
    };
  }

  // ---- what the learner set

  get workload(): WorkloadId {
    return this.#workload;
  }

  get workloadDef(): Workload {
    return WORKLOADS[this.#workload];
  }

  get inputs(): ComparisonInputs {
    return this.#inputs;
  }

  get customHeaders(): string {
    return this.#customHeaders;
  }

  get restEndpoint(): EndpointType {
    return this.#restEndpoint;
  }

  get vpcLink(): boolean {
    return this.#vpcLink;
  }

  setWorkload(id: WorkloadId): void {
    if (!(id in WORKLOADS) || id === this.#workload) return;
    this.#workload = id;
    this.schedule();
  }

  setInputs(patch: InputsPatch): void {
    const i = this.#inputs;
    if (patch.customHeaders !== undefined) this.#customHeaders = patch.customHeaders;
    const preset = patch.headerPreset ?? i.headerSet.preset;
    let headerSet = i.headerSet;
    if (patch.headerPreset !== undefined || (patch.customHeaders !== undefined && preset === 'custom')) {
      if (preset === 'custom') {
        const parsed = parseHeaderLines(this.#customHeaders);
        // Kept as typed; the error is reported when the run validates the inputs.
        headerSet = { preset: 'custom', headers: 'headers' in parsed ? parsed.headers : [] };
      } else headerSet = { preset };
    }
    this.#inputs = {
      rttMs: patch.rttMs ?? i.rttMs,
      pollIntervalS: patch.pollIntervalS ?? i.pollIntervalS,
      messageCount: patch.messageCount ?? i.messageCount,
      headerSet,
      tlsVersion: patch.tlsVersion ?? i.tlsVersion,
      keepAlive: { ...i.keepAlive, ...patch.keepAlive },
      scale: { ...i.scale, ...patch.scale },
    };
    this.schedule();
  }

  /** The scale that fits the workload's story (e.g. 10,000 customers checking an order). */
  useSuggestedScale(): void {
    this.setInputs({ scale: { ...this.workloadDef.suggestedScale } });
  }

  resetInputs(): void {
    this.#inputs = copyInputs(DEFAULT_INPUTS);
    this.#customHeaders = DEFAULT_CUSTOM_HEADERS;
    this.schedule();
  }

  setRestEndpoint(type: EndpointType): void {
    this.#restEndpoint = type;
  }

  setVpcLink(on: boolean): void {
    this.#vpcLink = on;
  }

  // ---- running

  get result(): ComparisonResult | null {
    return this.#result;
  }

  get status(): CompareStatus {
    return this.#status;
  }

  get error(): { input: InputName | null; message: string } | null {
    return this.#error;
  }

  /** For an aria-live region: set when a run completes or fails. */
  get announcement(): string {
    return this.#announcement;
  }

  /** Completed runs, counting from 1 (tests and the view wait on it). */
  get runs(): number {
    return this.#runs;
  }

  /** The figures on screen are from other inputs than those now set (a run is pending or failed). */
  get stale(): boolean {
    return (
      this.#status === 'pending' || this.#status === 'running' || (this.#status === 'error' && this.#result !== null)
    );
  }

  /** Re-runs after the inputs have been quiet for `debounceMs`. */
  schedule(): void {
    if (this.#timer !== undefined) this.#env.clearTimer(this.#timer);
    this.#status = 'pending';
    this.#timer = this.#env.setTimer(() => {
      this.#timer = undefined;
      void this.run();
    }, this.#env.debounceMs);
  }

  /** Runs the comparison now with the current inputs; a later run supersedes this one. */
  async run(): Promise<void> {
    if (this.#timer !== undefined) {
      this.#env.clearTimer(this.#timer);
      this.#timer = undefined;
    }
    const generation = ++this.#generation;
    const workload = this.workloadDef;
    const inputs = this.#inputs;
    if (inputs.headerSet.preset === 'custom') {
      const parsed = parseHeaderLines(this.#customHeaders);
      if ('error' in parsed) return this.#fail(generation, { input: 'headerSet', message: parsed.error });
    }
    this.#status = 'running';
    try {
      const result = await this.#env.run(workload, inputs);
      if (generation !== this.#generation) return;
      this.#result = result;
      this.#windows = { 'rest-polling': 0, 'http-polling': 0, 'websocket-push': 0 };
      this.#error = null;
      this.#status = 'done';
      this.#runs++;
      this.#announcement = this.#describe(result);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.#fail(generation, { input: e instanceof RangeError ? inputOf(message) : null, message });
    }
  }

  /** Runs once if nothing has run yet (the view calls it when it opens). */
  start(): void {
    if (this.#result === null && this.#status === 'idle') void this.run();
  }

  dispose(): void {
    if (this.#timer !== undefined) this.#env.clearTimer(this.#timer);
    this.#timer = undefined;
    this.#generation++;
  }

  #fail(generation: number, error: { input: InputName | null; message: string }): void {
    if (generation !== this.#generation) return;
    this.#error = error;
    this.#status = 'error';
    this.#announcement = `Not run: ${error.message}`;
  }

  #describe(r: ComparisonResult): string {
    const bits = r.approaches.map((a) => {
      const wasted = isPush(a) ? 'no polls' : `${formatCount(a.polls.wasted)} wasted polls`;
      return `${a.label}: ${formatBytes(a.bytes.total)}, mean latency ${formatMs(a.latency.meanMs)}, ${wasted}, ${formatUsd(a.cost.totalUsd)} a month`;
    });
    return `Comparison updated for ${r.workload.name}. ${bits.join('. ')}.`;
  }

  // ---- what the view shows

  approach(id: ApproachId): ApproachResult | undefined {
    return this.#result?.approaches.find((a) => a.id === id);
  }

  readonly figures = $derived.by(() => (this.#result ? figureRows(this.#result) : []));

  readonly summary = $derived.by(() => (this.#result ? summarise(this.#result) : []));

  /** One sequence diagram per approach, over that approach's own trace, `COMPARE_WINDOW` steps a page. */
  readonly diagrams = $derived.by(() => {
    const out = {} as Record<ApproachId, DiagramText>;
    for (const a of this.#result?.approaches ?? []) {
      out[a.id] = traceToMermaid(a.trace, {
        window: { start: this.#windows[a.id], size: COMPARE_WINDOW },
        title: a.label,
        maxLabelLength: COMPARE_LABEL_LENGTH,
        compact: true,
      });
    }
    return out;
  });

  canPageOlder(id: ApproachId): boolean {
    return (this.diagrams[id]?.shown.from ?? 0) > 0;
  }

  canPageNewer(id: ApproachId): boolean {
    const d = this.diagrams[id];
    return d !== undefined && d.shown.to < d.total;
  }

  pageOlder(id: ApproachId): void {
    const d = this.diagrams[id];
    if (d) this.#windows = { ...this.#windows, [id]: Math.max(0, d.shown.from - COMPARE_WINDOW) };
  }

  pageNewer(id: ApproachId): void {
    const d = this.diagrams[id];
    if (d && d.shown.to < d.total) this.#windows = { ...this.#windows, [id]: d.shown.to };
  }

  pageTo(id: ApproachId, where: 'first' | 'last'): void {
    const d = this.diagrams[id];
    if (d) this.#windows = { ...this.#windows, [id]: where === 'first' ? 0 : Math.max(0, d.total - COMPARE_WINDOW) };
  }

  /** The network path of each API type; REST follows the endpoint-type selector. */
  readonly networkPaths = $derived.by((): Record<NetworkApiType, string> => ({
    REST: networkPath('REST', { endpointType: this.#restEndpoint, vpcLink: this.#vpcLink }),
    HTTP: networkPath('HTTP', { vpcLink: this.#vpcLink }),
    WEBSOCKET: networkPath('WEBSOCKET', { vpcLink: this.#vpcLink }),
  }));
}
