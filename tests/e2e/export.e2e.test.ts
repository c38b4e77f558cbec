/**
 * Export and import, on the built site under a sub-path: after traffic in the chat example, the
 * diagram saves as a standalone SVG (well-formed XML, the labels, no script, none of the view's
 * overlays) and as a PNG at 2×, its Mermaid text copies, the Markdown holds the mermaid block and
 * the numbered steps, and the trace saves as JSON that imports back to the same diagram. A hostile
 * trace file imports without anything running; a malformed one is refused naming what is wrong,
 * and nothing shown changes. Served with the hosting headers (deploy/headers.ts). Needs `npm run build` first.
 */
import { readFile } from 'node:fs/promises';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { StaticServer } from '../support/static-server.ts';
import { useBuiltSite } from '../support/e2e-site.ts';
import { SECURITY_HEADERS } from '../../deploy/headers.ts';
import { CLEAN, evidence, instrument, markupIn, XSS } from '../support/hostile.ts';

let server: StaticServer;
let page: Page;
let pageErrors: string[];

// Served with the hosting headers (the CSP among them), so the PNG's blob: image is allowed there too.
useBuiltSite(
  { viewport: { width: 1440, height: 900 }, headers: SECURITY_HEADERS },
  (site) => ({ server, page, pageErrors } = site),
);

const client = (name: string) => page.getByTestId(`client-${name}`);
const diagram = () => page.locator('[data-testid=diagram]');

async function connect(c: Locator) {
  await c.getByTestId('connect').click();
  await c.locator('[data-testid=frames] li[data-kind=open]').last().waitFor({ timeout: 30_000 });
}

async function send(c: Locator, text: string) {
  await c.getByTestId('message-input').fill(text);
  await c.getByTestId('message-input').press('Enter');
}

/** The live diagram has drawn a label holding `text`. */
const drawn = (text: string) =>
  page.waitForFunction((t) => document.querySelector('[data-testid=diagram] svg')?.textContent?.includes(t), text, {
    timeout: 20_000,
  });

/** The chat example with Alice and Bob connected and one message broadcast, drawn. */
async function chat() {
  await page.goto(server.url);
  await page.locator('[data-testid=deploy-status][data-status=deployed]').waitFor({ timeout: 30_000 });
  await connect(client('Alice'));
  await connect(client('Bob'));
  await send(client('Alice'), '{"action":"sendmessage","data":"hello Bob"}');
  await client('Bob').locator('[data-testid=frames] li[data-kind=received]', { hasText: 'hello Bob' }).waitFor();
  await drawn('hello Bob');
  await page.locator('[data-testid=diagram][data-state=idle]').waitFor({ timeout: 20_000 });
}

/** Opens the Export list and clicks `item`. */
async function choose(item: string) {
  await page.getByTestId('export-toggle').click();
  await page.getByTestId(item).click();
}

/** The file the learner downloads by choosing `item`, as bytes, and its suggested name. */
async function download(item: string): Promise<{ name: string; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), choose(item)]);
  return { name: d.suggestedFilename(), bytes: await readFile((await d.path())!) };
}

/** What the messages and notes of the diagram on screen say, in the order of its text (the view numbers its steps). */
const shownLabels = () =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll<SVGGElement>('[data-testid=diagram] svg .agp-step'))
      .sort((a, b) => Number(a.dataset.step) - Number(b.dataset.step))
      .map((g) => Array.from(g.querySelectorAll('.messageText, .noteText'), (t) => t.textContent).join(' ')),
  );

/** An SVG file read as XML in the page: whether it parsed, its root, size and text, and anything that could run or is the view's. */
function inspectSvg(source: string) {
  return page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const root = doc.documentElement;
    const all = Array.from(doc.querySelectorAll('*'));
    const attrs = all.flatMap((el) => Array.from(el.attributes));
    return {
      errors: doc.getElementsByTagName('parsererror').length,
      root: `${root.namespaceURI} ${root.localName}`,
      width: Number(root.getAttribute('width')),
      text: root.textContent ?? '',
      scripts: doc.getElementsByTagName('script').length,
      foreign: doc.querySelectorAll('foreignObject, iframe, object, embed, img, a').length,
      handlers: attrs.filter((a) => /^on/i.test(a.name)).map((a) => a.name),
      links: attrs.filter((a) => /href$|^src$/i.test(a.name) && !a.value.startsWith('#')).map((a) => a.value),
      overlays: doc.querySelectorAll('.agp-step, .agp-newest, .agp-selected, [data-step], button').length,
      styles: doc.getElementsByTagName('style').length,
    };
  }, source);
}

/** Nothing in an SVG file that could run, link out or belongs to the view. */
const INERT = {
  errors: 0,
  root: 'http://www.w3.org/2000/svg svg',
  scripts: 0,
  foreign: 0,
  handlers: [],
  links: [],
  overlays: 0,
};

