/**
 * Runs checks. A scenario check gets an ISOLATED gateway built from the learner's files by the
 * src/runtime deployment, the one the page's Deploy uses (with its own engine, tables, ids and
 * virtual clock), runs the check's actions, and evaluates the expectations over that trace. A
 * learner-trace check evaluates the same expectations over the learner's own session.
 *
 * What runs the learner's handlers is injected (`createInvoker`): `createNodeInvoker` in Node
 * and CI (./node.ts), the browser sandbox (`createSandboxRuntime`) on the page. Both take
 * `{ getFiles, services }`, so either is passed as is.
 */
import {
  isHttpLike,
  mintTestToken,
  TraceLog,
  type ApiType,
  type ClientConnection,
  type HttpLikeApi,
  type TraceEvent,
  type WebSocketApi,
} from '../gateway';
import { PRICING } from '../compare/pricing';
import { WORKLOADS } from '../compare/workloads';
import type { ComparisonInputs } from '../compare/types';
import { deployDefinitionFile, marshallItem, TableStore, type Deployment, type InvokerFactory } from '../runtime/node';
import {
  clip,
  evaluateExpectations,
  formatMs,
  patternContextFor,
  type ActionRecord,
  type ExpectationResult,
} from './evaluate';
import { API_FILE } from './lesson';
import { substitute } from './pattern';
import type { Body, Check, CompareStep, Files, HttpStep, Step } from './types';

export type { InvokerFactory } from '../runtime/node';

export interface RunOptions {
  createInvoker: InvokerFactory;
  /** Seeds the engine's ids (default: the check id), so a run replays identically. */
  seed?: string;
}

export interface CheckResult {
  checkId: string;
  title: string;
  kind: Check['kind'];
  /** `error`: the files could not be deployed (e.g. api.json is invalid); `fail`: they ran and something is wrong. */
  status: 'pass' | 'fail' | 'error';
  /** The first problem in one line, naming the input and the trace step (absent when passed): the technical detail. */
  message?: string;
  /** The same problem as a plain sentence, what to look at (shown first; absent when passed). */
  summary?: string;
  /** The trace step `message` points at. */
  seq?: number;
  expectations: ExpectationResult[];
  /** The actions as they ran (scenario and demo runs). */
  actions: ActionRecord[];
  /** The check's own trace (scenario and demo runs), to show in the diagram; the given trace otherwise. */
  trace: readonly TraceEvent[];
}

/** Learner-trace input: the session's trace, and its tables (attribute-value items) if the check reads them. */
export interface LearnerSession {
  trace: readonly TraceEvent[];
  tables?: Record<string, readonly Record<string, unknown>[]>;
}

function result(check: Check, fields: Partial<CheckResult> & Pick<CheckResult, 'status'>): CheckResult {
  return { checkId: check.id, title: check.title, kind: check.kind, expectations: [], actions: [], trace: [], ...fields };
}

/** Not the learner's doing: a bug in the playground (the detail says what, for a bug report). */
const PLAYGROUND_FAILED = 'The playground itself failed while running this check (not your code).';

function finish(
  check: Check,
  expectations: ExpectationResult[],
  actions: ActionRecord[],
  trace: readonly TraceEvent[],
): CheckResult {
  const failed = expectations.find((e) => !e.ok);
  return result(check, {
    status: failed ? 'fail' : 'pass',
    ...(failed?.message ? { message: failed.message } : {}),
    ...(failed?.summary ? { summary: failed.summary } : {}),
    ...(failed?.seq !== undefined ? { seq: failed.seq } : {}),
    expectations,
    actions,
    trace,
  });
}

/** Evaluates a learner-trace check against the learner's own session. */
export function evaluateLearnerTrace(check: Check, session: LearnerSession): CheckResult {
  const expectations = evaluateExpectations(check.expect, {
    trace: session.trace,
    ...(session.tables ? { tables: session.tables } : {}),
  });
  return finish(check, expectations, [], session.trace);
}

// ---------------------------------------------------------------------------- bodies and wording

