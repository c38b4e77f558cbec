/**
 * Lines up what the simulator and the real endpoint answered to the same client steps and lists
 * every difference: per step, the handshake outcome and the HTTP status, headers and body; per
 * client, the frames it received in order and how its connection closed. Both sides are
 * normalised first (./normalise.ts), so ids and times never count. A difference on a step where
 * the simulator followed an UNCONFIRMED behaviour (its trace event carries `unconfirmed`, see
 * src/gateway/core/known-differences.ts) is labelled with that known difference, not as a bug.
 */
import { KNOWN_DIFFERENCES, type KnownDifferenceId } from '../gateway';
import { Normaliser, type NormaliserOptions } from './normalise';
import { describeStep, type Step } from './steps';

/** What a page's socket showed of a handshake: open (with the subprotocol) or failed. */
export type HandshakeSeen =
  | { accepted: true; protocol: string }
  /** `status` is known on the simulator only: a browser is told nothing but "failed". */
  | { accepted: false; status?: number };

export type HttpSeen =
  | { status: number; headers: [string, string][]; body: string }
  /** fetch rejected (CORS, network): a page is told nothing more. */
  | { failed: string };

/** What one step got back (connects and requests answer; sends and disconnects don't). */
export type StepOutcome =
  | { kind: 'connect'; handshake: HandshakeSeen }
  | { kind: 'http'; http: HttpSeen }
  | { kind: 'done' }
  /** Not replayed (e.g. a send on a client that is not open); says why. */
  | { kind: 'skipped'; reason: string };

/** What a client's socket received, in order, with the step it arrived during. */
export type ClientSeen =
  { type: 'frame'; text: string; step: number } | { type: 'close'; code: number; reason: string; step: number };

/** One side's replay. */
export interface RunRecord {
  outcomes: StepOutcome[];
  clients: Record<string, ClientSeen[]>;
  /** Per step: the known differences the simulator's trace marked while it ran (simulator only). */
  unconfirmed?: KnownDifferenceId[][];
  /** Normalising this side's ids: its own host and API id. */
  normalise?: NormaliserOptions;
}

export type Aspect = 'handshake' | 'frame' | 'close' | 'status' | 'header' | 'body' | 'request';

export interface Difference {
  /** The step it belongs to (0-based), or the step the frame or close arrived during. */
  step: number;
  client: string;
  aspect: Aspect;
  /** What differs, e.g. `frame 2`, `header content-type`. */
  what: string;
  /** Both sides, normalised; `—` when that side had nothing. */
  simulator: string;
  real: string;
  /** Set when the simulator's answer here is a documented choice (a known difference). */
  known?: { id: KnownDifferenceId; title: string; choice: string };
}

export interface Comparison {
  steps: { index: number; label: string; note?: string }[];
  differences: Difference[];
  /** How many things were compared (handshakes, statuses, headers, bodies, frames, closes). */
  compared: number;
}

const NOTHING = '—';

function handshakeText(h: HandshakeSeen): string {
  if (!h.accepted) return 'failed (the page sees error, then close 1006)';
  return h.protocol ? `open, subprotocol ${h.protocol}` : 'open';
}

function seenText(s: ClientSeen | undefined, n: Normaliser): string {
  if (!s) return NOTHING;
  return s.type === 'frame' ? n.text(s.text) : `close ${s.code}${s.reason ? ` "${n.text(s.reason)}"` : ''}`;
}

/** Close codes whose exact reason or code is a documented choice, when the simulator's trace did not say. */
const CLOSE_RULES: Record<number, KnownDifferenceId> = {
  1001: 'ws-idle-close',
  1003: 'ws-limit-close-reason',
  1006: 'ws-network-drop-close',
  1009: 'ws-limit-close-reason',
};

function knownFor(id: KnownDifferenceId | undefined): Difference['known'] {
  if (!id) return undefined;
  const k = KNOWN_DIFFERENCES[id];
  return { id, title: k.title, choice: k.choice };
}

