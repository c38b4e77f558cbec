/**
 * Parsing and validating `checks.json`: every problem is reported with the field it is in
 * (`checks[1].steps[0].send.client: unknown client "Carol" (connect it first)`), so a trainer
 * writing a pack sees exactly what to fix. Nothing in a pack is code; this is its only gate.
 */
import { clientsInPattern, validatePattern } from './pattern';
import { isTraceKind, TRACE_KINDS, traceFields } from './trace-fields';
import {
  EXPECTATION_KINDS,
  STEP_KINDS,
  type Check,
  type CountConstraint,
  type Expectation,
  type ExpectationKind,
  type LessonProblem,
  type LoadResult,
  type Step,
  type StepKind,
} from './types';

type Obj = Record<string, unknown>;
type Report = (field: string, message: string) => void;

const CHECK_KEYS = ['id', 'title', 'kind', 'steps', 'expect', 'hints', 'tables', 'demoOn', 'api'];
const COMPARE_WORKLOADS = ['order-status', 'chat'];
const FIGURE_APPROACHES = ['rest-polling', 'http-polling', 'websocket-push'];
/** A learner file path such as `banking/api.json` (relative, no `..`). */
const FILE_PATH = /^(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*$/;
const BASE_EXPECTATION_KEYS = ['id', 'after', 'during', 'count', 'description'];
const FRAME_CAUSES = ['route-response', 'post-to-connection', 'forbidden', 'integration-error', 'bad-request', 'observed'];
const CLOSE_INITIATORS = ['client', 'gateway', 'management', 'idle-timeout', 'max-duration', 'limit'];
/** A client name becomes a diagram lane (`client:Alice`). */
const CLIENT_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;
const CHECK_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const REF_ID = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
/** Guards against packs that would allocate absurd messages in the page. */
const MAX_REPEAT_BYTES = 1_048_576;
/** Three days of virtual time is more than any lesson needs (the 2-hour limit is the longest). */
const MAX_ADVANCE_MS = 3 * 24 * 60 * 60_000;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const q = (v: unknown) => JSON.stringify(v);

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${q(v)}`;
}

function unknownKeys(obj: Obj, allowed: readonly string[], path: string, report: Report): void {
  for (const k of Object.keys(obj))
    if (!allowed.includes(k)) report(path ? `${path}.${k}` : k, `unknown key ${q(k)} (allowed: ${allowed.join(', ')})`);
}

function stringRecord(v: unknown, path: string, report: Report): boolean {
  if (!isObj(v)) {
    report(path, `must be an object of strings; got ${describe(v)}`);
    return false;
  }
  let ok = true;
  for (const [k, val] of Object.entries(v))
    if (typeof val !== 'string') {
      report(`${path}.${k}`, `must be a string; got ${describe(val)}`);
      ok = false;
    }
  return ok;
}

function validateCount(v: unknown, path: string, report: Report): v is CountConstraint {
  const whole = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0;
  if (whole(v)) return true;
  if (isObj(v)) {
    unknownKeys(v, ['min', 'max'], path, report);
    if (v.min === undefined && v.max === undefined) {
      report(path, 'needs "min", "max" or both');
      return false;
    }
    if (v.min !== undefined && !whole(v.min)) report(`${path}.min`, `must be a whole number ≥ 0; got ${describe(v.min)}`);
    if (v.max !== undefined && !whole(v.max)) report(`${path}.max`, `must be a whole number ≥ 0; got ${describe(v.max)}`);
    if (whole(v.min) && whole(v.max) && (v.min as number) > (v.max as number)) report(path, 'min is greater than max');
    return true;
  }
  report(path, `must be a whole number or {"min": …, "max": …}; got ${describe(v)}`);
  return false;
}

/** What the step validation knows about clients, in order. */
interface ClientState {
  /** Clients connected by an earlier step. */
  connected: Set<string>;
}

function requireClient(
  name: unknown,
  path: string,
  state: ClientState,
  report: Report,
  connectFirst = true,
): name is string {
  if (typeof name !== 'string' || name === '') {
    report(path, `required: a client name such as "Alice"; got ${describe(name)}`);
    return false;
  }
  if (connectFirst && !state.connected.has(name)) {
    report(path, `unknown client ${q(name)} (connect it first)`);
    return false;
  }
  return true;
}

/** Exactly one of text / json / repeat+bytes (optional when `optional`). */
function validateBody(step: Obj, path: string, state: ClientState, report: Report, optional: boolean): void {
  const forms = ['text', 'json', 'repeat'].filter((k) => step[k] !== undefined);
  if (forms.length > 1) report(path, `give one of "text", "json" or "repeat"; got ${forms.join(' and ')}`);
  if (!forms.length && !optional) report(path, 'needs a body: "text", "json", or "repeat" with "bytes"');
  if (step.text !== undefined && typeof step.text !== 'string') report(`${path}.text`, `must be a string; got ${describe(step.text)}`);
  if (step.json !== undefined) {
    validatePattern(step.json, `${path}.json`, report);
    for (const c of clientsInPattern(step.json))
      if (!state.connected.has(c)) report(`${path}.json`, `refers to ${q(c)}'s connection id, but ${c} has not connected yet`);
  }
  if (step.repeat !== undefined) {
    if (typeof step.repeat !== 'string' || step.repeat === '' || !/^[\x20-\x7e]+$/.test(step.repeat))
      report(`${path}.repeat`, 'must be non-empty printable ASCII text (so the byte count is exact)');
    if (typeof step.bytes !== 'number' || !Number.isInteger(step.bytes) || step.bytes < 1 || step.bytes > MAX_REPEAT_BYTES)
      report(`${path}.bytes`, `must be a whole number of bytes from 1 to ${MAX_REPEAT_BYTES}; got ${describe(step.bytes)}`);
  } else if (step.bytes !== undefined) report(`${path}.bytes`, '"bytes" goes with "repeat"');
}

