/**
 * Hand-built traces for the diagram's tests (unit and browser). They are constructed from the
 * TraceEvent types only, so they do not depend on the engine, and they follow the WebSocket
 * flows in docs/aws-behaviour.md §1–3.
 */

import type { TraceDetail, TraceEvent, Participant } from '../gateway';

type EventInput = TraceDetail & { from: Participant; to: Participant } & Partial<
    Pick<TraceEvent, 'connectionId' | 'invocationId' | 'summary' | 'unconfirmed' | 'causeSeq' | 't'>
  >;

/** Numbers events from 1 and fills the fields every event has. */
export function buildTrace(inputs: readonly EventInput[]): TraceEvent[] {
  return inputs.map(
    (input, i) =>
      ({
        v: 1,
        apiId: 'abc123',
        stage: 'dev',
        summary: '',
        t: 1_700_000_000_000 + i,
        ...input,
        seq: i + 1,
      }) as TraceEvent,
  );
}

/** Untrusted strings that try to break out of a Mermaid label or into HTML. */
export const MALICIOUS = [
  '<img src=x onerror=alert(1)>',
  '"; participant evil',
  'hi\nparticipant evil as Evil',
  'a -->> b: forged',
  '%%{init: {"securityLevel": "loose"}}%%',
  '#35; and #60;script#62; and &#60;b&#62;',
  'semi; colon: hash# end',
  '`backticks` and $$\\href{javascript:alert(1)}{x}$$',
  'ﬂ°°60¶ß forged placeholder',
  '<br>line<br/>break',
  'x'.repeat(500),
  'tab\tcr\rls\u2028ps\u2029zw\u200bbidi\u202eend',
  'end',
  '--x -) ->> }; {',
];

/** One client connects, sends a chat message that is broadcast, and disconnects. */
export function chatTrace(message = '{"action":"sendmessage","data":"hello"}'): TraceEvent[] {
  const conn = 'R1kmxc2VNjMCFIA=';
  return buildTrace([
    { kind: 'ws.upgrade', from: 'client:alice', to: 'gateway', query: 'token=abc', headers: {}, subprotocols: [] },
    {
      kind: 'authorizer.invoke',
      from: 'gateway',
      to: 'authorizer:auth',
      functionName: 'auth',
      identity: { token: 'abc' },
    },
    {
      kind: 'authorizer.result',
      from: 'authorizer:auth',
      to: 'gateway',
      functionName: 'auth',
      decision: 'allow',
      principalId: 'me',
    },
    {
      kind: 'lambda.invoke',
      from: 'gateway',
      to: 'integration:onconnect',
      functionName: 'onconnect',
      routeKey: '$connect',
      eventType: 'CONNECT',
      event: {},
      invocationId: 'inv-1',
    },
    {
      kind: 'table.op',
      from: 'integration:onconnect',
      to: 'table:connections',
      table: 'connections',
      operation: 'PutItem',
      ok: true,
    },
    {
      kind: 'lambda.result',
      from: 'integration:onconnect',
      to: 'gateway',
      functionName: 'onconnect',
      outcome: 'ok',
      durationMs: 12,
      value: { statusCode: 200 },
      invocationId: 'inv-1',
    },
    {
      kind: 'ws.handshake',
      from: 'gateway',
      to: 'client:alice',
      status: 101,
      accepted: true,
      headers: {},
      connectionId: conn,
    },
    { kind: 'ws.frame.in', from: 'client:alice', to: 'gateway', opcode: 'text', size: message.length, text: message },
    {
      kind: 'ws.route',
      from: 'gateway',
      to: 'gateway',
      expression: '$request.body.action',
      value: 'sendmessage',
      routeKey: 'sendmessage',
      match: 'exact',
    },
    {
      kind: 'lambda.invoke',
      from: 'gateway',
      to: 'integration:sendmessage',
      functionName: 'sendmessage',
      routeKey: 'sendmessage',
      eventType: 'MESSAGE',
      event: {},
      invocationId: 'inv-2',
    },
    {
      kind: 'lambda.log',
      from: 'integration:sendmessage',
      to: 'integration:sendmessage',
      functionName: 'sendmessage',
      level: 'log',
      text: 'broadcasting',
      invocationId: 'inv-2',
    },
    {
      kind: 'lambda.log',
      from: 'integration:sendmessage',
      to: 'integration:sendmessage',
      functionName: 'sendmessage',
      level: 'platform',
      text: 'END RequestId: inv-2',
      invocationId: 'inv-2',
    },
    {
      kind: 'table.op',
      from: 'integration:sendmessage',
      to: 'table:connections',
      table: 'connections',
      operation: 'Scan',
      ok: true,
      items: 2,
    },
    {
      kind: 'mgmt.request',
      from: 'integration:sendmessage',
      to: 'management',
      operation: 'PostToConnection',
      target: conn,
      size: 5,
    },
    { kind: 'ws.frame.out', from: 'gateway', to: 'client:alice', size: 5, text: 'hello', cause: 'post-to-connection' },
    {
      kind: 'mgmt.response',
      from: 'management',
      to: 'integration:sendmessage',
      operation: 'PostToConnection',
      status: 200,
    },
    {
      kind: 'lambda.result',
      from: 'integration:sendmessage',
      to: 'gateway',
      functionName: 'sendmessage',
      outcome: 'ok',
      durationMs: 20,
      value: { statusCode: 200 },
      invocationId: 'inv-2',
    },
    { kind: 'ws.close', from: 'client:alice', to: 'gateway', code: 1000, reason: '', initiator: 'client' },
  ]);
}