function bodyText(body: Body, trace: readonly TraceEvent[]): string {
  if (body.text !== undefined) return body.text;
  if (body.json !== undefined) return JSON.stringify(substitute(body.json, patternContextFor(trace)));
  if (body.repeat !== undefined && body.bytes !== undefined)
    return body.repeat.repeat(Math.ceil(body.bytes / body.repeat.length)).slice(0, body.bytes);
  return '';
}

function bodyWords(body: Body, text: string): string {
  if (body.repeat !== undefined && body.bytes !== undefined)
    return `${body.bytes.toLocaleString('en-US')} bytes (${JSON.stringify(clip(body.repeat.repeat(3), 12))}…)`;
  return clip(text, 120);
}

/** How a step reads in results: `Alice sent {"action":"joinRoom","roomId":"r1"}`. */
export function describeStep(step: Step, text = ''): string {
  if ('connect' in step) {
    const c = step.connect;
    const query = typeof c.query === 'string' ? c.query : c.query ? new URLSearchParams(c.query).toString() : '';
    return `${c.client} opened a connection${query ? ` with ?${query}` : ''}`;
  }
  if ('send' in step) {
    const s = step.send;
    return `${s.client} sent ${bodyWords(s, text)}${s.fragmentSize ? ` in frames of ${s.fragmentSize} bytes` : ''}`;
  }
  if ('close' in step) return `${step.close.client} closed the connection (${step.close.code ?? 1000})`;
  if ('postToConnection' in step)
    return `a backend posted ${bodyWords(step.postToConnection, text)} to ${step.postToConnection.target} (POST @connections)`;
  if ('getConnection' in step) return `a backend asked about ${step.getConnection.target} (GET @connections)`;
  if ('deleteConnection' in step) return `a backend disconnected ${step.deleteConnection.target} (DELETE @connections)`;
  if ('advanceClock' in step) return `the clock moved ${formatMs(step.advanceClock.ms)} forward`;
  if ('waitForIdle' in step) return 'the gateway settled';
  if ('compare' in step) {
    const c = step.compare;
    return `the comparison ran the ${WORKLOADS[c.workload]?.name ?? c.workload} workload with your ${c.file ?? COMPARE_FILE}`;
  }
  const h = step.http;
  const j = h.jwt;
  const traits = j
    ? [
        j.scope ? `scope "${j.scope}"` : '',
        j.expiresIn !== undefined && j.expiresIn <= 0 ? 'expired' : '',
        j.key === 'other' ? 'from another issuer' : '',
      ].filter(Boolean)
    : [];
  const token = j ? ` with a token (${traits.join(', ') || 'valid'})` : '';
  return `${h.client} sent ${h.method} ${h.path}${h.query ? '?' + h.query : ''}${token}`;
}

// ---------------------------------------------------------------------------- deployment

/** The learner file a `compare` step reads its inputs from, unless the step names another. */
export const COMPARE_FILE = 'comparison.json';

/** What a scenario drives: a deployment, seen as the WebSocket or HTTP-like API it is. */
interface Gateway {
  type: ApiType;
  ws?: WebSocketApi;
  http?: HttpLikeApi;
  trace: TraceLog;
  tables: TableStore;
  dispose(): void;
}

function gatewayOf(d: Deployment): Gateway {
  return { ...d, ...(isHttpLike(d.api) ? { http: d.api } : { ws: d.api }) };
}

/**
 * Deploys an isolated gateway from the learner's files with the src/runtime deployment, the one
 * the page's Deploy uses. `apiFile` is the file this check deploys (api.json unless the check
 * names another), so every message names the file the learner has to fix.
 */
function deployFiles(
  files: Files,
  options: RunOptions,
  seed: string,
  apiFile: string,
): { ok: true; gateway: Gateway } | { ok: false; message: string } {
  const text = files[apiFile];
  if (text === undefined) return { ok: false, message: `${apiFile} is missing: the check needs the API definition` };
  const handlerFiles = Object.fromEntries(Object.entries(files).filter(([p]) => p !== apiFile));
  const deployed = deployDefinitionFile(apiFile, text, { files: handlerFiles, createInvoker: options.createInvoker, seed });
  return deployed.ok ? { ok: true, gateway: gatewayOf(deployed.deployment) } : deployed;
}