function validateStep(raw: unknown, path: string, state: ClientState, stepIds: Set<string>, report: Report): Step | undefined {
  if (!isObj(raw)) {
    report(path, `must be an object like {"send": {…}}; got ${describe(raw)}`);
    return undefined;
  }
  const kinds = Object.keys(raw).filter((k) => k !== 'id');
  if (kinds.length !== 1 || !(STEP_KINDS as readonly string[]).includes(kinds[0])) {
    const got = kinds.map(q).join(', ') || 'none';
    report(path, `needs exactly one action (${STEP_KINDS.join(', ')}) besides an optional "id"; got ${got}`);
    return undefined;
  }
  if (raw.id !== undefined) {
    if (typeof raw.id !== 'string' || !REF_ID.test(raw.id))
      report(`${path}.id`, `must be a short name like "join"; got ${describe(raw.id)}`);
    else if (stepIds.has(raw.id)) report(`${path}.id`, `duplicate step id ${q(raw.id)}`);
    else stepIds.add(raw.id);
  }
  const kind = kinds[0] as StepKind;
  const p = `${path}.${kind}`;
  const body = raw[kind];
  if (!isObj(body)) {
    report(p, `must be an object; got ${describe(body)}`);
    return undefined;
  }
  switch (kind) {
    case 'connect': {
      unknownKeys(body, ['client', 'query', 'headers', 'subprotocols'], p, report);
      if (typeof body.client !== 'string' || !CLIENT_NAME.test(body.client))
        report(
          `${p}.client`,
          `must be a name of letters, digits, "-" or "_", starting with a letter (e.g. "Alice"); got ${describe(body.client)}`,
        );
      else state.connected.add(body.client);
      if (body.query !== undefined && typeof body.query !== 'string') stringRecord(body.query, `${p}.query`, report);
      if (body.headers !== undefined) stringRecord(body.headers, `${p}.headers`, report);
      const protocols = body.subprotocols;
      if (protocols !== undefined && (!Array.isArray(protocols) || !protocols.every((s) => typeof s === 'string')))
        report(`${p}.subprotocols`, 'must be a list of strings');
      break;
    }
    case 'send': {
      unknownKeys(body, ['client', 'text', 'json', 'repeat', 'bytes', 'fragmentSize'], p, report);
      requireClient(body.client, `${p}.client`, state, report);
      validateBody(body, p, state, report, false);
      const fragment = body.fragmentSize;
      if (fragment !== undefined && (typeof fragment !== 'number' || !Number.isInteger(fragment) || fragment < 1))
        report(`${p}.fragmentSize`, `must be a whole number of bytes ≥ 1; got ${describe(body.fragmentSize)}`);
      break;
    }
    case 'close': {
      unknownKeys(body, ['client', 'code', 'reason'], p, report);
      requireClient(body.client, `${p}.client`, state, report);
      // What a browser's close() accepts (WHATWG WebSockets): 1000 or 3000–4999.
      const code = body.code;
      const browserCode = code === 1000 || (typeof code === 'number' && Number.isInteger(code) && code >= 3000 && code <= 4999);
      if (code !== undefined && !browserCode)
        report(`${p}.code`, `must be 1000 or 3000–4999 (what a browser may send); got ${describe(body.code)}`);
      if (body.reason !== undefined && typeof body.reason !== 'string') report(`${p}.reason`, 'must be a string');
      break;
    }
    case 'postToConnection':
      unknownKeys(body, ['target', 'text', 'json', 'repeat', 'bytes'], p, report);
      requireClient(body.target, `${p}.target`, state, report);
      validateBody(body, p, state, report, false);
      break;
    case 'getConnection':
    case 'deleteConnection':
      unknownKeys(body, ['target'], p, report);
      requireClient(body.target, `${p}.target`, state, report);
      break;
    case 'advanceClock':
      unknownKeys(body, ['ms'], p, report);
      if (typeof body.ms !== 'number' || !Number.isInteger(body.ms) || body.ms < 1 || body.ms > MAX_ADVANCE_MS)
        report(`${p}.ms`, `must be a whole number of milliseconds from 1 to ${MAX_ADVANCE_MS}; got ${describe(body.ms)}`);
      break;
    case 'waitForIdle':
      unknownKeys(body, [], p, report);
      break;
    case 'http':
      unknownKeys(body, ['client', 'method', 'path', 'query', 'headers', 'text', 'json', 'repeat', 'bytes', 'jwt'], p, report);
      if (body.jwt !== undefined) validateJwt(body.jwt, `${p}.jwt`, report);
      if (typeof body.client !== 'string' || !CLIENT_NAME.test(body.client))
        report(`${p}.client`, `must be a name like "Alice"; got ${describe(body.client)}`);
      else state.connected.add(body.client);
      if (typeof body.method !== 'string' || !/^[A-Z]+$/.test(body.method))
        report(`${p}.method`, `must be an upper-case HTTP method like "GET"; got ${describe(body.method)}`);
      if (typeof body.path !== 'string' || !body.path.startsWith('/'))
        report(`${p}.path`, `must start with "/"; got ${describe(body.path)}`);
      if (body.query !== undefined && typeof body.query !== 'string') report(`${p}.query`, 'must be a string without "?"');
      if (body.headers !== undefined) stringRecord(body.headers, `${p}.headers`, report);
      validateBody(body, p, state, report, true);
      break;
    case 'compare':
      unknownKeys(body, ['workload', 'file', 'inputs'], p, report);
      if (typeof body.workload !== 'string' || !COMPARE_WORKLOADS.includes(body.workload))
        report(`${p}.workload`, `must be one of ${COMPARE_WORKLOADS.join(', ')}; got ${describe(body.workload)}`);
      if (body.file !== undefined && (typeof body.file !== 'string' || !FILE_PATH.test(body.file)))
        report(`${p}.file`, `must be a file of the lesson such as "comparison.json"; got ${describe(body.file)}`);
      if (body.inputs !== undefined && !isObj(body.inputs))
        report(`${p}.inputs`, `must be an object of inputs; got ${describe(body.inputs)}`);
      break;
  }
  return raw as unknown as Step;
}

