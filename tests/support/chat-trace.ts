/**
 * A real trace for the timeline's unit tests: the chat example deployed with the Node runner,
 * Alice and Bob connect, Alice broadcasts "hi", Bob leaves. `invocations()` counts what the
 * runner ran, so a test can show that replaying ran nothing.
 */
import { validateDefinition, type TraceEvent, type WebSocketApi } from '../../src/gateway';
import { chatExample } from '../../src/examples/chat';
import { deploy } from '../../src/runtime/deployment';
import { createNodeInvoker } from '../../src/runtime/node-invoker';

export async function chatTrace(): Promise<{ events: TraceEvent[]; invocations: () => number }> {
  const v = validateDefinition(chatExample.definition);
  if (!v.ok) throw new Error('the chat example does not validate');
  let invocations = 0;
  const d = deploy({
    definition: v.definition,
    files: chatExample.files,
    seed: 'timeline',
    createInvoker: (o) => {
      const inner = createNodeInvoker(o);
      return { invoke: (r) => (invocations++, inner.invoke(r)), dispose: () => inner.dispose() };
    },
  });
  const ws = d.api as WebSocketApi;
  const alice = await ws.connect({ clientName: 'Alice' });
  const bob = await ws.connect({ clientName: 'Bob' });
  if (!alice.accepted || !bob.accepted) throw new Error('refused');
  await alice.connection.send('{"action":"sendmessage","data":"hi"}');
  await ws.whenIdle();
  bob.connection.close(1000, 'bye');
  await ws.whenIdle();
  const events = structuredClone([...d.trace.events]);
  d.dispose();
  return { events, invocations: () => invocations };
}
