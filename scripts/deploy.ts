#!/usr/bin/env node
/**
 * Uploads the built site (dist/) to the S3 bucket of deploy/site.yaml's stack and refreshes
 * CloudFront, through the AWS CLI:
 *
 *   npm run deploy -- --bucket <BucketName> --distribution <DistributionId> [--prefix workshops/apigw] [--dry-run]
 *
 * Hashed files (assets/) are uploaded with a year's immutable Cache-Control and never deleted
 * (a tab still open on the previous index.html can still load its chunks); every other file with
 * no-cache, and files no longer built are deleted. index.html and mockServiceWorker.js get their
 * content types set explicitly (a browser refuses a service worker with the wrong one). `--dry-run`
 * prints the commands instead of running them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { cacheControlFor } from '../deploy/headers.ts';

const USAGE =
  'Usage: npm run deploy -- --bucket <BucketName> --distribution <DistributionId> [--prefix <folder>] [--dist <dir>] [--dry-run]';

/** The AWS CLI commands, as argument lists, for one deployment. */
export interface DeployOptions {
  bucket: string;
  distribution: string;
  prefix?: string;
  dist?: string;
}

export function deployCommands({ bucket, distribution, prefix = '', dist = 'dist' }: DeployOptions): string[][] {
  const folder = prefix.replace(/^\/+|\/+$/g, '');
  const target = `s3://${bucket}${folder ? `/${folder}` : ''}`;
  const path = (p: string) => `${folder ? `/${folder}` : ''}/${p}`;
  return [
    ['s3', 'sync', join(dist, 'assets'), `${target}/assets`, '--cache-control', cacheControlFor('assets/x.js')],
    ['s3', 'sync', dist, target, '--exclude', 'assets/*', '--delete', '--cache-control', cacheControlFor('index.html')],
    [
      's3',
      'cp',
      join(dist, 'index.html'),
      `${target}/index.html`,
      '--content-type',
      'text/html; charset=utf-8',
      '--cache-control',
      cacheControlFor('index.html'),
    ],
    [
      's3',
      'cp',
      join(dist, 'mockServiceWorker.js'),
      `${target}/mockServiceWorker.js`,
      '--content-type',
      'text/javascript; charset=utf-8',
      '--cache-control',
      cacheControlFor('mockServiceWorker.js'),
    ],
    ['cloudfront', 'create-invalidation', '--distribution-id', distribution, '--paths', path('*')],
  ];
}

/** An argument list as one line a shell would read back the same. */
export function shellLine(args: string[]): string {
  return ['aws', ...args].map((a) => (/^[\w./:=@,+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      bucket: { type: 'string' },
      distribution: { type: 'string' },
      prefix: { type: 'string', default: '' },
      dist: { type: 'string', default: 'dist' },
      'dry-run': { type: 'boolean', default: false },
    },
  }).values;
}

function main(argv: string[]): number {
  let values: ReturnType<typeof parse>;
  try {
    values = parse(argv);
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!values.bucket || !values.distribution) {
    console.error(
      `--bucket and --distribution are required (the stack's BucketName and DistributionId outputs).\n${USAGE}`,
    );
    return 2;
  }
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(values.bucket)) {
    console.error(`"${values.bucket}" is not an S3 bucket name.`);
    return 2;
  }
  if (!/^([A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*)?$/.test(values.prefix.replace(/^\/+|\/+$/g, ''))) {
    console.error(`"${values.prefix}" is not a folder name (letters, digits, . _ - and / between parts).`);
    return 2;
  }
  const dist = resolve(values.dist);
  if (!existsSync(join(dist, 'index.html')) || !existsSync(join(dist, 'mockServiceWorker.js'))) {
    console.error(`${values.dist}/ holds no built site: run \`npm run build\` first.`);
    return 1;
  }
  const commands = deployCommands({ ...values, bucket: values.bucket, distribution: values.distribution });
  if (values['dry-run']) {
    console.log('Dry run: these commands would run.');
    for (const c of commands) console.log(shellLine(c));
    return 0;
  }
  for (const c of commands) {
    console.log(`$ ${shellLine(c)}`);
    const run = spawnSync('aws', c, { stdio: 'inherit' });
    if (run.error) {
      console.error(`Could not run the AWS CLI (${run.error.message}). Install it and configure credentials.`);
      return 1;
    }
    if (run.status !== 0) return run.status ?? 1;
  }
  const folder = values.prefix.replace(/^\/+|\/+$/g, '');
  console.log(`Deployed. The site is at https://<your distribution's domain>/${folder ? `${folder}/` : ''}`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(main(process.argv.slice(2)));
