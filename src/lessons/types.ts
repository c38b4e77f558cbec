/**
 * The lesson format as data (lessons/README.md). A lesson pack is plain files, so a
 * trainer can load one at run time without a rebuild and without any pack code running on the
 * page: checks are scenarios of client actions plus expectations over the resulting trace.
 *
 * On disk:
 *
 * ```
 * lessons/NN-slug/
 *   index.md            front matter (title, api, focus, summary, estimate?) + Markdown prose
 *                       (fenced ```mermaid blocks render as diagrams)
 *   start/…             the files the learner starts with, incl. api.json (optional: without
 *                       it, the previous lesson's start overlaid with its solution)
 *   solution/…          only the files that differ from the start
 *   alternatives/<n>/…  other correct solutions (files that differ from the start)
 *   checks.json         { "checks": Check[] }
 * ```
 */

/** Path (relative to a lesson's `start/`, e.g. `api.json`, `lib/db.ts`) → file text. */
export type Files = Record<string, string>;

export type LessonApi = 'websocket' | 'http' | 'rest' | 'compare';

// ---------------------------------------------------------------------------- patterns

/**
 * A pattern over JSON-like data (trace events, frame bodies, table items):
 * - a plain object matches an object that has at least these keys, each matching (subset);
 * - an array matches an array of the same length, item by item;
 * - a string, number, boolean or null matches that exact value;
 * - an operator object (every key starts with `$`) tests the value; several operators in one
 *   object must all hold: `$contains` / `$startsWith` (string), `$gt` `$gte` `$lt` `$lte`
 *   (number), `$exists` (true: present and not undefined), `$json` (a string that parses as
 *   JSON matching the inner pattern), `$connectionId` (the connection id of the named client),
 *   `$not`, `$anyOf` (list of patterns), `$includes` (an array with an item matching).
 */
export type Pattern = null | boolean | number | string | Pattern[] | { [key: string]: Pattern };

/** A pattern over one trace event: its `kind` plus any of that kind's fields. */
export type EventPattern = { kind: string } & { [field: string]: Pattern };

/** `2` (exactly), or a range. */
export type CountConstraint = number | { min?: number; max?: number };

// ---------------------------------------------------------------------------- steps

/** A JSON value a step sends; `{"$connectionId": "Bob"}` anywhere inside is replaced by Bob's id. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** The message body of a send or post: exactly one of `text`, `json`, or `repeat` + `bytes`. */
export interface Body {
  text?: string;
  json?: JsonValue;
  /** ASCII text repeated to exactly `bytes` bytes (for size limits). */
  repeat?: string;
  bytes?: number;
}

export interface ConnectStep {
  connect: {
    client: string;
    /** Query string without `?` (`token=abc`), or a record. */
    query?: string | Record<string, string>;
    headers?: Record<string, string>;
    subprotocols?: string[];
  };
}

export interface SendStep {
  send: Body & {
    client: string;
    /** Simulates a client that fragments the message into frames of at most this many bytes. */
    fragmentSize?: number;
  };
}

export interface CloseStep {
  close: { client: string; code?: number; reason?: string };
}

/** `@connections` calls made by a backend outside any handler (the `management` lane). */
export interface PostToConnectionStep {
  postToConnection: Body & { target: string };
}
export interface GetConnectionStep {
  getConnection: { target: string };
}
export interface DeleteConnectionStep {
  deleteConnection: { target: string };
}

export interface AdvanceClockStep {
  /** Virtual time: idle timeouts, the 2-hour limit, TTLs. */
  advanceClock: { ms: number };
}

/** Every step already waits for the gateway to settle; this one only waits. */
export interface WaitForIdleStep {
  waitForIdle: Record<string, never>;
}

/** An HTTP request to an HTTP or REST API (the runner for these comes with those lessons). */
export interface HttpStep {
  http: Body & {
    client: string;
    method: string;
    /** Path after the stage, starting with `/`. */
    path: string;
    query?: string;
    headers?: Record<string, string>;
    /**
     * Sends `Authorization: Bearer <token>` with a token the runner mints at run time from the
     * playground identity provider, against the gateway's virtual clock (so checks stay data and
     * replay identically). Claims not given keep mintTestToken's defaults (sub `learner`,
     * scope `openid`, the playground issuer and audience, 3600 s lifetime).
     */
    jwt?: JwtSpec;
  };
}