export function compareRuns(steps: readonly Step[], sim: RunRecord, real: RunRecord): Comparison {
  const ns = new Normaliser(sim.normalise);
  const nr = new Normaliser(real.normalise);
  const differences: Difference[] = [];
  let compared = 0;
  const stepKnown = (i: number) => sim.unconfirmed?.[i]?.[0];

  const add = (d: Omit<Difference, 'known'>, known?: KnownDifferenceId) => {
    const k = knownFor(known);
    differences.push(k ? { ...d, known: k } : d);
  };

  steps.forEach((step, i) => {
    const a = sim.outcomes[i];
    const b = real.outcomes[i];
    if (!a || !b) return;
    if (a.kind === 'skipped' || b.kind === 'skipped') {
      if (a.kind !== b.kind)
        add({
          step: i,
          client: step.client,
          aspect: 'request',
          what: 'replayed',
          simulator: a.kind === 'skipped' ? `skipped: ${a.reason}` : 'replayed',
          real: b.kind === 'skipped' ? `skipped: ${b.reason}` : 'replayed',
        });
      return;
    }
    if (a.kind === 'connect' && b.kind === 'connect') {
      compared++;
      const sa = handshakeText(a.handshake);
      const sb = handshakeText(b.handshake);
      if (sa !== sb) {
        const status =
          !a.handshake.accepted && a.handshake.status ? ` (the simulator answered ${a.handshake.status})` : '';
        add(
          { step: i, client: step.client, aspect: 'handshake', what: 'handshake', simulator: sa + status, real: sb },
          stepKnown(i),
        );
      }
    }
    if (a.kind === 'http' && b.kind === 'http') compareHttp(i, step.client, a.http, b.http);
  });

  function compareHttp(i: number, client: string, a: HttpSeen, b: HttpSeen): void {
    compared++;
    if ('failed' in a || 'failed' in b) {
      const sa = 'failed' in a ? `fetch failed (${a.failed})` : `${a.status}`;
      const sb = 'failed' in b ? `fetch failed (${b.failed})` : `${b.status}`;
      // Both failed: a page is not told why, so there is nothing more to compare.
      if ('failed' in a !== 'failed' in b)
        add({ step: i, client, aspect: 'status', what: 'response', simulator: sa, real: sb }, stepKnown(i));
      return;
    }
    if (a.status !== b.status)
      add(
        { step: i, client, aspect: 'status', what: 'status', simulator: `${a.status}`, real: `${b.status}` },
        stepKnown(i),
      );
    const ha = group(ns.headers(a.headers));
    const hb = group(nr.headers(b.headers));
    for (const name of [...new Set([...ha.keys(), ...hb.keys()])].sort()) {
      compared++;
      const va = ha.get(name)?.join(', ') ?? NOTHING;
      const vb = hb.get(name)?.join(', ') ?? NOTHING;
      if (va !== vb)
        add({ step: i, client, aspect: 'header', what: `header ${name}`, simulator: va, real: vb }, stepKnown(i));
    }
    compared++;
    const ba = ns.text(a.body);
    const bb = nr.text(b.body);
    if (ba !== bb) add({ step: i, client, aspect: 'body', what: 'body', simulator: ba, real: bb }, stepKnown(i));
  }

  // Per client, in order: frame n against frame n, the close against the close.
  const clients = [...new Set([...Object.keys(sim.clients), ...Object.keys(real.clients)])];
  for (const client of clients) {
    const sa = sim.clients[client] ?? [];
    const sb = real.clients[client] ?? [];
    const fa = sa.filter((s) => s.type === 'frame');
    const fb = sb.filter((s) => s.type === 'frame');
    for (let k = 0; k < Math.max(fa.length, fb.length); k++) {
      compared++;
      const x = seenText(fa[k], ns);
      const y = seenText(fb[k], nr);
      if (x === y) continue;
      const step = (fa[k] ?? fb[k]).step;
      add(
        { step, client, aspect: 'frame', what: `frame ${k + 1} received`, simulator: x, real: y },
        fa[k] ? stepKnown(fa[k].step) : undefined,
      );
    }
    const ca = sa.find((s) => s.type === 'close');
    const cb = sb.find((s) => s.type === 'close');
    if (ca || cb) {
      compared++;
      const x = seenText(ca, ns);
      const y = seenText(cb, nr);
      if (x !== y) {
        const code = ca?.type === 'close' ? ca.code : undefined;
        const known = (ca && stepKnown(ca.step)) ?? (code !== undefined ? CLOSE_RULES[code] : undefined);
        add({ step: (ca ?? cb)!.step, client, aspect: 'close', what: 'close', simulator: x, real: y }, known);
      }
    }
  }

  differences.sort((p, q) => p.step - q.step);
  return {
    steps: steps.map((s, index) => ({
      index,
      label: describeStep(s),
      ...((s.kind === 'send' || s.kind === 'http') && s.cut
        ? { note: 'The trace kept only the start of this message; the replay sent that start.' }
        : {}),
    })),
    differences,
    compared,
  };
}

function group(pairs: [string, string][]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const [k, v] of pairs) m.set(k, [...(m.get(k) ?? []), v]);
  return m;
}