/** `n` events: a connect, then a frame in and the Forbidden frame out (no `$default`, §1.2), repeated. */
export function longTrace(n: number): TraceEvent[] {
  const inputs: EventInput[] = [
    { kind: 'ws.upgrade', from: 'client:bob', to: 'gateway', query: '', headers: {}, subprotocols: [] },
    { kind: 'ws.handshake', from: 'gateway', to: 'client:bob', status: 101, accepted: true, headers: {} },
  ];
  for (let i = 0; inputs.length < n; i++) {
    inputs.push(
      i % 2 === 0
        ? { kind: 'ws.frame.in', from: 'client:bob', to: 'gateway', opcode: 'text', size: 5, text: `msg ${i}` }
        : {
            kind: 'ws.frame.out',
            from: 'gateway',
            to: 'client:bob',
            size: 60,
            text: '{"message": "Forbidden", "connectionId":"X=", "requestId":"Y="}',
            cause: 'forbidden',
          },
    );
  }
  return buildTrace(inputs.slice(0, n));
}

/** The first names of the clients in `roomTrace`, in the order they connect. */
export const ROOM = ['Alice', 'Bob', 'Carol', 'Dave', 'Erin', 'Frank', 'Grace', 'Heidi'];

/** `clients` clients connect (upgrade, 101), then the first one's message is broadcast to all of them. */
export function roomTrace(clients: number = ROOM.length): TraceEvent[] {
  const names = ROOM.slice(0, clients);
  const inputs: EventInput[] = names.flatMap((name): EventInput[] => [
    { kind: 'ws.upgrade', from: `client:${name}`, to: 'gateway', query: `name=${name}`, headers: {}, subprotocols: [] },
    { kind: 'ws.handshake', from: 'gateway', to: `client:${name}`, status: 101, accepted: true, headers: {} },
  ]);
  const text = '{"action":"sendmessage","data":"hello everyone"}';
  inputs.push({ kind: 'ws.frame.in', from: `client:${names[0]}`, to: 'gateway', opcode: 'text', size: 1, text });
  for (const name of names) {
    inputs.push({
      kind: 'ws.frame.out',
      from: 'gateway',
      to: `client:${name}`,
      size: 14,
      text: 'hello everyone',
      cause: 'post-to-connection',
    });
  }
  return buildTrace(inputs);
}
