/**
 * The "REST polling vs HTTP API polling vs WebSocket push" view as reactive state: the workload
 * and inputs the learner picked, the last comparison run (src/compare), and what the view
 * derives from it (one windowed sequence diagram per approach, the network path of each API
 * type, the figures with the inputs each depends on, and a summary of the differences).
 *
 * One mutation path per piece: `setWorkload`/`setInputs`/… change the inputs and schedule a
 * debounced run; `run()` runs now. A newer run always wins over an older one still finishing.
 * How the figures read (formatting, best of each row, summary) is src/compare/format.ts.
 */
import {
  DEFAULT_INPUTS,
  runComparison,
  WORKLOADS,
  type ApproachId,
  type ApproachResult,
  type ComparisonInputs,
  type ComparisonResult,
  type HeaderPresetName,
  type InputName,
  type KeepAliveInput,
  type ScaleInput,
  type Workload,
} from '../compare';
import { describeComparison, figureRows, INPUT_LABELS, parseHeaderLines, summarise } from '../compare/format';
import type { ApiType } from '../gateway';
import { networkPath, traceToMermaid, type DiagramText, type EndpointType } from '../diagram';

export type WorkloadId = Workload['id'];

/** Steps per page of each approach's sequence diagram (three diagrams share the screen). */
export const COMPARE_WINDOW = 40;
/** Short labels keep each diagram narrow enough for a third of the screen. */
export const COMPARE_LABEL_LENGTH = 40;
/** Quiet time after the last input change before the comparison re-runs. */
export const COMPARE_DEBOUNCE_MS = 400;

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
      this.#announcement = describeComparison(result);
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
  readonly networkPaths = $derived.by((): Record<ApiType, string> => ({
    REST: networkPath('REST', { endpointType: this.#restEndpoint, vpcLink: this.#vpcLink }),
    HTTP: networkPath('HTTP', { vpcLink: this.#vpcLink }),
    WEBSOCKET: networkPath('WEBSOCKET', { vpcLink: this.#vpcLink }),
  }));
}
