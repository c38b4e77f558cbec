import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { chatExample, httpOrdersExample } from '../examples';
import { decodePayload, encodePayload } from './codec';
import {
  applyShare,
  diffShare,
  readShareState,
  SHARE_LIMITS,
  ShareStateError,
  summarize,
  type ShareBase,
  type ShareState,
} from './state';

const chat: ShareBase = {
  kind: 'WEBSOCKET',
  definition: chatExample.definition,
  files: chatExample.files,
  focus: chatExample.focus,
};

const base = (over: Partial<ShareState> = {}): ShareState => ({
  v: 1,
  from: { example: 'chat' },
  view: 'playground',
  ...over,
});

/** The message readShareState (or applyShare) throws for `raw`. */
function refusal(raw: unknown, start: ShareBase = chat): string {
  try {
    applyShare(readShareState(raw), start);
  } catch (e) {
    expect(e).toBeInstanceOf(ShareStateError);
    return (e as Error).message;
  }
  throw new Error('accepted');
}

describe('share state: diff from the start', () => {
  it('describes an unchanged example by its name alone', () => {
    const setup = { definition: chat.definition, files: { ...chat.files }, focus: chat.focus };
    expect(diffShare(setup, chat)).toEqual({});
  });

  it('keeps only changed, added and removed files, and the definition only when it differs', () => {
    const definition = structuredClone(chat.definition) as unknown as { routes: Record<string, unknown> };
    definition.routes.whisper = { integration: { type: 'AWS_PROXY', function: 'sendmessage' } };
    const files = { ...chat.files, 'sendmessage.ts': '// edited', 'lib/util.ts': 'export const x = 1;' };
    delete (files as Record<string, string>)['default.ts'];
    const setup = { definition: definition as unknown as ShareBase['definition'], files, focus: 'lib/util.ts' };
    const diff = diffShare(setup, chat);
    expect(diff).toEqual({
      definition,
      files: { 'sendmessage.ts': '// edited', 'lib/util.ts': 'export const x = 1;' },
      removed: ['default.ts'],
      focus: 'lib/util.ts',
    });
    const state = readShareState(JSON.parse(JSON.stringify(base(diff))));
    expect(applyShare(state, chat)).toEqual(setup);
    expect(summarize(state, chat, setup)).toMatchObject({
      changed: ['sendmessage.ts'],
      added: ['lib/util.ts'],
      removed: ['default.ts'],
      definitionChanged: true,
      routes: ['$connect', '$disconnect', 'sendmessage', '$default', 'whisper'],
    });
  });

  it('sends a file of the start changed in one place as that change only, and applies it back', () => {
    const body = chat.files['sendmessage.ts'];
    const files = { ...chat.files, 'sendmessage.ts': body.replace("'Data sent'", "'Sent to everyone'") };
    const setup = { definition: chat.definition, files, focus: chat.focus };
    const diff = diffShare(setup, chat);
    expect(diff).toEqual({ edits: { 'sendmessage.ts': [body.indexOf("'Data sent'") + 1, 9, 'Sent to everyone'] } });
    const state = readShareState(base(diff));
    expect(applyShare(state, chat)).toEqual(setup);
    expect(summarize(state, chat, setup).changed).toEqual(['sendmessage.ts']);
  });

  it('refuses an edit that does not fit its start', () => {
    expect(refusal(base({ edits: { 'nope.ts': [0, 0, 'x'] } }))).toMatch(
      /edits "nope.ts", which its start does not have/,
    );
    expect(refusal(base({ edits: { 'default.ts': [0, 100_000, ''] } }))).toMatch(/reaches past its end/);
    expect(refusal(base({ edits: { 'default.ts': [0, 1] as never } }))).toMatch(/must be \[at, deleted, inserted\]/);
    expect(refusal(base({ edits: { 'default.ts': [-1, 0, ''] } }))).toMatch(/must be \[at, deleted, inserted\]/);
    expect(refusal(base({ files: { 'default.ts': '' }, edits: { 'default.ts': [0, 0, ''] } }))).toMatch(
      /both in files and in edits/,
    );
  });

  it('round-trips through the compressed codec with clients, scripts and a cursor', async () => {
    const state = base({
      files: { 'sendmessage.ts': '// edited' },
      clients: [
        { name: 'Ann', query: 'room=1&token=abc' },
        { name: 'Ben', protocols: ['chat.v1', 'json'], script: ['{"action":"sendmessage","data":"hi"}', 'plain'] },
      ],
      cursor: 12,
    });
    const { codec, payload } = await encodePayload(state);
    expect(readShareState(await decodePayload(codec, payload))).toEqual(state);
  });
});