function validateJwt(v: unknown, path: string, report: Report): void {
  if (!isObj(v)) {
    report(path, `must be an object like {"scope": "orders:read"}; got ${describe(v)}`);
    return;
  }
  unknownKeys(v, ['sub', 'scope', 'expiresIn', 'key', 'audience'], path, report);
  for (const k of ['sub', 'scope', 'audience'])
    if (v[k] !== undefined && typeof v[k] !== 'string') report(`${path}.${k}`, `must be a string; got ${describe(v[k])}`);
  const seconds = v.expiresIn;
  if (seconds !== undefined && (typeof seconds !== 'number' || !Number.isInteger(seconds) || Math.abs(seconds) > 31_536_000))
    report(`${path}.expiresIn`, `must be a whole number of seconds (negative: already expired); got ${describe(v.expiresIn)}`);
  if (v.key !== undefined && v.key !== 'playground' && v.key !== 'other')
    report(`${path}.key`, `must be "playground" or "other"; got ${describe(v.key)}`);
}

function validateEventPattern(v: unknown, path: string, report: Report): void {
  if (!isObj(v)) {
    report(path, `must be an object with a "kind"; got ${describe(v)}`);
    return;
  }
  if (typeof v.kind !== 'string' || !isTraceKind(v.kind)) {
    report(`${path}.kind`, `must be a trace event kind (${TRACE_KINDS.join(', ')}); got ${describe(v.kind)}`);
    return;
  }
  const fields = traceFields(v.kind);
  for (const k of Object.keys(v)) {
    if (k === 'kind') continue;
    if (!fields.includes(k)) report(`${path}.${k}`, `${v.kind} events have no field ${q(k)} (they have: ${fields.join(', ')})`);
    else validatePattern(v[k], `${path}.${k}`, report);
  }
}