/** A test token for an `http` step (see HttpStep.jwt). */
export interface JwtSpec {
  sub?: string;
  /** Space-separated scopes, e.g. `orders:read orders:write`. */
  scope?: string;
  /** Lifetime in seconds; a negative value mints a token that has already expired. */
  expiresIn?: number;
  /** `other`: signed by a second identity provider whose key the gateway does not trust. */
  key?: 'playground' | 'other';
  /** Overrides the audience claim (default: the playground client). */
  audience?: string;
}

/** The workloads a `compare` step can run (src/compare WORKLOADS). */
export type CompareWorkloadId = 'order-status' | 'chat';

/**
 * Runs the REST vs HTTP vs WebSocket comparison (src/compare `runComparison`) with inputs the
 * learner chose: the JSON object in `file` (default `comparison.json`), over DEFAULT_INPUTS,
 * then the check's own `inputs` (what the lesson fixes, e.g. the network's round-trip time).
 * `figures` expectations read the result.
 */
export interface CompareStep {
  compare: {
    workload: CompareWorkloadId;
    file?: string;
    inputs?: { [key: string]: JsonValue };
  };
}

export type StepAction =
  | ConnectStep
  | SendStep
  | CloseStep
  | PostToConnectionStep
  | GetConnectionStep
  | DeleteConnectionStep
  | AdvanceClockStep
  | WaitForIdleStep
  | HttpStep
  | CompareStep;

/** One action of a scenario; `id` lets an expectation look only at what this action caused (`during`). */
export type Step = StepAction & { id?: string };

export type StepKind = keyof ConnectStep | keyof SendStep | keyof CloseStep | keyof PostToConnectionStep
  | keyof GetConnectionStep | keyof DeleteConnectionStep | keyof AdvanceClockStep | keyof WaitForIdleStep
  | keyof HttpStep | keyof CompareStep;

export const STEP_KINDS = [
  'connect',
  'send',
  'close',
  'postToConnection',
  'getConnection',
  'deleteConnection',
  'advanceClock',
  'waitForIdle',
  'http',
  'compare',
] as const satisfies readonly StepKind[];

// ---------------------------------------------------------------------------- expectations

/** Fields every expectation may have. */
export interface ExpectationBase {
  /** Lets a later expectation say `after` this one. */
  id?: string;
  /** Only events after the first match of the expectation with this id count. */
  after?: string;
  /** Only events caused while the step with this id ran (scenario checks). */
  during?: string;
  /** How many matching events (default: at least one). */
  count?: CountConstraint;
  /** Overrides the generated wording in results ("Alice receives the pong"). */
  description?: string;
}

/** A trace event matching a pattern, e.g. `{"kind": "ws.route", "routeKey": "joinRoom", "match": "exact"}`. */
export interface EventExpectation extends ExpectationBase {
  event: EventPattern;
}

/** No trace event matches (in scope). */
export interface NoneExpectation extends Omit<ExpectationBase, 'count'> {
  none: EventPattern;
}

/** A client received a frame (text exactly / containing / JSON subset). `count: 0` means nothing arrived. */
export interface ReceivedExpectation extends ExpectationBase {
  received: {
    client: string;
    text?: string;
    contains?: string;
    json?: Pattern;
    /** Why the gateway sent it: `route-response`, `post-to-connection`, `forbidden`, `integration-error`… */
    cause?: string;
    /** Sum of the matching frames' sizes in bytes. */
    totalBytes?: CountConstraint;
  };
}

/** A client's connection closed (optionally with this code / by this initiator). */
export interface ClosedExpectation extends ExpectationBase {
  closed: { client: string; code?: number; reason?: string; by?: string };
}

/** A client's WebSocket handshake got this status (101 accepted; 401, 403, 502… rejected). */
export interface HandshakeExpectation extends ExpectationBase {
  handshake: { client: string; status: number };
}

/** An HTTP response to a client (HTTP and REST APIs). */
export interface ResponseExpectation extends ExpectationBase {
  response: {
    client?: string;
    status?: number;
    contains?: string;
    json?: Pattern;
    headers?: Record<string, Pattern>;
  };
}

/** A table's items once the scenario has run (items in document form: `{"roomId": "1234"}`). */
export interface TableExpectation extends Pick<ExpectationBase, 'id' | 'description'> {
  table: {
    name: string;
    count?: CountConstraint;
    /** Each pattern must match at least one item. */
    contains?: Pattern[];
    /** No item may match any of these. */
    excludes?: Pattern[];
  };
}

