/**
 * `npm run bundle` (scripts/bundle.ts): the zip a trainer hands out holds the built site, the
 * hosted site's headers and a server that needs only Node; that server serves the site at the
 * root of localhost with the right content types and caching, and nothing outside site/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { bundleSite } from '../scripts/bundle.ts';
import { CONTENT_SECURITY_POLICY } from '../deploy/headers.ts';

const work = mkdtempSync(join(tmpdir(), 'agp-bundle-'));
const dist = join(work, 'dist');
mkdirSync(join(dist, 'assets'), { recursive: true });
writeFileSync(join(dist, 'index.html'), '<!doctype html><title>playground</title>');
writeFileSync(join(dist, 'mockServiceWorker.js'), 'self.__AGP_OFFLINE__ = {};');
writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log("hi")');
writeFileSync(join(work, 'secret.txt'), 'not the site');

let server: ChildProcess | undefined;
/** Where the first test's server listens, e.g. http://127.0.0.1:41234/ */
let served = '';
afterAll(() => server?.kill());

describe('npm run bundle', () => {
  const out = join(work, 'out', 'bundle.zip');

  it('zips the site, serve.mjs, the headers and a README into one folder', () => {
    expect(bundleSite({ dist, out })).toMatchObject({ files: 3 });
    // Folder entries (names ending in /) aside.
    const entries = unzipSync(readFileSync(out), { filter: (f) => !f.name.endsWith('/') });
    expect(Object.keys(entries).sort()).toEqual([
      'api-gateway-playground/README.txt',
      'api-gateway-playground/headers.json',
      'api-gateway-playground/serve.mjs',
      'api-gateway-playground/site/assets/index-abc123.js',
      'api-gateway-playground/site/index.html',
      'api-gateway-playground/site/mockServiceWorker.js',
    ]);
    expect(JSON.parse(strFromU8(entries['api-gateway-playground/headers.json']))).toMatchObject({
      'content-security-policy': CONTENT_SECURITY_POLICY,
    });
    expect(strFromU8(entries['api-gateway-playground/README.txt'])).toContain('node serve.mjs');
    // Unzipped where a learner would put it, beside a file that is not the site's.
    for (const [name, bytes] of Object.entries(entries)) {
      const file = join(work, 'usb', name);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, bytes);
    }
    writeFileSync(join(work, 'usb', 'api-gateway-playground', 'secret.txt'), 'beside the site');
  });

  it('refuses a folder that holds no built site', () => {
    expect(() => bundleSite({ dist: join(work, 'nothing'), out })).toThrow(/holds no built site: run `npm run build`/);
  });

  it('serves the unzipped site with Node alone: index at /, types, caching, headers, nothing outside site/', async () => {
    server = spawn(process.execPath, ['serve.mjs', '--port', '0'], {
      cwd: join(work, 'usb', 'api-gateway-playground'),
    });
    const [line] = await new Promise<string[]>((resolve, reject) => {
      createInterface({ input: server!.stdout! }).once('line', (l) => resolve([l]));
      server!.once('exit', (code) => reject(new Error(`serve.mjs exited (${code})`)));
      server!.once('error', reject);
    });
    const base = /(http:\/\/localhost:\d+\/)/.exec(line)?.[1];
    expect(base).toBeDefined();
    const url = base!.replace('localhost', '127.0.0.1');
    served = url;

    const index = await fetch(url);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(index.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await index.text()).toContain('playground');

    const worker = await fetch(`${url}mockServiceWorker.js`);
    expect(worker.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(worker.headers.get('cache-control')).toBe('no-cache');
    const chunk = await fetch(`${url}assets/index-abc123.js`);
    expect(chunk.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

    for (const outside of ['../secret.txt', '%2e%2e/secret.txt', '..%2fsecret.txt'])
      expect((await fetch(`${url}${outside}`)).status).toBe(404);
    expect((await fetch(`${url}missing.js`)).status).toBe(404);
  });

  it('says clearly when the port is taken', async () => {
    expect(served).not.toBe('');
    const port = Number(new URL(served).port);
    const second = spawn(process.execPath, ['serve.mjs', '--port', String(port)], {
      cwd: join(work, 'usb', 'api-gateway-playground'),
    });
    let stderr = '';
    second.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`Port ${port} is already in use: try another one`));
  });
});
