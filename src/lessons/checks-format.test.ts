import { describe, expect, it } from 'vitest';
import { parseChecks } from './checks-format';
import { formatProblem } from './lesson';

const FILE = 'lessons/03-routes/checks.json';

function errors(doc: unknown): string[] {
  const r = parseChecks(typeof doc === 'string' ? doc : JSON.stringify(doc), FILE);
  return r.ok ? [] : r.problems.map(formatProblem);
}

const valid = {
  id: 'join',
  title: 'joinRoom reaches its route',
  kind: 'scenario',
  steps: [{ connect: { client: 'Alice' } }, { id: 'join', send: { client: 'Alice', json: { action: 'joinRoom' } } }],
  expect: [{ event: { kind: 'ws.route', routeKey: 'joinRoom' }, during: 'join' }],
  hints: ['Add a route.'],
};

describe('parseChecks', () => {
  it('accepts a well-formed file and returns the checks', () => {
    const r = parseChecks(JSON.stringify({ checks: [valid] }), FILE);
    expect(r).toMatchObject({ ok: true, value: [{ id: 'join', kind: 'scenario', steps: valid.steps, expect: valid.expect }] });
  });

  it('names the file, the field and the client when a step uses a client nobody connected', () => {
    const bad = { ...valid, id: 'carol', steps: [{ send: { client: 'Carol', text: 'hi' } }] };
    expect(errors({ checks: [valid, bad] })).toContain(
      'lessons/03-routes/checks.json: checks[1].steps[0].send.client: unknown client "Carol" (connect it first)',
    );
  });

  it('rejects invalid JSON with the parser message', () => {
    expect(errors('{"checks": [')).toEqual([expect.stringMatching(/^lessons\/03-routes\/checks\.json: not valid JSON: /)]);
  });

  it('rejects unknown keys, a bad id, a missing title and a wrong kind, each at its field', () => {
    expect(errors({ checks: [{ ...valid, id: 'Join Room', title: '', kind: 'quiz', hint: [] }] })).toEqual(
      expect.arrayContaining([
        expect.stringContaining('checks[0].hint: unknown key "hint"'),
        expect.stringContaining('checks[0].id: must be kebab-case'),
        expect.stringContaining('checks[0].title: required'),
        expect.stringContaining('checks[0].kind: must be "scenario" or "learner-trace"'),
      ]),
    );
  });

  it('rejects duplicate check ids and more than three hints', () => {
    expect(errors({ checks: [valid, { ...valid, hints: ['a', 'b', 'c', 'd'] }] })).toEqual([
      `${FILE}: checks[1].id: duplicate check id "join"`,
      `${FILE}: checks[1].hints: at most three hints; got 4`,
    ]);
  });

  it('rejects a step with two actions, an unknown action and a body given twice', () => {
    const steps = [
      { connect: { client: 'Alice' } },
      { send: { client: 'Alice', text: 'a' }, close: { client: 'Alice' } },
      { shout: { client: 'Alice' } },
      { send: { client: 'Alice', text: 'a', json: {} } },
      { send: { client: 'Alice', repeat: 'x' } },
    ];
    const out = errors({ checks: [{ ...valid, steps, expect: [{ event: { kind: 'ws.route' } }] }] });
    expect(out).toEqual([
      expect.stringContaining('checks[0].steps[1]: needs exactly one action'),
      expect.stringContaining('checks[0].steps[2]: needs exactly one action'),
      `${FILE}: checks[0].steps[3].send: give one of "text", "json" or "repeat"; got text and json`,
      expect.stringContaining('checks[0].steps[4].send.bytes: must be a whole number of bytes'),
    ]);
  });

  it("rejects a close code a browser cannot send and a $connectionId of a client that connects later", () => {
    const steps = [
      { connect: { client: 'Alice' } },
      { close: { client: 'Alice', code: 1001 } },
      { send: { client: 'Alice', json: { target: { $connectionId: 'Bob' } } } },
      { connect: { client: 'Bob' } },
    ];
    expect(errors({ checks: [{ ...valid, steps, expect: [{ event: { kind: 'ws.route' } }] }] })).toEqual([
      expect.stringContaining('checks[0].steps[1].close.code: must be 1000 or 3000–4999'),
      `${FILE}: checks[0].steps[2].send.json: refers to "Bob"'s connection id, but Bob has not connected yet`,
    ]);
  });

  it('rejects an unknown trace kind and a field that kind does not have (a typo would never match)', () => {
    const out = errors({ checks: [{ ...valid, expect: [{ event: { kind: 'ws.routes' } }, { none: { kind: 'ws.route', routekey: 'x' } }] }] });
    expect(out).toEqual([
      expect.stringContaining('checks[0].expect[0].event.kind: must be a trace event kind'),
      expect.stringContaining('checks[0].expect[1].none.routekey: ws.route events have no field "routekey"'),
    ]);
  });

  it('checks references: during names a step id, after an earlier expectation, and clients are connected', () => {
    const expectations = [
      { event: { kind: 'ws.route' }, during: 'nope' },
      { event: { kind: 'ws.route' }, after: 'later' },
      { id: 'later', received: { client: 'Zoe', contains: 'x' } },
      { table: { name: 'members', count: 1 }, during: 'join' },
    ];
    expect(errors({ checks: [{ ...valid, expect: expectations }] })).toEqual([
      expect.stringContaining('checks[0].expect[0].during: must be the id of a step of this check ("join")'),
      expect.stringContaining('checks[0].expect[1].after: must be the id of an earlier expectation'),
      `${FILE}: checks[0].expect[2].received.client: unknown client "Zoe" (no step connects it)`,
      `${FILE}: checks[0].expect[3].during: unknown key "during" (allowed: table, id, description)`,
    ]);
  });

  it('lets learner-trace checks name any client, but not look "during" a step', () => {
    const check = {
      id: 'mine',
      title: 'You did it',
      kind: 'learner-trace',
      steps: [{ connect: { client: 'Alice' } }],
      expect: [{ handshake: { client: 'Anyone', status: 101 } }, { event: { kind: 'ws.route' }, during: 'x' }],
      hints: [],
    };
    expect(errors({ checks: [check] })).toEqual([expect.stringContaining('checks[0].expect[1].during: only scenario checks')]);
  });

  it('requires steps for a scenario, a non-empty expect list and a valid count', () => {
    const out = errors({ checks: [{ ...valid, steps: [], expect: [] }, { ...valid, id: 'two', expect: [{ event: { kind: 'ws.route' }, count: { min: 3, max: 1 } }] }] });
    expect(out).toEqual([
      `${FILE}: checks[0].steps: a scenario needs at least one action`,
      `${FILE}: checks[0].expect: required: a non-empty list of expectations`,
      `${FILE}: checks[1].expect[0].count: min is greater than max`,
    ]);
  });
});
