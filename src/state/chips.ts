/**
 * The chips under each WebSocket client: ready-made messages that follow the API that is
 * running. A chip that asks for a route writes the route key where the deployed route
 * selection expression reads it (`{"type":"sendmessage"}` under `$request.body.type`, nested
 * objects under `$request.body.meta.kind`, both halves of `${request.body.a}/${request.body.b}`),
 * and every custom route without a chip gets one. A lesson's chips are the messages its checks
 * send. Pure, so it is unit-tested in Node.
 */
import { compileSelectionExpression, type CompiledSelectionExpression } from '../gateway';
import type { MessagePreset } from '../examples';
import type { Check } from '../lessons';

export interface Chip {
  label: string;
  /** The message the chip puts in the composer. */
  text: string;
  /** Shown on hover: the message, or what the chip is waiting for. */
  title: string;
}

/** What the chips follow: the running API's route selection expression and route keys, the clients' ids. */
export interface ChipContext {
  rse: string;
  routeKeys: readonly string[];
  /** The connection id of the named client ('' when it is not connected). */
  connectionId(client: string): string;
}

/** A JSON path made of member names only: the one kind a chip can write into a message. */
type MemberPath = string[];
type Part = { literal: string } | { path: MemberPath };

const BARE_NAME = /[\p{L}\p{N}_-]/u;
const STRUCTURAL = /[.[\](){}'"\\,*?@$\s]/u;
const ROOT = 'request.body';

/**
 * Splits a route selection expression into literal text and `$request.body` member paths
 * (the grammar of src/gateway/websocket/rse.ts), or null when it uses anything a chip cannot
 * write (an index, a wildcard, a slice, a filter).
 */
function parseParts(rse: string): Part[] | null {
  const parts: Part[] = [];
  let literal = '';
  let i = 0;
  const name = (allowed: (ch: string) => boolean): string => {
    let n = '';
    while (i < rse.length && allowed(rse[i]!)) n += rse[i++];
    return n;
  };
  while (i < rse.length) {
    if (rse[i] === '\\' && rse[i + 1] === '$') {
      literal += '$';
      i += 2;
      continue;
    }
    if (rse[i] !== '$') {
      literal += rse[i++];
      continue;
    }
    const braced = rse[i + 1] === '{';
    i += braced ? 2 : 1;
    if (!rse.startsWith(ROOT, i)) return null;
    i += ROOT.length;
    const path: MemberPath = [];
    for (;;) {
      if (rse[i] === '.') {
        i++;
        const n = name((ch) => (braced ? !STRUCTURAL.test(ch) : BARE_NAME.test(ch)));
        if (!n) return null;
        path.push(n);
      } else if (rse[i] === '[' && (rse[i + 1] === "'" || rse[i + 1] === '"')) {
        const quote = rse[i + 1]!;
        const end = rse.indexOf(quote + ']', i + 2);
        if (end < 0) return null;
        path.push(rse.slice(i + 2, end));
        i = end + 2;
      } else break;
    }
    if (braced) {
      if (rse[i] !== '}') return null;
      i++;
    } else if (rse[i] === '[') return null;
    if (!path.length) return null;
    if (literal) parts.push({ literal });
    literal = '';
    parts.push({ path });
  }
  if (literal) parts.push({ literal });
  return parts;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Sets `value` at `path` in `target`, making objects on the way; false when another value is already there. */
function setPath(target: Record<string, unknown>, path: MemberPath, value: string): boolean {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (next === undefined) node = node[key] = {};
    else if (next && typeof next === 'object' && !Array.isArray(next)) node = next as Record<string, unknown>;
    else return false;
  }
  const last = path.at(-1)!;
  if (node[last] !== undefined && node[last] !== value) return false;
  node[last] = value;
  return true;
}

/**
 * Builds the message body that routes to `routeKey` under the expression, with `body`'s
 * members beside it, or null when it cannot be written (a static expression routes every
 * message the same; an expression with indexes or wildcards is not written). The result is
 * checked with the gateway's own evaluator, so a chip never claims a route it would miss.
 */
export function messageFor(
  rse: string,
  routeKey: string,
  body: Record<string, unknown> = {},
  compiled: CompiledSelectionExpression | null = compile(rse),
): string | null {
  const parts = parseParts(rse);
  if (!parts || !compiled || compiled.isStatic) return null;
  const paths = parts.filter((p): p is { path: MemberPath } => 'path' in p);
  // Literals must appear as they are; each variable takes the text between them (the last takes the rest).
  let last = -1;
  parts.forEach((p, i) => 'path' in p && (last = i));
  const pattern = parts
    .map((p, i) => ('literal' in p ? escapeRegExp(p.literal) : i === last ? '([\\s\\S]*)' : '([\\s\\S]*?)'))
    .join('');
  const match = new RegExp(`^${pattern}$`, 'u').exec(routeKey);
  if (!match) return null;
  const message: Record<string, unknown> = {};
  for (const [i, p] of paths.entries()) if (!setPath(message, p.path, match[i + 1]!)) return null;
  for (const [k, v] of Object.entries(body)) if (!(k in message)) message[k] = v;
  const text = JSON.stringify(message);
  const result = compiled.evaluate(text);
  return result.ok && result.value === routeKey ? text : null;
}

function compile(rse: string): CompiledSelectionExpression | null {
  const r = compileSelectionExpression(rse);
  return r.ok ? r.expression : null;
}

/** `{"$connectionId": "Bob"}` anywhere in a lesson message becomes Bob's id, or a placeholder naming him. */
function resolveIds(value: unknown, ctx: ChipContext, missing: Set<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveIds(v, ctx, missing));
  if (!value || typeof value !== 'object') return value;
  const o = value as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1 && keys[0] === '$connectionId' && typeof o.$connectionId === 'string') {
    const id = ctx.connectionId(o.$connectionId);
    if (!id) missing.add(o.$connectionId);
    return id || `<${o.$connectionId}'s connection id>`;
  }
  return Object.fromEntries(keys.map((k) => [k, resolveIds(o[k], ctx, missing)]));
}

