/**
 * A client console's frames as the trace recorded them: what a replay shows in the console at a
 * step, read from the trace alone (the console's own list is what its socket saw live). Each
 * WebSocket step with the client's lane (`client:<name>`) is one line, in the console's words:
 * the upgrade is "connecting…", an accepted handshake "open", a frame in "sent", a frame out
 * "received", a close "close 1000 …" (docs/aws-behaviour.md §1–2 describes the steps).
 */
import type { TraceEvent } from '../gateway';

export type ReplayFrameKind = 'sent' | 'received' | 'open' | 'error' | 'close' | 'rejected' | 'info';

/** The shape of a console's frame (src/state/clients.svelte.ts `Frame`); `id` is the step's `seq`. */
export interface ReplayFrame {
  id: number;
  kind: ReplayFrameKind;
  /** Untrusted (frames come from learner code and clients): shown as text only. */
  text: string;
  /** Virtual epoch ms of the step. */
  at: number;
}

function frameOf(e: TraceEvent): Omit<ReplayFrame, 'id' | 'at'> | null {
  switch (e.kind) {
    case 'ws.upgrade': {
      const offered = Array.isArray(e.subprotocols) && e.subprotocols.length ? e.subprotocols.join(', ') : '';
      return { kind: 'info', text: `connecting…${offered ? ` (offering ${offered})` : ''}` };
    }
    case 'ws.handshake':
      if (e.accepted) return { kind: 'open', text: e.protocol ? `open (protocol: ${e.protocol})` : 'open' };
      return { kind: 'rejected', text: `handshake rejected: HTTP ${e.status}` };
    case 'ws.frame.in':
      return { kind: 'sent', text: e.opcode === 'binary' ? `[binary ${e.size} bytes]` : String(e.text ?? '') };
    case 'ws.frame.out':
      return { kind: 'received', text: String(e.text ?? '') };
    case 'ws.close':
      return { kind: 'close', text: `close ${e.code}${e.reason ? ` ${e.reason}` : ''}` };
    case 'ws.client-fail':
      return { kind: 'error', text: `error: ${e.reason}` };
    default:
      return null;
  }
}

/**
 * Every client's frames in `events` (the trace up to the cursor), by client name. A frame the
 * gateway sends is the client's once it is on the wire; an upgrade the client sends is its own.
 */
export function framesByClient(events: readonly TraceEvent[]): Map<string, ReplayFrame[]> {
  const out = new Map<string, ReplayFrame[]>();
  for (const e of events) {
    const lane = [e.from, e.to].find((p) => typeof p === 'string' && p.startsWith('client:'));
    if (!lane) continue;
    const frame = frameOf(e);
    if (!frame) continue;
    const name = lane.slice('client:'.length);
    let list = out.get(name);
    if (!list) out.set(name, (list = []));
    list.push({ id: e.seq, at: e.t, ...frame });
  }
  return out;
}
