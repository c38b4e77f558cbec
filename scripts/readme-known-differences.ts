/**
 * Keeps the README's "Known differences from AWS" list in step with the catalogue the app
 * labels in its UI (src/gateway/core/known-differences.ts). `npm run docs:sync` rewrites the block;
 * tests/readme.test.ts fails when it is stale.
 */
// The catalogue file itself, not the gateway's entry: `npm run docs:sync` runs this under plain
// Node, which resolves neither a directory import nor the entry's extensionless ones.
import { KNOWN_DIFFERENCES } from '../src/gateway/core/known-differences.ts';

export const START = '<!-- known-differences:start -->';
export const END = '<!-- known-differences:end -->';

export function knownDifferencesMarkdown(): string {
  return Object.values(KNOWN_DIFFERENCES)
    .map((d) => `- **${d.title}.** ${d.choice}`)
    .join('\n');
}

export function withKnownDifferences(readme: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md must contain ${START} … ${END}`);
  return `${readme.slice(0, a + START.length)}\n${knownDifferencesMarkdown()}\n${readme.slice(b)}`;
}