interface ExpectationScope {
  scenario: boolean;
  stepIds: Set<string>;
  /** Clients the steps connect (scenario checks); expectations may only name these. */
  clients: Set<string>;
  expectationIds: Set<string>;
  /** Whether a step runs the comparison (`figures` need one). */
  compares: boolean;
}

function validateExpectation(raw: unknown, path: string, scope: ExpectationScope, report: Report): Expectation | undefined {
  if (!isObj(raw)) {
    report(path, `must be an object like {"event": {…}}; got ${describe(raw)}`);
    return undefined;
  }
  const kinds = Object.keys(raw).filter((k) => (EXPECTATION_KINDS as readonly string[]).includes(k));
  if (kinds.length !== 1) {
    report(path, `needs exactly one of ${EXPECTATION_KINDS.join(', ')}; got ${kinds.map(q).join(', ') || 'none'}`);
    return undefined;
  }
  const kind = kinds[0] as ExpectationKind;
  const allowedBase =
    kind === 'table' || kind === 'figures' || kind === 'cost'
      ? ['id', 'description']
      : kind === 'none'
        ? BASE_EXPECTATION_KEYS.filter((k) => k !== 'count')
        : BASE_EXPECTATION_KEYS;
  unknownKeys(raw, [kind, ...allowedBase], path, report);
  const client = (name: unknown, p: string) => {
    if (typeof name !== 'string' || name === '') report(p, `required: a client name; got ${describe(name)}`);
    else if (scope.scenario && !scope.clients.has(name)) report(p, `unknown client ${q(name)} (no step connects it)`);
  };
  const p = `${path}.${kind}`;
  const body = raw[kind];
  switch (kind) {
    case 'event':
    case 'none':
      validateEventPattern(body, p, report);
      break;
    case 'received':
      if (!isObj(body)) {
        report(p, `must be an object like {"client": "Alice", "contains": "…"}; got ${describe(body)}`);
        break;
      }
      unknownKeys(body, ['client', 'text', 'contains', 'json', 'cause', 'totalBytes'], p, report);
      client(body.client, `${p}.client`);
      if (['text', 'contains', 'json'].filter((k) => body[k] !== undefined).length > 1)
        report(p, 'give at most one of "text", "contains" and "json"');
      if (body.text !== undefined && typeof body.text !== 'string') report(`${p}.text`, 'must be a string');
      if (body.contains !== undefined && typeof body.contains !== 'string') report(`${p}.contains`, 'must be a string');
      if (body.json !== undefined) validatePattern(body.json, `${p}.json`, report);
      if (body.cause !== undefined && !FRAME_CAUSES.includes(body.cause as string))
        report(`${p}.cause`, `must be one of ${FRAME_CAUSES.join(', ')}; got ${describe(body.cause)}`);
      if (body.totalBytes !== undefined) validateCount(body.totalBytes, `${p}.totalBytes`, report);
      break;
    case 'closed':
      if (!isObj(body)) {
        report(p, `must be an object like {"client": "Alice", "code": 1009}; got ${describe(body)}`);
        break;
      }
      unknownKeys(body, ['client', 'code', 'reason', 'by'], p, report);
      client(body.client, `${p}.client`);
      if (body.code !== undefined && (typeof body.code !== 'number' || !Number.isInteger(body.code)))
        report(`${p}.code`, 'must be a close code like 1000');
      if (body.reason !== undefined && typeof body.reason !== 'string') report(`${p}.reason`, 'must be a string');
      if (body.by !== undefined && !CLOSE_INITIATORS.includes(body.by as string))
        report(`${p}.by`, `must be one of ${CLOSE_INITIATORS.join(', ')}; got ${describe(body.by)}`);
      break;
    case 'handshake':
      if (!isObj(body)) {
        report(p, `must be an object like {"client": "Alice", "status": 401}; got ${describe(body)}`);
        break;
      }
      unknownKeys(body, ['client', 'status'], p, report);
      client(body.client, `${p}.client`);
      if (typeof body.status !== 'number' || !Number.isInteger(body.status) || body.status < 100 || body.status > 599)
        report(`${p}.status`, `must be an HTTP status (101 when accepted); got ${describe(body.status)}`);
      break;
    case 'response':
      if (!isObj(body)) {
        report(p, `must be an object like {"status": 404}; got ${describe(body)}`);
        break;
      }
      unknownKeys(body, ['client', 'status', 'contains', 'json', 'headers'], p, report);
      if (body.client !== undefined) client(body.client, `${p}.client`);
      if (body.status !== undefined && (typeof body.status !== 'number' || !Number.isInteger(body.status)))
        report(`${p}.status`, 'must be an HTTP status');
      if (body.contains !== undefined && body.json !== undefined) report(p, 'give at most one of "contains" and "json"');
      if (body.contains !== undefined && typeof body.contains !== 'string') report(`${p}.contains`, 'must be a string');
      if (body.json !== undefined) validatePattern(body.json, `${p}.json`, report);
      if (body.headers !== undefined) {
        if (!isObj(body.headers)) report(`${p}.headers`, 'must be an object of header patterns');
        else for (const [h, pat] of Object.entries(body.headers)) validatePattern(pat, `${p}.headers.${h}`, report);
      }
      break;
    case 'table':
      if (!isObj(body)) {
        report(p, `must be an object like {"name": "connections", "count": 1}; got ${describe(body)}`);
        break;
      }
      unknownKeys(body, ['name', 'count', 'contains', 'excludes'], p, report);
      if (typeof body.name !== 'string' || body.name === '') report(`${p}.name`, 'required: the table name');
      if (body.count !== undefined) validateCount(body.count, `${p}.count`, report);
      for (const list of ['contains', 'excludes'] as const)
        if (body[list] !== undefined) {
          if (!Array.isArray(body[list])) report(`${p}.${list}`, 'must be a list of item patterns');
          else (body[list] as unknown[]).forEach((item, i) => validatePattern(item, `${p}.${list}[${i}]`, report));
        }
      if (body.count === undefined && body.contains === undefined && body.excludes === undefined)
        report(p, 'needs "count", "contains" or "excludes"');
      break;
    case 'figures':
      if (!isObj(body)) {
        report(p, `must be an object like {"approach": "http-polling", "match": {…}}; got ${describe(body)}`);
        break;
      }
      unknownKeys(body, ['approach', 'match'], p, report);
      if (typeof body.approach !== 'string' || !FIGURE_APPROACHES.includes(body.approach))
        report(`${p}.approach`, `must be one of ${FIGURE_APPROACHES.join(', ')}; got ${describe(body.approach)}`);
      if (!isObj(body.match))
        report(`${p}.match`, `must be a pattern over the approach's figures; got ${describe(body.match)}`);
      else validatePattern(body.match, `${p}.match`, report);
      if (!scope.compares) report(p, 'needs a "compare" step in this check');
      break;
    case 'cost':
      if (!isObj(body)) {
        report(p, `must be an object like {"requests": 1000000, "usd": {"$lte": 1.5}}; got ${describe(body)}`);
        break;
      }
      unknownKeys(body, ['requests', 'usd'], p, report);
      if (typeof body.requests !== 'number' || !Number.isInteger(body.requests) || body.requests < 1)
        report(`${p}.requests`, `must be a whole number of requests ≥ 1; got ${describe(body.requests)}`);
      if (body.usd === undefined) report(`${p}.usd`, 'required: a number or a pattern such as {"$lte": 1.5}');
      else validatePattern(body.usd, `${p}.usd`, report);
      break;
  }
  // $connectionId inside patterns names clients too.
  if (scope.scenario)
    for (const c of clientsInPattern(body))
      if (!scope.clients.has(c)) report(p, `refers to ${q(c)}'s connection id, but no step connects ${c}`);
  if (raw.count !== undefined) validateCount(raw.count, `${path}.count`, report);
  if (raw.description !== undefined && (typeof raw.description !== 'string' || raw.description.trim() === ''))
    report(`${path}.description`, 'must be a non-empty string');
  if (raw.during !== undefined) {
    if (!scope.scenario) report(`${path}.during`, 'only scenario checks have steps to look "during"');
    else if (typeof raw.during !== 'string' || !scope.stepIds.has(raw.during))
      report(
        `${path}.during`,
        `must be the id of a step of this check (${[...scope.stepIds].map(q).join(', ') || 'no step has an id'}); ` +
          `got ${describe(raw.during)}`,
      );
  }
  if (raw.after !== undefined && (typeof raw.after !== 'string' || !scope.expectationIds.has(raw.after)))
    report(`${path}.after`, `must be the id of an earlier expectation (not a table) of this check; got ${describe(raw.after)}`);
  if (raw.id !== undefined) {
    if (typeof raw.id !== 'string' || !REF_ID.test(raw.id))
      report(`${path}.id`, `must be a short name like "packed"; got ${describe(raw.id)}`);
    else if (scope.expectationIds.has(raw.id)) report(`${path}.id`, `duplicate expectation id ${q(raw.id)}`);
    else if (kind !== 'table' && kind !== 'figures' && kind !== 'cost') scope.expectationIds.add(raw.id);
  }
  return raw as unknown as Expectation;
}

