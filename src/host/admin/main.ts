/**
 * The local gateway's admin page (served at `/_admin/` by ./endpoints.ts, built by
 * ./vite.config.ts): the live connections, the live trace drawn by the playground's own diagram
 * module (src/diagram → Mermaid text, src/adapters/mermaid → SVG, securityLevel strict, every
 * label escaped), and the handlers' log. All of it comes from the gateway's trace stream.
 * Trace text is untrusted (learner code wrote the logs and messages): it reaches the DOM only
 * as textContent, and Mermaid only through src/diagram's escaping.
 */
import './admin.css';
import { createLiveDiagram } from '../../adapters/mermaid';
import { READABLE_DIAGRAM, traceToMermaid } from '../../diagram';
import type { TraceEvent } from '../../gateway';
import type { AdminConnection, AdminInfo } from './endpoints';
import { AdminModel, LOG_KEPT, clockTime } from './model';

/** Steps the diagram draws: the newest, like the playground's live diagram. */
const WINDOW = 48;

const byId = (id: string) => document.getElementById(id) as HTMLElement;
const model = new AdminModel();
const diagram = createLiveDiagram(byId('diagram'), {
  onError: (error) => (byId('stream').textContent = `The diagram could not be drawn: ${error}`),
});

function cell(row: HTMLTableRowElement, text: string): void {
  row.insertCell().textContent = text;
}

function showConnections(): void {
  const body = byId('connections') as HTMLTableSectionElement;
  const rows = model.connections.map((c: AdminConnection) => {
    const row = document.createElement('tr');
    cell(row, c.connectionId);
    cell(row, clockTime(c.connectedAt));
    cell(row, c.sourceIp);
    cell(row, clockTime(c.lastActiveAt));
    cell(row, c.clientName);
    return row;
  });
  body.replaceChildren(...rows);
  byId('connection-count').textContent = `(${rows.length})`;
  byId('no-connections').hidden = rows.length > 0;
}

function addLogLine(e: TraceEvent & { kind: 'lambda.log' }): void {
  const list = byId('log');
  const item = document.createElement('li');
  item.dataset.level = e.level;
  item.textContent = `${clockTime(e.t)} ${e.functionName}  ${e.text}`;
  list.append(item);
  while (list.childElementCount > LOG_KEPT) list.firstElementChild?.remove();
  byId('no-log').hidden = true;
  if (list.scrollHeight - list.scrollTop - list.clientHeight < 80) list.scrollTop = list.scrollHeight;
}

function drawSoon(): void {
  diagram.request(() => {
    const { text, plain } = traceToMermaid(model.events, { ...READABLE_DIAGRAM, window: { size: WINDOW } });
    // Drawn at once from its plain parts while the room's traffic flows; Mermaid draws it when it stops.
    return { text, plain, tag: String(model.events.at(-1)?.seq ?? 0) };
  });
}

async function showInfo(): Promise<void> {
  try {
    const info = (await (await fetch('./info', { cache: 'no-store' })).json()) as AdminInfo;
    byId('api').textContent =
      `${info.name} (${info.protocolType} API, stage ${info.stage}): clients connect to ${info.client}`;
    document.title = `${info.name} — local API Gateway`;
  } catch (e) {
    byId('api').textContent = `The gateway did not answer: ${(e as Error).message}`;
  }
}

function follow(): void {
  const source = new EventSource('./trace?last=500');
  const status = byId('stream');
  source.addEventListener('open', () => (status.textContent = "Live: following the gateway's trace."));
  source.addEventListener('error', () => {
    status.textContent =
      source.readyState === EventSource.CLOSED ? 'The gateway stopped.' : 'The gateway is not answering; retrying…';
  });
  source.addEventListener('trace', (m) => {
    let e: TraceEvent;
    try {
      e = JSON.parse((m as MessageEvent<string>).data) as TraceEvent;
    } catch {
      return;
    }
    if (!model.add(e)) return;
    if (e.kind === 'lambda.log') addLogLine(e);
    else drawSoon();
  });
  source.addEventListener('connections', (m) => {
    model.setConnections(JSON.parse((m as MessageEvent<string>).data) as AdminConnection[]);
    showConnections();
  });
}

showConnections();
void showInfo();
follow();
