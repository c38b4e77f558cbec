import { describe, expect, it } from 'vitest';
import { compileSelectionExpression } from '../gateway';
import { chatExample } from '../examples';
import { loadBundledCourse } from '../lessons/bundled';
import { composerChips, lessonPresets, messageFor, type ChipContext } from './chips';

const loaded = await loadBundledCourse();
if (!loaded.ok) throw new Error('the bundled course does not load');
const course = loaded.value;
const CHAT_ROUTES = ['$connect', '$disconnect', 'sendmessage', '$default'];

function ctx(rse: string, routeKeys: readonly string[] = CHAT_ROUTES, ids: Record<string, string> = {}): ChipContext {
  return { rse, routeKeys, connectionId: (name) => ids[name] ?? '' };
}

/** The route key the gateway's own evaluator picks for a message under `rse`. */
function routed(rse: string, text: string): string | null {
  const c = compileSelectionExpression(rse);
  if (!c.ok) throw new Error(c.error.message);
  const r = c.expression.evaluate(text);
  return r.ok ? r.value : null;
}

describe('chips follow the deployed route selection expression', () => {
  it('sends the chat example\'s chips with "action" under $request.body.action, as before', () => {
    const chips = composerChips(chatExample.presets, ctx('$request.body.action'));
    expect(chips.map((c) => [c.label, c.text])).toEqual([
      ['sendmessage', '{"action":"sendmessage","data":"hello"}'],
      ['unknown action', '{"action":"dance"}'],
      ['not JSON', 'hi there'],
    ]);
  });

  it('moves the route key to "type" once the expression is $request.body.type', () => {
    const rse = '$request.body.type';
    const chips = composerChips(chatExample.presets, ctx(rse));
    expect(chips[0]!.text).toBe('{"type":"sendmessage","data":"hello"}');
    expect(routed(rse, chips[0]!.text)).toBe('sendmessage');
    expect(chips[1]!.text).toBe('{"type":"dance"}');
  });

  it('writes nested paths, quoted members and keys built from two values, each proved by the evaluator', () => {
    const cases: [string, string][] = [
      ['$request.body.meta.type', 'sendmessage'],
      ["$request.body['route key']", 'sendmessage'],
      ['${request.body.service}/${request.body.action}', 'chat/join'],
      ['${request.body.version}-beta', 'v2-beta'],
    ];
    for (const [rse, key] of cases) {
      const text = messageFor(rse, key, { data: 'hello' });
      expect(text, rse).not.toBeNull();
      expect(routed(rse, text!), rse).toBe(key);
      expect(JSON.parse(text!).data, rse).toBe('hello');
    }
    expect(messageFor('$request.body.meta.type', 'x')).toBe('{"meta":{"type":"x"}}');
  });

  it('leaves a chip as written when the expression cannot be written into (static, indexes, a key it cannot produce)', () => {
    expect(messageFor('action', 'sendmessage')).toBeNull();
    expect(messageFor('$request.body.items[0]', 'sendmessage')).toBeNull();
    expect(messageFor('${request.body.a}/${request.body.b}', 'no-slash')).toBeNull();
    const chips = composerChips(chatExample.presets, ctx('$request.body.items[0]'));
    expect(chips[0]!.text).toBe('{"action":"sendmessage","data":"hello"}');
  });

  it('offers a chip for every custom route that no chip reaches, under the deployed expression', () => {
    const chips = composerChips(chatExample.presets, ctx('$request.body.type', [...CHAT_ROUTES, 'join', 'leave']));
    expect(chips.slice(3).map((c) => [c.label, c.text])).toEqual([
      ['join', '{"type":"join"}'],
      ['leave', '{"type":"leave"}'],
    ]);
  });
});

describe("a lesson's own chips", () => {
  it("are the messages its checks send, each once, never the chat example's", () => {
    const lesson = course.lessons.find((l) => l.slug === 'routing-table')!;
    const presets = lessonPresets(lesson.checks);
    const labels = presets.map((p) => p.label);
    expect(labels).toContain('joinRoom 1234');
    expect(labels).toContain('leaveRoom 1234');
    expect(labels).toContain('JoinRoom 1234');
    expect(new Set(labels).size).toBe(labels.length);
    const texts = composerChips(presets, ctx('$request.body.action', [])).map((c) => c.text);
    expect(texts).toContain('{"action":"joinRoom","data":{"roomId":"1234"}}');
    expect(texts.some((t) => t.includes('sendmessage'))).toBe(false);
  });

  it("fill in a client's connection id once it is connected, and say whom to connect until then", () => {
    const lesson = course.lessons.find((l) => l.slug === 'server-push')!;
    const presets = lessonPresets(lesson.checks);
    const kick = presets.find((p) => p.label === "kick Bob's id")!;
    const [before] = composerChips([kick], ctx('$request.body.action', []));
    expect(before!.text).toBe('{"action":"kick","target":"<Bob\'s connection id>"}');
    expect(before!.title).toContain('Connect Bob first');
    const [after] = composerChips([kick], ctx('$request.body.action', [], { Bob: 'R1kmxc2VNjMCFIA=' }));
    expect(after!.text).toBe('{"action":"kick","target":"R1kmxc2VNjMCFIA="}');
  });

  it('build an oversized message to the byte for a size-limit lesson', () => {
    const lesson = course.lessons.find((l) => l.slug === 'limits-and-timeouts')!;
    const big = lessonPresets(lesson.checks).find((p) => p.label === '40000 bytes')!;
    expect('text' in big && big.text.length).toBe(40_000);
  });
});