function validateCheck(raw: unknown, path: string, ids: Set<string>, report: Report): Check | undefined {
  if (!isObj(raw)) {
    report(path, `must be an object; got ${describe(raw)}`);
    return undefined;
  }
  unknownKeys(raw, CHECK_KEYS, path, report);
  if (typeof raw.id !== 'string' || !CHECK_ID.test(raw.id))
    report(`${path}.id`, `must be kebab-case like "join-routes"; got ${describe(raw.id)}`);
  else if (ids.has(raw.id)) report(`${path}.id`, `duplicate check id ${q(raw.id)}`);
  else ids.add(raw.id);
  if (typeof raw.title !== 'string' || raw.title.trim() === '')
    report(`${path}.title`, 'required: a sentence about the behaviour checked');
  const kind = raw.kind;
  if (kind !== 'scenario' && kind !== 'learner-trace')
    report(`${path}.kind`, `must be "scenario" or "learner-trace"; got ${describe(kind)}`);
  const scenario = kind !== 'learner-trace';

  const state: ClientState = { connected: new Set() };
  const stepIds = new Set<string>();
  const steps: Step[] = [];
  if (raw.steps === undefined) {
    if (scenario) report(`${path}.steps`, 'required: the actions of the scenario');
  } else if (!Array.isArray(raw.steps)) report(`${path}.steps`, `must be a list of actions; got ${describe(raw.steps)}`);
  else {
    if (scenario && raw.steps.length === 0) report(`${path}.steps`, 'a scenario needs at least one action');
    raw.steps.forEach((s, i) => {
      const step = validateStep(s, `${path}.steps[${i}]`, state, stepIds, report);
      if (step) steps.push(step);
    });
  }

  const expectations: Expectation[] = [];
  if (!Array.isArray(raw.expect) || raw.expect.length === 0) report(`${path}.expect`, 'required: a non-empty list of expectations');
  else {
    const compares = steps.some((s) => 'compare' in s);
    const scope: ExpectationScope = { scenario, stepIds, clients: state.connected, expectationIds: new Set(), compares };
    raw.expect.forEach((e, i) => {
      const exp = validateExpectation(e, `${path}.expect[${i}]`, scope, report);
      if (exp) expectations.push(exp);
    });
  }

  if (!Array.isArray(raw.hints)) report(`${path}.hints`, 'required: a list of up to three hints (may be empty)');
  else {
    if (raw.hints.length > 3) report(`${path}.hints`, `at most three hints; got ${raw.hints.length}`);
    raw.hints.forEach((h, i) => {
      if (typeof h !== 'string' || h.trim() === '') report(`${path}.hints[${i}]`, 'must be a non-empty string');
    });
  }

  if (raw.tables !== undefined) {
    if (!scenario) report(`${path}.tables`, 'only scenario checks seed tables');
    else if (!isObj(raw.tables)) report(`${path}.tables`, 'must be an object: table name → list of items');
    else
      for (const [name, items] of Object.entries(raw.tables)) {
        if (!Array.isArray(items)) report(`${path}.tables.${name}`, 'must be a list of items');
        else
          items.forEach((item, i) => {
            if (!isObj(item)) report(`${path}.tables.${name}[${i}]`, 'must be an item object like {"connectionId": "…"}');
          });
      }
  }
  if (raw.api !== undefined) {
    if (!scenario) report(`${path}.api`, 'only scenario checks deploy an API');
    else if (typeof raw.api !== 'string' || !FILE_PATH.test(raw.api) || !raw.api.endsWith('.json'))
      report(
        `${path}.api`,
        `must be a lesson file holding an API definition, such as "banking/api.json"; got ${describe(raw.api)}`,
      );
  }
  if (raw.demoOn !== undefined) {
    if (scenario) report(`${path}.demoOn`, 'only learner-trace checks have a demo');
    else if (raw.demoOn !== 'start' && raw.demoOn !== 'solution') report(`${path}.demoOn`, 'must be "start" or "solution"');
  }
  return {
    ...(raw as unknown as Check),
    steps,
    expect: expectations,
  };
}

/**
 * Parses the text of a `checks.json`. `file` is used in every problem
 * (`lessons/03-routes/checks.json`).
 */
export function parseChecks(text: string, file: string): LoadResult<Check[]> {
  const problems: LessonProblem[] = [];
  const report: Report = (field, message) => problems.push({ file, field, message });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, problems: [{ file, field: '', message: `not valid JSON: ${(e as Error).message}` }] };
  }
  if (!isObj(data)) {
    report('', `must be an object like {"checks": […]}; got ${describe(data)}`);
    return { ok: false, problems };
  }
  unknownKeys(data, ['$schema', 'checks'], '', report);
  const checks: Check[] = [];
  if (!Array.isArray(data.checks) || data.checks.length === 0) report('checks', 'required: a non-empty list of checks');
  else {
    const ids = new Set<string>();
    data.checks.forEach((c, i) => {
      const check = validateCheck(c, `checks[${i}]`, ids, report);
      if (check) checks.push(check);
    });
  }
  return problems.length ? { ok: false, problems } : { ok: true, value: checks };
}
