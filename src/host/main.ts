/**
 * `npm run gateway [-- --example chat|http-orders|rest-orders] [--lesson <slug> [--solution]]
 * [--dir <folder> | <folder>] [--share <link | file.agp.json>] [--port N] [--host 0.0.0.0] [--in-process]`: a real API Gateway on this
 * machine (docs/local-gateway.md). Bundled for Node by ./vite.config.ts into build/gateway.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createNodeInvoker } from '../runtime/node';
import { projectOf, type Project } from './project';
import { lanAddresses, startGateway, type GatewayServer } from './server';
import { createWorkerInvoker } from './worker-invoker';

const USAGE = `Usage: npm run gateway -- [options]
  --example <id>     chat (default), http-orders or rest-orders
  --lesson <slug>    a lesson's start files (e.g. serverless-chat); with --solution, its solution
  --dir <folder>     a project folder: api.json and its handler files, or a folder exported by
                     npm run export-aws / the Export menu (template.yaml and functions/); a
                     folder given without --dir is read the same way
  --share <link>     a share link (…#/share/v1.…) or a .agp.json file
  --port <n>         default 3001 (0: any free port)
  --host <address>   default 127.0.0.1; 0.0.0.0 serves the room's LAN
  --quiet, -q        print only what the handlers log (no trace steps, no START/END/REPORT)
  --admin-loopback   serve the admin page and trace stream to this machine only (default: to
                     every client that reaches the gateway, so a room's playgrounds see every hop)
  --in-process       run handlers in this thread (no worker threads, no kill on timeout)`;

/** The lines to print once the server listens: what to paste into which client. */
function banner(project: Project, server: GatewayServer, host: string, adminLoopback: boolean): string[] {
  const lines = [`Local API Gateway: ${project.label} (${project.definition.protocolType})`];
  const hosts = host === '0.0.0.0' ? ['127.0.0.1', ...lanAddresses()] : [server.host];
  for (const h of hosts) {
    const swap = (url: string) => url.replace(`//${new URL(server.origin).host}`, `//${h}:${server.port}`);
    lines.push(
      `  ${project.definition.protocolType === 'WEBSOCKET' ? 'WebSocket' : 'Endpoint '}  ${swap(server.urls.client)}`,
    );
    if (server.urls.connections) lines.push(`  @connections ${swap(server.urls.connections)}/{connectionId}`);
    if (!adminLoopback || h === '127.0.0.1') lines.push(`  Admin page   ${swap(server.urls.admin)}`);
  }
  const url = server.urls.client;
  if (server.urls.connections) {
    lines.push('', `  wscat -c ${url}`, `  curl -X POST -d 'hello' ${server.urls.connections}/<connectionId>`);
  } else lines.push('', `  curl -i ${url}/`);
  lines.push(
    '',
    "  In the playground: switch to real mode and paste the URL above (the page's own Host and",
    '  stage must match); its diagram then shows the backend hops too (from the admin trace stream).',
    '  Ctrl+C stops the gateway: every open connection gets $disconnect, then 1001.',
  );
  if (host !== '127.0.0.1' && host !== '::1' && host !== 'localhost' && !adminLoopback)
    lines.push(
      '  The admin page and its trace (every message and handler log) are open to everyone who reaches',
      '  this gateway; --admin-loopback keeps them on this machine.',
    );
  return lines;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      example: { type: 'string' },
      lesson: { type: 'string' },
      solution: { type: 'boolean' },
      dir: { type: 'string' },
      share: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      'in-process': { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
      'admin-loopback': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  // A folder may be given without --dir.
  const project = await projectOf({ ...values, dir: values.dir ?? positionals[0] });
  const host = values.host ?? '127.0.0.1';
  const port = values.port === undefined ? 3001 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0–65535, got ${values.port}`);
  const server = await startGateway({
    definition: project.definition,
    files: project.files,
    host,
    port,
    adminDir: fileURLToPath(new URL('./admin/', import.meta.url)),
    adminLoopbackOnly: values['admin-loopback'] ?? false,
    createInvoker: values['in-process']
      ? createNodeInvoker
      : (o) => createWorkerInvoker({ ...o, workerUrl: new URL('./worker.js', import.meta.url) }),
  });
  console.log(banner(project, server, host, values['admin-loopback'] ?? false).join('\n'));
  // The log: every trace step as one line (handler logs included), as the page's trace shows it.
  server.api.trace.subscribe((e) => {
    // Quiet: only what the handlers wrote (START/END/REPORT are one line each per invocation, a
    // tenth of the main thread under the load bench's 1,000 clients).
    if (values.quiet && (e.kind !== 'lambda.log' || e.level === 'platform')) return;
    console.log(`${new Date(e.t).toISOString().slice(11, 23)} ${e.from} → ${e.to}  ${e.summary}`);
  });
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log('\nStopping: $disconnect for each open connection, then 1001 Going away…');
    server.close().then(
      () => process.exit(0),
      (e) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  console.error(USAGE);
  process.exit(1);
});