// ---------------------------------------------------------------------------- scenario

class StepProblem extends Error {}

/**
 * Runs a scenario check against an isolated gateway built from `files` (a learner-trace check's
 * steps run the same way, as a demonstration). Never throws: problems become the result.
 */
export async function runScenarioCheck(check: Check, files: Files, options: RunOptions): Promise<CheckResult> {
  try {
    return await runScenario(check, files, options);
  } catch (e) {
    // A bug here or in the injected invoker must not look like the learner's mistake.
    return result(check, {
      status: 'error',
      summary: PLAYGROUND_FAILED,
      message: `the playground failed: ${(e as Error)?.message ?? String(e)}`,
    });
  }
}

/** A check made only of `compare` steps needs no gateway (a comparison runs its own engines). */
function needsGateway(check: Check): boolean {
  return check.api !== undefined || check.tables !== undefined || check.steps.some((s) => !('compare' in s));
}

/**
 * Stands in for a gateway when a check only compares (its steps never reach it): a trace that
 * stays empty, no tables.
 */
function noGateway(): Gateway {
  return {
    type: 'HTTP',
    trace: new TraceLog({ now: () => 0, apiId: '', stage: '' }),
    tables: new TableStore({}),
    dispose() {},
  };
}

async function runScenario(check: Check, files: Files, options: RunOptions): Promise<CheckResult> {
  let d: Gateway;
  if (needsGateway(check)) {
    const deployed = deployFiles(files, options, options.seed ?? check.id, check.api ?? API_FILE);
    if (!deployed.ok)
      return result(check, {
        status: 'error',
        summary: 'Your API could not be deployed for this check: the detail names the file and field to fix.',
        message: deployed.message,
      });
    d = deployed.gateway;
  } else d = noGateway();
  const compared: { figures?: Record<string, unknown> } = {};
  const actions: ActionRecord[] = [];
  try {
    // Seed tables (a stale connection id, an order…), in document form like the DocumentClient.
    for (const [name, items] of Object.entries(check.tables ?? {})) {
      if (!d.tables.keySchema(name))
        return result(check, {
          status: 'error',
          summary: `This check needs a table ${JSON.stringify(name)} that your API does not define.`,
          message: `the check puts items into table ${JSON.stringify(name)}, which ${API_FILE} does not define`,
        });
      for (const item of items) d.tables.putItem({ TableName: name, Item: marshallItem(item) });
    }
    const clients = new Map<string, ClientConnection>();
    const lastSeq = () => d.trace.events.at(-1)?.seq ?? 0;
    for (const [index, step] of check.steps.entries()) {
      const firstSeq = lastSeq() + 1;
      let text = '';
      if ('send' in step) text = bodyText(step.send, d.trace.events);
      else if ('postToConnection' in step) text = bodyText(step.postToConnection, d.trace.events);
      const description = describeStep(step, text);
      const record = (): ActionRecord => ({ index, ...(step.id ? { id: step.id } : {}), description, firstSeq, lastSeq: lastSeq() });
      try {
        if ('compare' in step) compared.figures = await runCompareStep(step, files);
        else await runStep(step, text, d, clients);
        if (d.ws) await d.ws.whenIdle();
      } catch (e) {
        actions.push(record());
        const trace = [...d.trace.events];
        if (e instanceof StepProblem)
          return result(check, {
            status: 'fail',
            summary: `One step of the check could not be done: ${description}.`,
            message: `${description}: ${e.message}`,
            actions,
            trace,
          });
        const why = (e as Error)?.message ?? String(e);
        return result(check, {
          status: 'error',
          summary: PLAYGROUND_FAILED,
          message: `${description}: the playground failed: ${why}`,
          actions,
          trace,
        });
      }
      actions.push(record());
    }
    const trace = [...d.trace.events];
    const snapshot = d.tables.snapshot();
    const tables = Object.fromEntries(Object.entries(snapshot).map(([name, t]) => [name, t.items]));
    const expectations = evaluateExpectations(check.expect, {
      trace,
      tables,
      actions,
      ...(compared.figures ? { figures: compared.figures } : {}),
      ...(needsGateway(check) ? { requestPrice: requestPrice(d.type) } : {}),
    });
    return finish(check, expectations, actions, trace);
  } finally {
    d.dispose();
  }
}