/** The comparison approaches a `figures` expectation can read. */
export type FigureApproach = 'rest-polling' | 'http-polling' | 'websocket-push';

/**
 * Figures of the last `compare` step: `match` is a pattern over one approach's result
 * (src/compare ApproachResult: `latency.maxMs`, `polls.wasted`, `connections.opened`,
 * `bytes.total`, `cost.totalUsd`, …), e.g. `{"latency": {"maxMs": {"$lte": 1000}}}`.
 */
export interface FiguresExpectation extends Pick<ExpectationBase, 'id' | 'description'> {
  figures: { approach: FigureApproach; match: Pattern };
}

/**
 * What `requests` calls to the API the check deployed would cost on AWS, at the first-tier
 * us-east-1 price of its type (src/compare PRICING: REST $3.50, HTTP $1.00 per million), compared
 * with `usd` (a number pattern such as `{"$lte": 1.5}`).
 */
export interface CostExpectation extends Pick<ExpectationBase, 'id' | 'description'> {
  cost: { requests: number; usd: Pattern };
}

export type Expectation =
  | FiguresExpectation
  | CostExpectation
  | EventExpectation
  | NoneExpectation
  | ReceivedExpectation
  | ClosedExpectation
  | HandshakeExpectation
  | ResponseExpectation
  | TableExpectation;

export const EXPECTATION_KINDS = [
  'event',
  'none',
  'received',
  'closed',
  'handshake',
  'response',
  'table',
  'figures',
  'cost',
] as const;
export type ExpectationKind = (typeof EXPECTATION_KINDS)[number];

// ---------------------------------------------------------------------------- checks

export interface Check {
  /** kebab-case, unique in the lesson (progress is stored by it). */
  id: string;
  /** A sentence about behaviour: "A message with action joinRoom reaches the joinRoom route". */
  title: string;
  /**
   * `scenario`: the runner builds an isolated engine from the learner's files, runs `steps`
   * and checks the result (re-run on save). `learner-trace`: the expectations are checked
   * against the learner's own session; `steps` then describe what to do (and CI replays
   * them against `demoOn` to prove the check can pass).
   */
  kind: 'scenario' | 'learner-trace';
  steps: Step[];
  expect: Expectation[];
  /** At most three, revealed one at a time. */
  hints: string[];
  /** Items put into tables before the scenario (document form), e.g. a stale connection id. */
  tables?: Record<string, Record<string, JsonValue>[]>;
  /** learner-trace only: which files CI replays the steps on. Default `solution`. */
  demoOn?: 'start' | 'solution';
  /**
   * Scenario only: the learner file holding the API definition this check deploys (default
   * `api.json`), for lessons that design several APIs side by side (`banking/api.json`, …).
   */
  api?: string;
}

// ---------------------------------------------------------------------------- lessons

export interface LessonMeta {
  title: string;
  api: LessonApi;
  /** The file the editor opens first (a path in the lesson's files). */
  focus: string;
  summary: string;
  /** Minutes. */
  estimate?: number;
}

/** A piece of a lesson's prose: Markdown, or the text of a fenced mermaid block. */
export type BodySegment = { type: 'markdown'; text: string } | { type: 'mermaid'; text: string };

/** One lesson folder, parsed and checked on its own (start inheritance not yet applied). */
export interface ParsedLesson {
  /** `lessons/03-no-default-route` */
  dir: string;
  /** `03-no-default-route` (the folder name) */
  id: string;
  /** `no-default-route` (the URL slug: `#/lessons/no-default-route`) */
  slug: string;
  /** 3 */
  number: number;
  meta: LessonMeta;
  /** The Markdown after the front matter. */
  body: string;
  segments: BodySegment[];
  /** `start/` as given; undefined when the lesson inherits. */
  start?: Files;
  /** `solution/`: only the files that differ. */
  solution: Files;
  alternatives: Record<string, Files>;
  checks: Check[];
}

/** A lesson with its file sets resolved. */
export interface Lesson extends ParsedLesson {
  files: {
    /** What the learner starts with. */
    start: Files;
    /** The start overlaid with `solution/`. */
    solution: Files;
    /** The start overlaid with each alternative. */
    alternatives: Record<string, Files>;
  };
}

export interface Course {
  lessons: Lesson[];
}

/** A problem in a lesson pack: the file, the field inside it (may be empty) and what is wrong. */
export interface LessonProblem {
  file: string;
  field: string;
  message: string;
}

export type LoadResult<T> = { ok: true; value: T } | { ok: false; problems: LessonProblem[] };
