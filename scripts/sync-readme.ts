import { readFileSync, writeFileSync } from 'node:fs';
import { withKnownDifferences } from './readme-known-differences.ts';

const readme = readFileSync('README.md', 'utf8');
writeFileSync('README.md', withKnownDifferences(readme));
console.log('README.md: known differences updated');