describe('share state: a decoded state is checked field by field', () => {
  it('refuses what is not a version-1 state, and says a newer version made it', () => {
    expect(refusal(null)).toMatch(/not an object/);
    expect(refusal([1])).toMatch(/not an object/);
    expect(refusal({ v: 2, from: { example: 'chat' }, view: 'playground' })).toMatch(
      /newer version of the playground \(setup version 2/,
    );
    expect(refusal({ v: '1', from: { example: 'chat' }, view: 'playground' })).toMatch(/version \(v\) must be 1/);
    expect(refusal({ ...base(), extra: 1 })).toMatch(/unknown field "extra"/);
  });

  it('refuses a start that is not an example id or a lesson slug', () => {
    expect(refusal(base({ from: {} as never }))).toMatch(/from must name an example or a lesson/);
    expect(refusal(base({ from: { example: '<img src=x>' } }))).toMatch(
      /from.example "<img src=x>" is not an example id/,
    );
    expect(refusal(base({ from: { lesson: 'routing-table' } as never }))).toMatch(/from.start must be true/);
    expect(refusal(base({ from: { example: 'chat', x: 1 } as never }))).toMatch(/from has an unknown field "x"/);
    expect(refusal(base({ view: 'lesson' }))).toMatch(/view "lesson" needs a lesson/);
    expect(refusal(base({ view: 'compare' as never }))).toMatch(/view must be "playground" or "lesson"/);
  });

  it('refuses file names the workspace refuses, and files that are not text or too long', () => {
    expect(refusal(base({ files: { '../etc/passwd': 'x' } }))).toMatch(
      /file name "..\/etc\/passwd": File names end in .ts or .js/,
    );
    expect(refusal(base({ files: { '<img src=x onerror=1>.ts': 'x' } }))).toMatch(/file name/);
    expect(refusal(base({ files: { 'a.ts': 1 as never } }))).toMatch(/file "a.ts" must be text/);
    expect(refusal(base({ files: { 'a.ts': 'x'.repeat(SHARE_LIMITS.fileChars + 1) } }))).toMatch(/too long/);
    // Same stem as a file of the start, other extension: the workspace refuses that too.
    expect(refusal(base({ files: { 'sendmessage.js': 'x' } }))).toMatch(
      /"sendmessage" already exists with another extension/,
    );
    const many = Object.fromEntries(Array.from({ length: SHARE_LIMITS.files + 1 }, (_, i) => [`f${i}.ts`, '']));
    expect(refusal(base({ files: many }))).toMatch(/65 files \(at most 64\)/);
    expect(refusal(base({ removed: ['nope.ts'] }))).toMatch(/removes "nope.ts", which its start does not have/);
    expect(refusal(base({ removed: ['default.ts', 'default.ts'] }))).toMatch(/removed names a file twice/);
    expect(refusal(base({ focus: 'nope.ts' }))).toMatch(/focus names "nope.ts"/);
  });

  it('refuses a definition the gateway refuses, or of another type than its start', () => {
    expect(refusal(base({ definition: [] as never }))).toMatch(/definition must be an object/);
    expect(refusal(base({ definition: { protocolType: 'SOAP' } as never }))).toMatch(
      /its API definition: protocolType: must be "WEBSOCKET", "HTTP" or "REST"/,
    );
    expect(refusal(base({ definition: { ...chat.definition, routeSelectionExpression: 42 } as never }))).toMatch(
      /its API definition: routeSelectionExpression/,
    );
    expect(refusal(base({ definition: httpOrdersExample.definition }))).toMatch(/is HTTP, but its start is WEBSOCKET/);
  });

  it('refuses clients with bad names, query strings, subprotocols or scripts', () => {
    const c = (client: unknown) => refusal(base({ clients: [client as never] }));
    expect(c({ name: '' })).toMatch(/client 1's name is empty/);
    expect(c({ name: 'a\nb' })).toMatch(/control characters or line breaks/);
    expect(c({ name: ' Ann' })).toMatch(/starts or ends with a space/);
    expect(c({ name: 'x'.repeat(65) })).toMatch(/too long/);
    expect(c({ name: 'Ann', query: 'a\u0000' })).toMatch(/"Ann"'s query string contains control/);
    expect(c({ name: 'Ann', protocols: ['a b'] })).toMatch(/subprotocols must be tokens/);
    expect(c({ name: 'Ann', script: 'hi' })).toMatch(/"Ann"'s script must be a list/);
    expect(c({ name: 'Ann', script: [1] })).toMatch(/script message 1 must be text/);
    expect(c({ name: 'Ann', script: ['x'.repeat(SHARE_LIMITS.messageChars + 1)] })).toMatch(/too long/);
    expect(c({ name: 'Ann', colour: 'red' })).toMatch(/client 1 has an unknown field "colour"/);
    expect(refusal(base({ clients: [{ name: 'Ann' }, { name: 'Ann' }] }))).toMatch(/two clients are named "Ann"/);
    const many = Array.from({ length: SHARE_LIMITS.clients + 1 }, (_, i) => ({ name: `c${i}` }));
    expect(refusal(base({ clients: many }))).toMatch(/clients has 101 entries/);
  });

  it('refuses a cursor that is not a step index', () => {
    for (const cursor of [-1, 1.5, '3', SHARE_LIMITS.cursor + 1])
      expect(refusal(base({ cursor: cursor as never }))).toMatch(/cursor must be a whole number/);
  });

  it('keeps hostile text as text where text is allowed (it is only ever shown, never run on the page)', () => {
    const xss = '<img src=x onerror="window.__pwned=1">';
    const state = readShareState(base({ clients: [{ name: xss, query: `q=${xss}`, script: [xss] }] }));
    expect(state.clients?.[0]).toEqual({ name: xss, query: `q=${xss}`, script: [xss] });
  });
});

describe('share state: links made by earlier versions keep opening', () => {
  it('reads the committed v1 fixture link (generated once, never rewritten) as the state it was made from', async () => {
    const link = readFileSync(new URL('./fixtures/v1-chat.link.txt', import.meta.url), 'utf8').trim();
    const expected = JSON.parse(readFileSync(new URL('./fixtures/v1-chat.state.json', import.meta.url), 'utf8'));
    const [, codec, payload] = /^#\/share\/v1\.([a-z]+)\.(.+)$/.exec(link)!;
    const state = readShareState(await decodePayload(codec, payload));
    expect(state).toEqual(expected);
    const setup = applyShare(state, chat);
    expect(Object.keys(setup.files).sort()).toEqual([
      'lib/greeting.ts',
      'onconnect.ts',
      'ondisconnect.ts',
      'sendmessage.ts',
    ]);
    expect(setup.focus).toBe('onconnect.ts');
  });
});
