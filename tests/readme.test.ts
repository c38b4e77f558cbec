import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withKnownDifferences } from '../scripts/readme-known-differences.ts';
import { KNOWN_DIFFERENCES } from '../src/gateway';

describe('README', () => {
  const readme = readFileSync('README.md', 'utf8');

  it('lists every known difference the app labels in its UI (run `npm run docs:sync` to update)', () => {
    expect(readme).toBe(withKnownDifferences(readme));
    for (const d of Object.values(KNOWN_DIFFERENCES)) expect(readme).toContain(d.title);
  });

  it('gives a quick start of exactly two commands: one starts the playground, one runs every test', () => {
    const quick = readme.split('## Quick start')[1].split('\n## ')[0];
    const commands = [...quick.matchAll(/^npm .*$/gm)].map((m) => m[0].split('#')[0].trim());
    expect(commands).toEqual(['npm ci && npm run dev', 'npm ci && npm test']);
  });
});