/**
 * The chips for the presets under the running API: route presets rewritten for its route
 * selection expression (kept as written when it cannot be), lesson messages with connection ids
 * filled in, then one chip per custom route that no chip reaches yet.
 */
export function composerChips(presets: readonly MessagePreset[], ctx: ChipContext): Chip[] {
  const compiled = compile(ctx.rse);
  const chips: Chip[] = [];
  const seen = new Set<string>();
  const add = (label: string, text: string, title = text) => {
    if (seen.has(text)) return;
    seen.add(text);
    chips.push({ label, text, title });
  };
  for (const p of presets) {
    if ('text' in p) add(p.label, p.text, p.text.length > 200 ? `${p.label}: ${p.text.slice(0, 40)}…` : p.text);
    else if ('json' in p) {
      const missing = new Set<string>();
      const text = JSON.stringify(resolveIds(p.json, ctx, missing));
      const waiting = [...missing].map((n) => `Connect ${n} first to fill in ${n}'s connection id.`).join(' ');
      add(p.label, text, waiting ? `${text}\n${waiting}` : text);
    } else {
      // As written for the usual `$request.body.action` when this expression cannot be written.
      const text = messageFor(ctx.rse, p.route, p.body, compiled) ?? JSON.stringify({ action: p.route, ...p.body });
      add(p.label, text);
    }
  }
  // Custom routes that no chip reaches (by the gateway's own evaluation) get one of their own.
  const reached = new Set(chips.map((c) => compiled?.evaluate(c.text)).flatMap((r) => (r?.ok ? [r.value] : [])));
  for (const key of ctx.routeKeys) {
    if (key.startsWith('$') || reached.has(key)) continue;
    const text = messageFor(ctx.rse, key, {}, compiled);
    if (text) add(key, text);
  }
  return chips;
}

const LABEL_MAX = 28;

/** A short name for a lesson message: its first few values ("joinRoom 1234", "kick Bob's id"). */
function labelOf(json: unknown): string {
  const words: string[] = [];
  const walk = (v: unknown): void => {
    if (words.length >= 3) return;
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.$connectionId === 'string') words.push(`${o.$connectionId}'s id`);
      else Object.values(o).forEach(walk);
    } else if (v !== null && v !== undefined) words.push(String(v));
  };
  walk(json);
  const label = words.join(' ') || JSON.stringify(json);
  return label.length > LABEL_MAX ? `${label.slice(0, LABEL_MAX - 1)}…` : label;
}

/**
 * A lesson's own chips: the messages its checks send from a client, in order, each once
 * (backend `@connections` posts are not a client's to send).
 */
export function lessonPresets(checks: readonly Check[]): MessagePreset[] {
  const out: MessagePreset[] = [];
  const seen = new Set<string>();
  for (const check of checks) {
    for (const step of check.steps) {
      if (!('send' in step)) continue;
      const { text, json, repeat, bytes } = step.send;
      let preset: MessagePreset;
      if (json !== undefined) preset = { label: labelOf(json), json };
      else if (text !== undefined) preset = { label: labelOf(text), text };
      else if (repeat && bytes) {
        preset = { label: `${bytes} bytes`, text: repeat.repeat(Math.ceil(bytes / repeat.length)).slice(0, bytes) };
      } else continue;
      const key = JSON.stringify(preset);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(preset);
    }
  }
  return out;
}