/** First-tier us-east-1 price per million requests (WebSocket: messages) of an API type. */
function requestPrice(protocol: ApiType): { usdPerMillion: number; apiType: string } {
  const row =
    protocol === 'REST' ? PRICING['rest-requests'] : protocol === 'HTTP' ? PRICING['http-requests'] : PRICING['websocket-messages'];
  return { usdPerMillion: row.usdPerUnit, apiType: protocol };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Runs the comparison with the learner's inputs: DEFAULT_INPUTS, overlaid by the learner's file,
 * overlaid by what the check fixes (objects such as `keepAlive` and `scale` merge field by field).
 * Returns the approaches' figures by id, without the traces (the check's own trace stays empty).
 */
async function runCompareStep(step: CompareStep, files: Files): Promise<Record<string, unknown>> {
  // Loaded on first use: the comparison brings three engines, which most lessons never need.
  const { DEFAULT_INPUTS, runComparison } = await import('../compare/compare');
  const c = step.compare;
  const file = c.file ?? COMPARE_FILE;
  const text = files[file];
  if (text === undefined) throw new StepProblem(`${file} is missing: the comparison reads its inputs from it`);
  let learner: unknown;
  try {
    learner = JSON.parse(text);
  } catch (e) {
    throw new StepProblem(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (!isPlainObject(learner)) throw new StepProblem(`${file} must hold a JSON object of comparison inputs`);
  const inputs: Record<string, unknown> = { ...DEFAULT_INPUTS };
  for (const layer of [learner, c.inputs ?? {}])
    for (const [k, v] of Object.entries(layer)) {
      if (!(k in DEFAULT_INPUTS))
        throw new StepProblem(
          `${file}: unknown input ${JSON.stringify(k)} (inputs: ${Object.keys(DEFAULT_INPUTS).join(', ')})`,
        );
      inputs[k] = isPlainObject(v) && isPlainObject(inputs[k]) && k !== 'headerSet' ? { ...inputs[k], ...v } : v;
    }
  const workload = WORKLOADS[c.workload];
  let result;
  try {
    result = await runComparison(workload, inputs as unknown as ComparisonInputs);
  } catch (e) {
    if (e instanceof RangeError) throw new StepProblem(`${file}: ${e.message}`);
    throw e;
  }
  return Object.fromEntries(
    result.approaches.map(({ trace: _trace, wire: _wire, samples: _samples, ...figures }) => [figures.id, figures]),
  );
}

/** The request headers of an `http` step, with a freshly minted bearer token when it asks for one. */
async function httpHeaders(h: HttpStep['http'], api: HttpLikeApi): Promise<Record<string, string> | undefined> {
  if (!h.jwt) return h.headers;
  const j = h.jwt;
  const claims: Record<string, unknown> = {};
  if (j.sub !== undefined) claims.sub = j.sub;
  if (j.scope !== undefined) claims.scope = j.scope;
  if (j.audience !== undefined) claims.aud = j.audience;
  const token = mintTestToken(claims, {
    now: api.clock.now(),
    ...(j.expiresIn !== undefined ? { expiresInSeconds: j.expiresIn } : {}),
    ...(j.key ? { key: j.key } : {}),
  });
  return { ...(h.headers ?? {}), authorization: `Bearer ${token}` };
}

async function runStep(step: Step, text: string, d: Gateway, clients: Map<string, ClientConnection>): Promise<void> {
  const ws = () => {
    if (!d.ws) throw new StepProblem(`this is a${d.type === 'HTTP' ? 'n' : ''} ${d.type} API: WebSocket actions need a WebSocket API`);
    return d.ws;
  };
  const target = (name: string): string => {
    const id = patternContextFor(d.trace.events).connectionId(name);
    if (!id) throw new StepProblem(`${name} never got a connection id`);
    return id;
  };
  const open = (name: string): ClientConnection => {
    const conn = clients.get(name);
    if (conn && conn.readyState === 'open') return conn;
    const events = d.trace.events;
    const lane = `client:${name}`;
    const closeEvent = [...events].reverse().find((e) => e.kind === 'ws.close' && (e.from === lane || e.to === lane));
    if (conn && closeEvent && closeEvent.kind === 'ws.close')
      throw new StepProblem(
        `${name}'s connection is already closed ` +
          `(${closeEvent.code}${closeEvent.reason ? ' ' + closeEvent.reason : ''} at trace step ${closeEvent.seq})`,
      );
    const refused = [...events].reverse().find((e) => e.kind === 'ws.handshake' && e.to === lane);
    if (refused && refused.kind === 'ws.handshake' && !refused.accepted)
      throw new StepProblem(`${name} is not connected: the handshake was refused with ${refused.status} (trace step ${refused.seq})`);
    throw new StepProblem(`${name} is not connected`);
  };

  if ('connect' in step) {
    const c = step.connect;
    if (clients.get(c.client)?.readyState === 'open') throw new StepProblem(`${c.client} is already connected`);
    const res = await ws().connect({
      clientName: c.client,
      ...(c.query !== undefined ? { query: c.query } : {}),
      ...(c.headers ? { headers: c.headers } : {}),
      ...(c.subprotocols ? { subprotocols: c.subprotocols } : {}),
    });
    if (res.accepted) clients.set(c.client, res.connection);
    else clients.delete(c.client);
  } else if ('send' in step) {
    const conn = open(step.send.client);
    await conn.send(text, step.send.fragmentSize ? { fragmentSize: step.send.fragmentSize } : undefined);
  } else if ('close' in step) {
    await open(step.close.client).close(step.close.code ?? 1000, step.close.reason ?? '');
  } else if ('postToConnection' in step) {
    await ws().management.postToConnection(target(step.postToConnection.target), text);
  } else if ('getConnection' in step) {
    await ws().management.getConnection(target(step.getConnection.target));
  } else if ('deleteConnection' in step) {
    await ws().management.deleteConnection(target(step.deleteConnection.target));
  } else if ('advanceClock' in step) {
    (d.ws ?? d.http)!.advanceClock(step.advanceClock.ms);
  } else if ('waitForIdle' in step) {
    // Every step already waits for the gateway to settle.
  } else if ('http' in step) {
    if (!d.http) throw new StepProblem('this is a WebSocket API: http actions need an HTTP or REST API');
    const h = step.http;
    const body = h.text !== undefined || h.json !== undefined || h.repeat !== undefined ? bodyText(h, d.trace.events) : undefined;
    const headers = await httpHeaders(h, d.http);
    await d.http.handle({
      method: h.method,
      url: `${d.http.url}${h.path}${h.query ? '?' + h.query : ''}`,
      clientName: h.client,
      ...(headers ? { headers } : {}),
      ...(body !== undefined ? { body } : {}),
    });
  }
}

/**
 * Runs every check of a lesson: scenarios against `files`; learner-trace checks against
 * `session` (they fail with "not done yet" without one). Scenarios run one after another so a
 * slow handler in one cannot skew another's timing.
 */
export async function runChecks(
  checks: readonly Check[],
  files: Files,
  options: RunOptions & { session?: LearnerSession },
): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  for (const check of checks) {
    if (check.kind === 'scenario') out.push(await runScenarioCheck(check, files, options));
    else if (options.session) out.push(evaluateLearnerTrace(check, options.session));
    else
      out.push(
        result(check, {
          status: 'fail',
          summary: 'Not done yet: this check looks at what you do in your own session.',
          message: 'not done yet: this check looks at your own session',
        }),
      );
  }
  return out;
}