/** Imports a trace file as the learner would, through the Export list's file input. */
async function importFile(name: string, text: string) {
  await page
    .getByTestId('import-file')
    .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

describe('exporting the diagram and the trace', () => {
  it('saves a standalone SVG with the labels and no script or overlays, and a PNG at twice its size', async () => {
    await chat();
    // A step selected in the view: its outline must not reach the file.
    await diagram().locator('.agp-step').first().click();

    const svg = await download('export-svg');
    expect(svg.name).toMatch(/^api-gateway-playground-diagram-\d{4}-\d\d-\d\dT\d\d-\d\d\.svg$/);
    const text = svg.bytes.toString('utf8');
    const parsed = await inspectSvg(text);
    expect(parsed).toMatchObject(INERT);
    expect(parsed.styles).toBeGreaterThan(0);
    for (const label of ['Alice', 'Bob', 'API Gateway', 'hello Bob']) expect(parsed.text).toContain(label);
    expect(parsed.width).toBeGreaterThan(100);

    const png = await download('export-png');
    expect(png.name).toMatch(/\.png$/);
    const size = await page.evaluate(async (b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      return { width: bitmap.width, height: bitmap.height };
    }, png.bytes.toString('base64'));
    expect(size.width).toBe(Math.round(parsed.width * 2));
    await expect(page.getByTestId('export-message').textContent()).resolves.toContain(png.name);
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('copies the Mermaid text of the diagram on screen, and writes Markdown with it and the numbered steps', async () => {
    await page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
    await chat();
    await choose('export-mermaid');
    await page.getByTestId('export-message').getByText('Copied the Mermaid text').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied.startsWith('---') || copied.startsWith('sequenceDiagram')).toBe(true);

    // The copied text draws what is on screen: its message and note labels, decoded, in order.
    const labels = copied
      .split('\n')
      .map((l) => /^(?:\w+(?:-{1,2}>>|-{1,2}x|-\))\w+|Note over [\w,]+): (.*)$/.exec(l)?.[1])
      .filter((l): l is string => l !== undefined)
      .map((l) => l.replace(/#(\d+);/g, (_, n) => String.fromCodePoint(Number(n))));
    expect(labels).toEqual(await shownLabels());

    const md = (await download('export-markdown')).bytes.toString('utf8');
    expect(md).toContain(`\`\`\`mermaid\n${copied.trimEnd()}\n\`\`\``);
    const steps = md.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(steps.length).toBeGreaterThan(5);
    expect(steps.map((l) => Number(l.split('.')[0]))).toEqual(steps.map((_, i) => i + 1));
    expect(steps.some((l) => l.startsWith('1. Alice → API Gateway: '))).toBe(true);
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('exports the diagram up to the timeline step while replaying, and says so', async () => {
    await page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
    await chat();
    const live = await shownLabels();
    // Back to the first steps: the broadcast of "hello Bob" is not drawn any more.
    await page.getByTestId('timeline-first').click();
    await page.waitForFunction(
      () => !document.querySelector('[data-testid=diagram] svg')?.textContent?.includes('hello Bob'),
      null,
      { timeout: 20_000 },
    );
    await page.locator('[data-testid=diagram][data-state=idle]').waitFor({ timeout: 20_000 });
    const replayed = await shownLabels();
    expect(replayed.length).toBeLessThan(live.length);
    await page.getByTestId('export-toggle').click();
    await expect(page.getByTestId('export-at-step').textContent()).resolves.toMatch(/up to step 1\b/);
    await page.getByTestId('export-mermaid').click();
    await page.getByTestId('export-message').getByText('Copied the Mermaid text').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).not.toContain('hello Bob');
    const md = (await download('export-markdown')).bytes.toString('utf8');
    // The caption is Markdown-escaped (`\:`).
    expect(md).toMatch(/replaying\\?: the trace up to step 1\b/);
    expect(md).not.toContain('hello Bob');
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('saves the trace as JSON that imports back to the same diagram, shown until Back to live', async () => {
    await chat();
    const before = await shownLabels();
    const file = await download('export-trace');
    expect(file.name).toMatch(/^api-gateway-playground-trace-\d{4}-\d\d-\d\dT\d\d-\d\d\.json$/);
    const doc = JSON.parse(file.bytes.toString('utf8'));
    expect(doc).toMatchObject({ format: 'api-gateway-playground-trace', v: 1, droppedEvents: 0 });
    expect(doc.events.length).toBeGreaterThan(10);

    // The live trace moves on, so the import has to be what draws the old diagram.
    await send(client('Bob'), '{"action":"sendmessage","data":"after the export"}');
    await drawn('after the export');

    await importFile(file.name, file.bytes.toString('utf8'));
    await page.getByTestId('imported-banner').getByText(`Showing the imported trace ${file.name}`).waitFor();
    await expect.poll(shownLabels, { timeout: 20_000 }).toEqual(before);

    await page.getByTestId('back-to-live').click();
    await page.getByTestId('imported-banner').waitFor({ state: 'detached' });
    await drawn('after the export');
    expect(pageErrors).toEqual([]);
  }, 180_000);
});

describe('importing a trace file', () => {
  it('shows a hostile trace as text: nothing runs, no markup reaches the page', async () => {
    const dialogs: string[] = [];
    await instrument(page, dialogs);
    await chat();
    const doc = JSON.parse((await download('export-trace')).bytes.toString('utf8'));
    // Every payload in every summary, frame text and client name.
    doc.events = doc.events.map((e: Record<string, unknown>, i: number) => {
      const xss = XSS[i % XSS.length];
      const out: Record<string, unknown> = { ...e, summary: `${xss} ${e.summary}` };
      if (typeof e.text === 'string') out.text = `${xss}`;
      for (const k of ['from', 'to'] as const)
        if (typeof e[k] === 'string' && (e[k] as string).startsWith('client:')) out[k] = `${e[k]}${xss}`;
      return out;
    });
    await importFile('<img src=x onerror="window.__pwned=1">.json', JSON.stringify(doc));
    await page.getByTestId('imported-banner').waitFor();
    await page.waitForFunction(
      () => document.querySelector('[data-testid=diagram] svg')?.textContent?.includes('<img'),
      null,
      { timeout: 20_000 },
    );
    await page.locator('[data-testid=diagram][data-state=idle]').waitFor({ timeout: 20_000 });
    // Exports of the hostile trace stay inert too.
    const svg = await inspectSvg((await download('export-svg')).bytes.toString('utf8'));
    expect(svg).toMatchObject(INERT);
    expect(svg.text).toContain('<img src=x');
    const md = (await download('export-markdown')).bytes.toString('utf8');
    expect(md).not.toMatch(/<img|<script|\]\(javascript/i);

    expect(await markupIn(page, '[data-testid=diagram-panel]', 'img, script, iframe, a[href], b, strong em')).toEqual(
      [],
    );
    expect(await evidence(page)).toEqual({ ...CLEAN, dialogs });
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('refuses a malformed file naming what is wrong, and changes nothing shown', async () => {
    await chat();
    const text = (await download('export-trace')).bytes.toString('utf8');
    const tag = await diagram().getAttribute('data-tag');
    const labels = await shownLabels();

    const cases: [string, (d: { v: unknown; events: Record<string, unknown>[] }) => void, RegExp][] = [
      [
        'unknown-kind.json',
        (d) => (d.events[11]!.kind = 'ws.teleport'),
        /event 12 \(seq \d+\): unknown kind "ws.teleport"/,
      ],
      ['wrong-version.json', (d) => (d.v = 99), /Unsupported trace version 99: this playground reads version 1\./],
      [
        'bad-field.json',
        (d) => (d.events[0]!.summary = 42),
        /event 1 \(seq 1\): \(ws\.upgrade\) "summary" must be a string, not a number/,
      ],
    ];
    for (const [name, change, error] of cases) {
      const doc = JSON.parse(text);
      change(doc);
      await importFile(name, JSON.stringify(doc));
      await page.getByTestId('export-message').getByText(`Could not import ${name}`).waitFor();
      await expect(page.getByTestId('export-message').textContent()).resolves.toMatch(error);
      await expect(page.getByTestId('export-message').getByRole('alert').count()).resolves.toBe(1);
    }
    await importFile('not-json.json', '{"v":1,');
    await page
      .getByTestId('export-message')
      .getByText('Could not import not-json.json: The file is not valid JSON')
      .waitFor();

    expect(await page.getByTestId('imported-banner').count()).toBe(0);
    expect(await diagram().getAttribute('data-tag')).toBe(tag);
    expect(await shownLabels()).toEqual(labels);
    expect(pageErrors).toEqual([]);
  }, 180_000);
});

describe('exporting the API to AWS', () => {
  it('saves the chat example as a SAM project zip: template, compiled handlers, README with the deploy steps', async () => {
    await chat();
    const { name, bytes } = await download('export-aws');
    expect(name).toBe('serverless-chat-sam.zip');
    const files = unzipSync(new Uint8Array(bytes));
    expect(Object.keys(files).sort()).toEqual(
      [
        'README.md',
        'functions/default.js',
        'functions/onconnect.js',
        'functions/ondisconnect.js',
        'functions/package.json',
        'functions/sendmessage.js',
        'template.yaml',
      ].map((p) => `serverless-chat-sam/${p}`),
    );
    const template = strFromU8(files['serverless-chat-sam/template.yaml']);
    expect(template).toContain('Runtime: nodejs22.x');
    expect(template).toContain('RouteSelectionExpression: $request.body.action');
    expect(strFromU8(files['serverless-chat-sam/functions/sendmessage.js'])).toContain(
      "require('@aws-sdk/client-apigatewaymanagementapi')",
    );
    expect(strFromU8(files['serverless-chat-sam/README.md'])).toContain('sam deploy --guided');
    await expect
      .poll(() => page.getByTestId('export-message').textContent())
      .toContain('Saved serverless-chat-sam.zip');
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
